package org.ditjava.io.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ditjava.io.TensorFileException;

/**
 * A restricted unpickler for what {@code torch.save} writes (pickle protocols 0 to 5). Python values
 * become plain Java ones: {@code None} → {@code null}, int → {@link Long} (or {@link BigInteger}),
 * float → {@link Double}, str → {@link String}, bytes → {@code byte[]}, tuple → unmodifiable
 * {@link List}, list → {@link ArrayList}, dict and OrderedDict → {@link LinkedHashMap}, set →
 * {@link LinkedHashSet}; tensors → {@link TorchTensor}, {@code argparse.Namespace} → {@link PyObject}.
 *
 * <p>Safety: a {@code GLOBAL} / {@code STACK_GLOBAL} name goes to the {@link GlobalResolver}, which
 * refuses anything but the allow-list <em>when the name is read</em>, before any argument is looked
 * at or any object built; calling a global runs only {@link GlobalCalls}. The opcodes that need an
 * arbitrary class ({@code INST}, {@code OBJ}, {@code EXT*}) and out-of-band buffers are refused.
 * Reference: CPython {@code Lib/pickle.py} and {@code Lib/pickletools.py}; torch {@code serialization.py}.
 */
final class Unpickler {
    private final PickleInput in;
    private final GlobalResolver resolver;
    private final PersistentLoader loader;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    /** Turns a persistent id (the tuple {@code torch.save}'s {@code persistent_id} wrote) into an object. */
    @FunctionalInterface
    interface PersistentLoader {
        Object load(Object pid) throws IOException;
    }

    Unpickler(PickleInput in, GlobalResolver resolver, PersistentLoader loader) {
        this.in = in;
        this.resolver = resolver;
        this.loader = loader;
    }

    /** Runs the pickle to its {@code STOP} and returns the object it built. */
    Object load() throws IOException {
        while (true) {
            long at = in.position();
            int op = in.readByte();
            if (op == '.') {
                return pop(at);
            }
            try {
                step(op, at);
            } catch (ClassCastException | IndexOutOfBoundsException | IllegalArgumentException e) {
                throw malformed(at, "opcode " + opName(op) + ": " + e.getMessage(), e);
            }
        }
    }

    private void step(int op, long at) throws IOException {
        switch (op) {
            case 0x80 -> in.readByte();                                 // PROTO
            case 0x95 -> in.readLE(8);                                   // FRAME (length only)
            case '(' -> marks.push(stack.size());                        // MARK
            case '0' -> pop(at);                                         // POP
            case '1' -> popMark(at);                                     // POP_MARK
            case '2' -> push(peek(at));                                  // DUP
            case 'N' -> push(null);
            case 0x88 -> push(Boolean.TRUE);
            case 0x89 -> push(Boolean.FALSE);
            case 'J' -> push((long) (int) in.readLE(4));                // BININT
            case 'K' -> push(in.readLE(1));                              // BININT1
            case 'M' -> push(in.readLE(2));                              // BININT2
            case 0x8a -> push(longOf(in.readBytes(in.readLE(1))));      // LONG1
            case 0x8b -> push(longOf(in.readBytes(signedLength(4, at)))); // LONG4
            case 'G' -> push(ByteBuffer.wrap(in.readBytes(8)).getDouble()); // BINFLOAT (big-endian)
            case 'I' -> push(textInt(in.readLine()));                   // INT
            case 'L' -> push(textLong(in.readLine()));                  // LONG
            case 'F' -> push(Double.parseDouble(in.readLine()));       // FLOAT
            case 'X' -> push(in.readUtf8(in.readLE(4)));                // BINUNICODE
            case 0x8c -> push(in.readUtf8(in.readLE(1)));               // SHORT_BINUNICODE
            case 0x8d -> push(in.readUtf8(in.readLE(8)));               // BINUNICODE8
            case 'V' -> push(in.readLine());                            // UNICODE (raw-unicode-escape; ASCII kept)
            case 'T' -> push(latin1(in.readBytes(signedLength(4, at)))); // BINSTRING
            case 'U' -> push(latin1(in.readBytes(in.readLE(1))));       // SHORT_BINSTRING
            case 'S' -> push(textString(in.readLine(), at));            // STRING
            case 'B' -> push(in.readBytes(in.readLE(4)));                // BINBYTES
            case 'C' -> push(in.readBytes(in.readLE(1)));                // SHORT_BINBYTES
            case 0x8e, 0x96 -> push(in.readBytes(in.readLE(8)));         // BINBYTES8, BYTEARRAY8
            case ')' -> push(List.of());                                 // EMPTY_TUPLE
            case 't' -> push(tuple(popMark(at)));                        // TUPLE
            case 0x85 -> push(tuple(popN(1, at)));                       // TUPLE1
            case 0x86 -> push(tuple(popN(2, at)));                       // TUPLE2
            case 0x87 -> push(tuple(popN(3, at)));                       // TUPLE3
            case ']' -> push(new ArrayList<>());                         // EMPTY_LIST
            case 'l' -> push(new ArrayList<>(popMark(at)));              // LIST
            case 'a' -> append(at);                                      // APPEND
            case 'e' -> appends(at);                                     // APPENDS
            case '}' -> push(new LinkedHashMap<>());                     // EMPTY_DICT
            case 'd' -> push(dictOf(popMark(at), new LinkedHashMap<>(), at)); // DICT
            case 's' -> setItems(popN(2, at), at);                       // SETITEM
            case 'u' -> setItems(popMark(at), at);                       // SETITEMS
            case 0x8f -> push(new LinkedHashSet<>());                    // EMPTY_SET
            case 0x90 -> addItems(at);                                   // ADDITEMS
            case 0x91 -> push(Collections.unmodifiableSet(new LinkedHashSet<>(popMark(at)))); // FROZENSET
            case 'g' -> push(memoGet(Long.parseLong(in.readLine().trim()), at)); // GET
            case 'h' -> push(memoGet(in.readLE(1), at));                 // BINGET
            case 'j' -> push(memoGet(in.readLE(4), at));                 // LONG_BINGET
            case 'p' -> memo.put(Long.parseLong(in.readLine().trim()), peek(at)); // PUT
            case 'q' -> memo.put(in.readLE(1), peek(at));                // BINPUT
            case 'r' -> memo.put(in.readLE(4), peek(at));                // LONG_BINPUT
            case 0x94 -> memo.put((long) memo.size(), peek(at));         // MEMOIZE
            case 'c' -> push(global(in.readLine(), in.readLine(), at));  // GLOBAL
            case 0x93 -> stackGlobal(at);                                // STACK_GLOBAL
            case 'R' -> reduce(at);                                      // REDUCE
            case 0x81 -> newObj(pop(at), pop(at), at);                   // NEWOBJ: args, then cls
            case 0x92 -> newObjEx(at);                                   // NEWOBJ_EX
            case 'b' -> build(at);                                       // BUILD
            case 'Q' -> push(loader.load(pop(at)));                      // BINPERSID
            case 'P' -> push(loader.load(in.readLine()));                // PERSID
            default -> throw malformed(at, "opcode " + opName(op) + " is not allowed in a checkpoint"
                    + " (it would need an arbitrary class, an extension registry or an out-of-band buffer)", null);
        }
    }

