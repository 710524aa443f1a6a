package org.ditjava.io.torch;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes protocol-2 pickle opcodes, for checkpoints the tests build themselves (no Python here). */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter proto() {
        return op(0x80).op(2);
    }

    PickleWriter global(String module, String name) {
        op('c');
        raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleWriter stackGlobal(String module, String name) {
        return str(module).str(name).op(0x93);
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        raw(le(b.length, 4));
        raw(b);
        return this;
    }

    PickleWriter integer(long v) {
        if (v >= 0 && v < (1L << 31)) {
            op('J');
            return raw(le(v, 4));
        }
        byte[] be = BigInteger.valueOf(v).toByteArray();
        op(0x8a).op(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
        return this;
    }

    PickleWriter bigInteger(BigInteger v) {
        byte[] be = v.toByteArray();
        op(0x8a).op(be.length);
        for (int i = be.length - 1; i >= 0; i--) {
            out.write(be[i]);
        }
        return this;
    }

    PickleWriter ints(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return tuple();
    }

    PickleWriter none() {
        return op('N');
    }

    PickleWriter falseValue() {
        return op(0x89);
    }

    PickleWriter trueValue() {
        return op(0x88);
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter emptyList() {
        return op(']');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter binpersid() {
        return op('Q');
    }

    PickleWriter setItem() {
        return op('s');
    }

    PickleWriter setItems() {
        return op('u');
    }

    PickleWriter appends() {
        return op('e');
    }

    PickleWriter stop() {
        return op('.');
    }

    PickleWriter op(int code) {
        out.write(code);
        return this;
    }

    PickleWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    static byte[] le(long v, int width) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v);
        byte[] r = new byte[width];
        System.arraycopy(b.array(), 0, r, 0, width);
        return r;
    }
}
