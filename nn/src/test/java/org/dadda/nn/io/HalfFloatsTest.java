package org.dadda.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every 16-bit pattern against the textbook definition of the format. */
class HalfFloatsTest {

    @Test
    void everyHalfMatchesDefinition() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            int sign = bits >>> 15;
            int exponent = (bits >>> 10) & 0x1f;
            int mantissa = bits & 0x3ff;
            float actual = HalfFloats.halfToFloat((short) bits);
            if (exponent == 31) {
                if (mantissa == 0) {
                    assertEquals(sign == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY, actual);
                } else {
                    assertTrue(Float.isNaN(actual), "NaN for " + Integer.toHexString(bits));
                }
                continue;
            }
            double magnitude = exponent == 0
                    ? Math.scalb((double) mantissa, -24)
                    : Math.scalb(1.0 + mantissa / 1024.0, exponent - 15);
            double expected = sign == 1 ? -magnitude : magnitude;
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual),
                    "half " + Integer.toHexString(bits));
        }
    }

    @Test
    void bfloat16IsTheUpperHalfOfAFloat() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            float f = HalfFloats.bfloat16ToFloat((short) bits);
            assertEquals(bits << 16, Float.floatToRawIntBits(f));
        }
    }
}