    private Object global(String module, String name, long at) throws UnsafeCheckpointException {
        try {
            return resolver.resolve(module, name);
        } catch (UnsafeCheckpointException e) {
            throw new UnsafeCheckpointException(in.file(), e.global(), at);
        }
    }

    private void stackGlobal(long at) throws IOException {
        Object name = pop(at);
        Object module = pop(at);
        if (!(module instanceof String m) || !(name instanceof String n)) {
            throw malformed(at, "STACK_GLOBAL needs two strings", null);
        }
        push(global(m, n, at));
    }

    private void reduce(long at) throws IOException {
        Object args = pop(at);
        Object callable = pop(at);
        if (!(callable instanceof CheckpointGlobal g)) {
            throw malformed(at, "REDUCE calls " + describe(callable) + ", which is not callable here", null);
        }
        push(GlobalCalls.call(g, tupleArgs(args, at), in.file()));
    }

    private void newObjEx(long at) throws IOException {
        Object kwargs = pop(at);
        Object args = pop(at);
        if (!(kwargs instanceof Map<?, ?> kw) || !kw.isEmpty()) {
            throw malformed(at, "NEWOBJ_EX with keyword arguments is not supported", null);
        }
        newObj(args, pop(at), at);
    }

    private void newObj(Object args, Object cls, long at) throws IOException {
        if (!(cls instanceof CheckpointGlobal g)) {
            throw malformed(at, "NEWOBJ of " + describe(cls) + ", which is not a class here", null);
        }
        push(GlobalCalls.instantiate(g, tupleArgs(args, at), in.file()));
    }

