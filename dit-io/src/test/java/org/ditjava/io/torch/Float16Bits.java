package org.ditjava.io.torch;

/** float → IEEE binary16 for test data: round to nearest even, normal range and zero only. */
final class Float16Bits {
    private Float16Bits() {
    }

    static short of(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        if (f == 0) {
            return (short) sign;
        }
        int exp = ((bits >>> 23) & 0xFF) - 127 + 15;
        if (exp <= 0 || exp >= 31) {
            throw new IllegalArgumentException(f + " is not a normal float16");
        }
        int mant = bits & 0x7FFFFF;
        int half = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++;
        }
        return (short) (sign | half);
    }
}
