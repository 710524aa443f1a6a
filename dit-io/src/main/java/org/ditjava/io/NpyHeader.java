package org.ditjava.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header of a NumPy {@code .npy} array (format versions 1.0, 2.0 and 3.0): magic, version,
 * header length and the Python dict literal {@code {'descr': '<f4', 'fortran_order': False,
 * 'shape': (2, 3), }}.
 *
 * <p>Reference: {@code numpy/lib/format.py}. Only little-endian (or byte-sized) descriptors of the
 * types in {@link DType} are accepted; structured and object arrays are rejected by name.
 *
 * @param info         element type and shape
 * @param fortranOrder whether the data is stored column-major
 * @param headerBytes  total bytes before the data (magic + version + length field + dict)
 */
public record NpyHeader(TensorInfo info, boolean fortranOrder, int headerBytes) {

    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;
    private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
    private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

    /**
     * Reads a header from {@code in}, leaving the stream at the first data byte.
     *
     * @param file  the file, for messages
     * @param array the array name inside an archive, or {@code null}
     */
    public static NpyHeader read(InputStream in, Path file, String array) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] prefix = new byte[8];
        readFully(data, prefix, file, array, "the 8-byte NumPy preamble");
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                throw new TensorFileException(file, array, "not a NumPy .npy array: wrong magic bytes "
                        + hex(prefix, 6) + " (expected 93 4e 55 4d 50 59, \"\\x93NUMPY\")");
            }
        }
        int major = prefix[6] & 0xff;
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new TensorFileException(file, array,
                    "unsupported .npy format version " + major + "." + (prefix[7] & 0xff) + " (supported: 1.0, 2.0, 3.0)");
        };
        byte[] len = new byte[lengthBytes];
        readFully(data, len, file, array, "the header length");
        ByteBuffer lb = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN);
        long dictLength = lengthBytes == 2 ? lb.getShort() & 0xffff : lb.getInt() & 0xffffffffL;
        if (dictLength > 1 << 24) {
            throw new TensorFileException(file, array, "header length " + dictLength + " bytes is implausible");
        }
        byte[] dict = new byte[(int) dictLength];
        readFully(data, dict, file, array, "the " + dictLength + "-byte header");
        Charset cs = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        String text = new String(dict, cs);
        return new NpyHeader(parseInfo(text, file, array), parseFortran(text, file, array),
                8 + lengthBytes + dict.length);
    }

    /** Encodes this header as NumPy writes it: version 1.0 when it fits, padded to 64 bytes. */
    public static byte[] encode(TensorInfo info) {
        String dict = "{'descr': '" + info.dtype().numpyDescr() + "', 'fortran_order': False, 'shape': "
                + info.shapeString() + ", }";
        byte[] body = dict.getBytes(StandardCharsets.ISO_8859_1);
        boolean v1 = body.length + 1 + 10 + ALIGNMENT <= 0xffff;
        int preamble = v1 ? 10 : 12;
        int padded = ((preamble + body.length + 1 + ALIGNMENT - 1) / ALIGNMENT) * ALIGNMENT;
        ByteBuffer out = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) (v1 ? 1 : 2)).put((byte) 0);
        int dictLength = padded - preamble;
        if (v1) {
            out.putShort((short) dictLength);
        } else {
            out.putInt(dictLength);
        }
        out.put(body);
        while (out.position() < padded - 1) {
            out.put((byte) ' ');
        }
        out.put((byte) '\n');
        return out.array();
    }

    private static TensorInfo parseInfo(String text, Path file, String array) throws TensorFileException {
        Matcher d = DESCR.matcher(text);
        if (!d.find()) {
            throw new TensorFileException(file, array, "header has no plain 'descr' string"
                    + " (structured or object arrays are not supported): " + text.trim());
        }
        String descr = d.group(1);
        if (descr.length() < 3 || "<|=>".indexOf(descr.charAt(0)) < 0) {
            throw unsupported(descr, file, array);
        }
        DType dtype = DType.fromNumpyKind(descr.substring(1)).orElseThrow(() -> unsupported(descr, file, array));
        if (descr.charAt(0) == '>' && dtype.byteSize() > 1) {
            throw new TensorFileException(file, array, "big-endian dtype '" + descr
                    + "' is not supported; save it little-endian (arr.astype('<" + descr.substring(1) + "'))");
        }
        Matcher s = SHAPE.matcher(text);
        if (!s.find()) {
            throw new TensorFileException(file, array, "header has no 'shape' tuple: " + text.trim());
        }
        return new TensorInfo(dtype, parseShape(s.group(1), file, array));
    }

    private static long[] parseShape(String tuple, Path file, String array) throws TensorFileException {
        List<Long> dims = new ArrayList<>();
        for (String part : tuple.split(",")) {
            String p = part.trim().replace("L", "");
            if (p.isEmpty()) {
                continue;
            }
            try {
                long v = Long.parseLong(p);
                if (v < 0) {
                    throw new NumberFormatException();
                }
                dims.add(v);
            } catch (NumberFormatException e) {
                throw new TensorFileException(file, array, "bad dimension '" + part.trim() + "' in shape (" + tuple + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static boolean parseFortran(String text, Path file, String array) throws TensorFileException {
        Matcher f = FORTRAN.matcher(text);
        if (!f.find()) {
            throw new TensorFileException(file, array, "header has no 'fortran_order' flag: " + text.trim());
        }
        return f.group(1).equals("True");
    }

    private static TensorFileException unsupported(String descr, Path file, String array) {
        return new TensorFileException(file, array,
                "unsupported dtype '" + descr + "' (supported: " + DType.supportedNumpy() + ")");
    }

    private static void readFully(DataInputStream in, byte[] b, Path file, String array, String what)
            throws IOException {
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new TensorFileException(file, array, "truncated: the file ends inside " + what, e);
        }
    }

    private static String hex(byte[] b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : " ").append(String.format("%02x", b[i] & 0xff));
        }
        return s.toString();
    }
}
