package org.ditjava.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.TensorProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.ByteString;

/**
 * ONNX {@code TensorProto} ↔ ND4J arrays, for the element types an SD-VAE or Inception export uses
 * (float32, float64, int64, int32, int8, uint8, bool). Data may be in {@code raw_data} (little
 * endian, what torch writes) or in the typed repeated fields; external data is refused.
 */
public final class TensorProtos {
    private TensorProtos() {
    }

    /** ND4J's type for an ONNX element type code ({@code TensorProto.DataType}). */
    public static DataType dataType(int onnxType) {
        return switch (onnxType) {
            case TensorProto.DataType.FLOAT_VALUE -> DataType.FLOAT;
            case TensorProto.DataType.DOUBLE_VALUE -> DataType.DOUBLE;
            case TensorProto.DataType.INT64_VALUE -> DataType.INT64;
            case TensorProto.DataType.INT32_VALUE -> DataType.INT32;
            case TensorProto.DataType.INT8_VALUE -> DataType.INT8;
            case TensorProto.DataType.UINT8_VALUE -> DataType.UINT8;
            case TensorProto.DataType.BOOL_VALUE -> DataType.BOOL;
            default -> throw new IllegalArgumentException("ONNX element type "
                    + TensorProto.DataType.forNumber(onnxType) + " (" + onnxType + ") is not supported; supported: "
                    + "FLOAT, DOUBLE, INT64, INT32, INT8, UINT8, BOOL");
        };
    }

    /** The ONNX element type code of an ND4J type. */
    @SuppressWarnings("deprecation") // the switch must name the enum constants (LONG, INT, ...), not their aliases
    public static int onnxType(DataType t) {
        return switch (t) {
            case FLOAT -> TensorProto.DataType.FLOAT_VALUE;
            case DOUBLE -> TensorProto.DataType.DOUBLE_VALUE;
            case LONG -> TensorProto.DataType.INT64_VALUE;
            case INT -> TensorProto.DataType.INT32_VALUE;
            case BYTE -> TensorProto.DataType.INT8_VALUE;
            case UBYTE -> TensorProto.DataType.UINT8_VALUE;
            case BOOL -> TensorProto.DataType.BOOL_VALUE;
            default -> throw new IllegalArgumentException("no ONNX element type for " + t);
        };
    }

    /** Decodes a tensor; the message of any failure names the tensor. */
    public static INDArray toArray(TensorProto t) {
        String name = t.getName().isEmpty() ? "(unnamed tensor)" : "'" + t.getName() + "'";
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new IllegalArgumentException("tensor " + name + " keeps its data in an external file "
                    + t.getExternalDataList() + "; re-export with the weights inside the .onnx file (below 2 GB)");
        }
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + name + " has a negative dimension: " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + name + " has " + n + " elements, more than one array can hold");
        }
        DataType type = dataType(t.getDataType());
        try {
            return decode(t, type, shape, (int) n);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("tensor " + name + " " + type + Arrays.toString(shape) + ": " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("deprecation")
    private static INDArray decode(TensorProto t, DataType type, long[] shape, int n) {
        ByteString raw = t.getRawData();
        if (!raw.isEmpty()) {
            long expected = (long) n * type.width();
            if (raw.size() != expected) {
                throw new IllegalArgumentException("raw_data holds " + raw.size() + " bytes, the shape needs " + expected);
            }
            return fromRaw(raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN), type, shape, n);
        }
        int count = switch (type) {
            case FLOAT -> t.getFloatDataCount();
            case DOUBLE -> t.getDoubleDataCount();
            case LONG -> t.getInt64DataCount();
            default -> t.getInt32DataCount();
        };
        if (count != n) {
            throw new IllegalArgumentException("holds " + count + " values, the shape needs " + n);
        }
        return switch (type) {
            case FLOAT -> Nd4j.createFromArray(toFloats(t.getFloatDataList())).reshape(shape);
            case DOUBLE -> Nd4j.createFromArray(t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray()).reshape(shape);
            case LONG -> Nd4j.createFromArray(t.getInt64DataList().stream().mapToLong(Long::longValue).toArray()).reshape(shape);
            default -> Nd4j.createFromArray(t.getInt32DataList().stream().mapToInt(Integer::intValue).toArray())
                    .reshape(shape).castTo(type);
        };
    }

    @SuppressWarnings("deprecation")
    private static INDArray fromRaw(ByteBuffer b, DataType type, long[] shape, int n) {
        switch (type) {
            case FLOAT: {
                float[] v = new float[n];
                b.asFloatBuffer().get(v);
                return Nd4j.createFromArray(v).reshape(shape);
            }
            case DOUBLE: {
                double[] v = new double[n];
                b.asDoubleBuffer().get(v);
                return Nd4j.createFromArray(v).reshape(shape);
            }
            case LONG: {
                long[] v = new long[n];
                b.asLongBuffer().get(v);
                return Nd4j.createFromArray(v).reshape(shape);
            }
            case INT: {
                int[] v = new int[n];
                b.asIntBuffer().get(v);
                return Nd4j.createFromArray(v).reshape(shape);
            }
            default: {
                byte[] v = new byte[n];
                b.get(v);
                int[] w = new int[n];
                for (int i = 0; i < n; i++) {
                    w[i] = type == DataType.INT8 ? v[i] : v[i] & 0xff;
                }
                return Nd4j.createFromArray(w).reshape(shape).castTo(type);
            }
        }
    }

    private static float[] toFloats(List<Float> list) {
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i);
        }
        return v;
    }

    /** Encodes an array as a tensor with {@code raw_data} (how torch writes initializers). */
    @SuppressWarnings("deprecation")
    public static TensorProto fromArray(String name, INDArray a) {
        INDArray c = a.dup('c');
        int n = (int) c.length();
        ByteBuffer b = ByteBuffer.allocate(n * c.dataType().width()).order(ByteOrder.LITTLE_ENDIAN);
        switch (c.dataType()) {
            case FLOAT -> b.asFloatBuffer().put(c.data().asFloat());
            case DOUBLE -> b.asDoubleBuffer().put(c.data().asDouble());
            case LONG -> b.asLongBuffer().put(c.data().asLong());
            case INT -> b.asIntBuffer().put(c.data().asInt());
            default -> {
                for (int v : c.castTo(DataType.INT32).data().asInt()) {
                    b.put((byte) v);
                }
            }
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(onnxType(c.dataType()));
        for (long d : c.shape()) {
            t.addDims(d);
        }
        return t.setRawData(ByteString.copyFrom(b.array())).build();
    }
}
