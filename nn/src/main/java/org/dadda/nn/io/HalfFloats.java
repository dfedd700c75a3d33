package org.dadda.nn.io;

/** Conversions from the 16-bit float formats of safetensors (F16, BF16) to float. */
public final class HalfFloats {

    private HalfFloats() {
    }

    /**
     * IEEE 754 binary16 to float, exactly (every half value is a float), including subnormals,
     * infinities and NaN payloads.
     *
     * @param half the 16 bits
     * @return the float value
     */
    public static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /**
     * bfloat16 (the upper half of a float) to float, exactly.
     *
     * @param bf16 the 16 bits
     * @return the float value
     */
    public static float bfloat16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xffff) << 16);
    }
}
