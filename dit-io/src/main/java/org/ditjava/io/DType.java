package org.ditjava.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The element types the tensor files of this project carry, with their NumPy ({@code descr}) and
 * safetensors ({@code dtype}) spellings and the matching ND4J {@link DataType}.
 */
public enum DType {
    FLOAT32("f4", "F32", 4, DataType.FLOAT),
    FLOAT64("f8", "F64", 8, DataType.DOUBLE),
    INT64("i8", "I64", 8, DataType.LONG),
    INT32("i4", "I32", 4, DataType.INT),
    UINT8("u1", "U8", 1, DataType.UBYTE),
    BOOL("b1", "BOOL", 1, DataType.BOOL);

    private final String numpyKind;
    private final String safetensorsName;
    private final int byteSize;
    private final DataType nd4j;

    DType(String numpyKind, String safetensorsName, int byteSize, DataType nd4j) {
        this.numpyKind = numpyKind;
        this.safetensorsName = safetensorsName;
        this.byteSize = byteSize;
        this.nd4j = nd4j;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** The ND4J data type of the same width and kind. */
    public DataType nd4j() {
        return nd4j;
    }

    /** The safetensors header spelling ({@code "F32"}, {@code "I64"}, ...). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** The little-endian NumPy descriptor this project writes ({@code "<f4"}, {@code "|u1"}, ...). */
    public String numpyDescr() {
        return (byteSize == 1 ? "|" : "<") + numpyKind;
    }

    /** Kind and width without the byte-order character ({@code "f4"}). */
    String numpyKind() {
        return numpyKind;
    }

    /** The type whose NumPy kind/width is {@code kind} (e.g. {@code "f4"}), if supported. */
    static Optional<DType> fromNumpyKind(String kind) {
        return Arrays.stream(values()).filter(d -> d.numpyKind.equals(kind)).findFirst();
    }

    /** The type named {@code name} in a safetensors header, if supported. */
    public static Optional<DType> fromSafetensors(String name) {
        return Arrays.stream(values()).filter(d -> d.safetensorsName.equals(name)).findFirst();
    }

    /** The type of an ND4J array, or an exception naming the unsupported type. */
    public static DType of(DataType type) {
        return Arrays.stream(values())
                .filter(d -> d.nd4j == type)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "ND4J data type " + type + " cannot be stored; supported: " + supportedNd4j()));
    }

    /** A comma-separated list of the NumPy descriptors this project reads. */
    static String supportedNumpy() {
        return Arrays.stream(values()).map(DType::numpyDescr).collect(Collectors.joining(", "));
    }

    /** A comma-separated list of the safetensors names this project reads. */
    static String supportedSafetensors() {
        return Arrays.stream(values()).map(DType::safetensorsName).collect(Collectors.joining(", "));
    }

    private static String supportedNd4j() {
        return Arrays.stream(values()).map(d -> d.nd4j.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
