package org.dadda.tensor.cpu.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.dadda.tensor.cpu.support.KernelConfig;
import org.dadda.tensor.cpu.support.VectorMath;
import org.junit.jupiter.api.Test;

/**
 * The Vector API exponential kernels: accurate, and the same bits in the vector body and in the
 * scalar tails, so that results do not depend on where a thread's range ends or on the JIT.
 */
class VectorElementwiseTest {

    @Test
    void expIsAccurateAndHandlesTheEdges() {
        assumeTrue(KernelConfig.simdAvailable(), "Vector API not available");
        for (float x = -86f; x <= 88f; x += 0.0137f) {
            double want = Math.exp(x);
            // Rounding x log2(e) to float costs up to half an ulp of the exponent, which grows with |x|.
            assertEquals(want, VectorMath.exp(x), (1e-6 + Math.abs(x) * 1.5e-7) * want, "exp(" + x + ")");
        }
        assertEquals(Float.POSITIVE_INFINITY, VectorMath.exp(89f));
        assertEquals(0f, VectorMath.exp(-120f));
        assertEquals(Float.NaN, VectorMath.exp(Float.NaN));
    }

    @Test
    void vectorBodyAndScalarTailGiveTheSameBits() {
        assumeTrue(KernelConfig.simdAvailable(), "Vector API not available");
        int n = 1000;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) Math.sin(i * 0.37) * 30f;
        }
        float[] whole = new float[n];
        VectorElementwise.silu(x, 0, whole, 0, 0, n);
        // Shift the range by one so that every element moves between vector body and tail.
        float[] shifted = new float[n];
        VectorElementwise.silu(x, 0, shifted, 0, 0, 1);
        VectorElementwise.silu(x, 0, shifted, 0, 1, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(whole[i]), Float.floatToIntBits(shifted[i]), "silu element " + i);
            assertEquals(x[i] / (1 + Math.exp(-x[i])), whole[i], 1e-5 * (1 + Math.abs(whole[i])), "silu value " + i);
        }
        float[] g = new float[n];
        float[] gx1 = new float[n];
        float[] gx2 = new float[n];
        java.util.Arrays.fill(g, 1f);
        VectorElementwise.siluBackward(x, 0, g, 0, gx1, 0, n);
        VectorElementwise.siluBackward(x, 0, g, 0, gx2, 0, 3);
        VectorElementwise.siluBackward(x, 0, g, 0, gx2, 3, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToIntBits(gx1[i]), Float.floatToIntBits(gx2[i]), "silu gradient element " + i);
        }
    }

    @Test
    void reluMatchesThePlainDefinitionOnSpecialValues() {
        assumeTrue(KernelConfig.simdAvailable(), "Vector API not available");
        float[] special = {-0f, 0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, 1.5f, -2.5f};
        int n = 203;
        float[] x = new float[n];
        float[] gy = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = i < special.length ? special[i] : (float) Math.sin(i * 0.61) * 5f;
            gy[i] = 0.25f + i;
        }
        float[] y = new float[n + 2];
        float[] gx = new float[n];
        // Two ranges, so that elements fall in both the vector body and the scalar tail.
        VectorElementwise.relu(x, 0, y, 2, 0, 37);
        VectorElementwise.relu(x, 0, y, 2, 37, n);
        VectorElementwise.reluBackward(x, 0, gy, 0, gx, 0, 5);
        VectorElementwise.reluBackward(x, 0, gy, 0, gx, 5, n);
        for (int i = 0; i < n; i++) {
            float want = x[i] > 0 ? x[i] : 0;
            assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(y[2 + i]), "relu(" + x[i] + ")");
            assertEquals(x[i] > 0 ? gy[i] : 0f, gx[i], "relu gradient at " + x[i]);
        }
    }
}