    /** {@code BUILD}: attributes of a Namespace are kept; a dict's attributes (a state dict's {@code _metadata}) are dropped. */
    private void build(long at) throws IOException {
        Object state = pop(at);
        Object target = peek(at);
        if (target instanceof Map<?, ?>) {
            return;
        }
        if (target instanceof PyObject obj) {
            Object dict = state instanceof List<?> pair && pair.size() == 2 ? pair.get(0) : state;
            if (dict instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> kv : m.entrySet()) {
                    obj.set(String.valueOf(kv.getKey()), kv.getValue());
                }
                return;
            }
        }
        throw malformed(at, "BUILD on " + describe(target) + " with state " + describe(state) + " is not supported", null);
    }

    private void append(long at) throws IOException {
        Object item = pop(at);
        listOf(peek(at), at).add(item);
    }

    private void appends(long at) throws IOException {
        List<Object> items = popMark(at);
        listOf(peek(at), at).addAll(items);
    }

    private void addItems(long at) throws IOException {
        List<Object> items = popMark(at);
        if (!(peek(at) instanceof Set<?> s)) {
            throw malformed(at, "ADDITEMS on " + describe(peek(at)), null);
        }
        @SuppressWarnings("unchecked") Set<Object> set = (Set<Object>) s;
        set.addAll(items);
    }

    private void setItems(List<Object> kv, long at) throws IOException {
        dictOf(kv, peek(at), at);
    }

    private Map<Object, Object> dictOf(List<Object> kv, Object target, long at) throws IOException {
        if (!(target instanceof LinkedHashMap<?, ?> m) || kv.size() % 2 != 0) {
            throw malformed(at, "SETITEM(S) on " + describe(target) + " with " + kv.size() + " items", null);
        }
        @SuppressWarnings("unchecked") Map<Object, Object> map = (Map<Object, Object>) m;
        for (int i = 0; i < kv.size(); i += 2) {
            map.put(kv.get(i), kv.get(i + 1));
        }
        return map;
    }

    private List<Object> listOf(Object target, long at) throws IOException {
        if (!(target instanceof ArrayList<?> l)) {
            throw malformed(at, "APPEND(S) on " + describe(target), null);
        }
        @SuppressWarnings("unchecked") List<Object> list = (List<Object>) l;
        return list;
    }

    private List<Object> tupleArgs(Object args, long at) throws IOException {
        if (!(args instanceof List<?> l)) {
            throw malformed(at, "call arguments are " + describe(args) + ", not a tuple", null);
        }
        @SuppressWarnings("unchecked") List<Object> list = (List<Object>) l;
        return list;
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object peek(long at) throws IOException {
        int floor = marks.isEmpty() ? 0 : marks.peek();
        if (stack.size() <= floor) {
            throw malformed(at, "stack underflow", null);
        }
        return stack.get(stack.size() - 1);
    }

    private Object pop(long at) throws IOException {
        Object o = peek(at);
        stack.remove(stack.size() - 1);
        return o;
    }

    private List<Object> popN(int n, long at) throws IOException {
        int floor = marks.isEmpty() ? 0 : marks.peek();
        if (stack.size() - n < floor) {
            throw malformed(at, "stack underflow", null);
        }
        List<Object> top = new ArrayList<>(stack.subList(stack.size() - n, stack.size()));
        stack.subList(stack.size() - n, stack.size()).clear();
        return top;
    }

    private List<Object> popMark(long at) throws IOException {
        if (marks.isEmpty()) {
            throw malformed(at, "no MARK on the stack", null);
        }
        int from = marks.pop();
        List<Object> top = new ArrayList<>(stack.subList(from, stack.size()));
        stack.subList(from, stack.size()).clear();
        return top;
    }

    private Object memoGet(long key, long at) throws IOException {
        if (!memo.containsKey(key)) {
            throw malformed(at, "memo key " + key + " was never stored", null);
        }
        return memo.get(key);
    }

    private long signedLength(int width, long at) throws IOException {
        long n = in.readLE(width);
        if (n > Integer.MAX_VALUE) {
            throw malformed(at, "negative or huge length " + n, null);
        }
        return n;
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(items);
    }

    /** A little-endian two's-complement integer, as a Long when it fits. */
    private static Object longOf(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        BigInteger v = new BigInteger(be);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private static Object textInt(String s) {
        return switch (s) {
            case "00" -> Boolean.FALSE;
            case "01" -> Boolean.TRUE;
            default -> Long.parseLong(s.trim());
        };
    }

    private static Object textLong(String s) {
        BigInteger v = new BigInteger(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private Object textString(String s, long at) throws IOException {
        if (s.length() < 2 || s.charAt(0) != s.charAt(s.length() - 1) || (s.charAt(0) != '\'' && s.charAt(0) != '"')) {
            throw malformed(at, "STRING is not quoted", null);
        }
        return s.substring(1, s.length() - 1);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static String describe(Object o) {
        return o == null ? "None" : o instanceof CheckpointGlobal g ? g.qualifiedName()
                : o instanceof TorchDType d ? "torch." + d.storageClass() : o.getClass().getSimpleName();
    }

    private static String opName(int op) {
        return op >= 0x20 && op < 0x7f ? "'" + (char) op + "'" : String.format("0x%02x", op);
    }

    private TensorFileException malformed(long at, String problem, Throwable cause) {
        return new TensorFileException(in.file(), null, "malformed pickle at byte " + at + ": " + problem, cause);
    }
}
