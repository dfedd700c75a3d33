package org.dadda.tensor.cpu.gemm;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.KernelTestSupport;
import org.dadda.tensor.cpu.support.KernelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.dadda.tensor.cpu.KernelTestSupport.assertBitsEqual;
import static org.dadda.tensor.cpu.KernelTestSupport.assertClose;
import static org.dadda.tensor.cpu.KernelTestSupport.random;
import static org.dadda.tensor.cpu.KernelTestSupport.referenceGemm;
import static org.dadda.tensor.cpu.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GemmKernelTest {

    static List<KernelSet> sets() {
        return KernelTestSupport.kernelSets();
    }

    /** Sizes straddling the micro-tile (4/8 x 4/32) and block (kc 256, mc 64/128, nc 512/1024) edges. */
    private static final int[][] SHAPES = {
        {1, 1, 1}, {7, 13, 5}, {8, 32, 16}, {9, 33, 257}, {37, 71, 300}, {130, 45, 19}, {5, 1030, 3}, {64, 64, 64},
    };

    private static void check(GemmKernel g, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                              int pad, long seed) {
        int lda = (ta ? m : k) + pad;
        int ldb = (tb ? k : n) + pad;
        int ldc = n + pad;
        int aOff = 3;
        int bOff = 5;
        int cOff = 7;
        float[] a = random(aOff + (ta ? k : m) * lda, seed);
        float[] b = random(bOff + (tb ? n : k) * ldb, seed + 1);
        float[] c = random(cOff + m * ldc + 2, seed + 2);
        if (beta == 0f) {
            Arrays.fill(c, Float.NaN);
        }
        float[] c0 = c.clone();
        double[][] ref = referenceGemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        g.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        String what = (g.simd() ? "simd" : "scalar") + " sgemm ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta;
        assertClose(what, ref[0], ref[1], c, cOff, m, n, ldc, 2e-6 * Math.sqrt(k + 1) + 1e-6, 1e-6);
        // Nothing outside the m x n window of C may change (padding columns, before and after).
        for (int i = 0; i < c.length; i++) {
            int rel = i - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) {
                assertEquals(Float.floatToRawIntBits(c0[i]), Float.floatToRawIntBits(c[i]), what + ": wrote outside C at " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void matchesDoubleReferenceOnOddShapesAllTransposes(KernelSet set) {
        long seed = 11;
        for (int[] s : SHAPES) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                check(set.gemm(), ta, tb, s[0], s[1], s[2], 1f, 0f, 0, seed++);
                check(set.gemm(), ta, tb, s[0], s[1], s[2], 0.75f, -1.5f, 3, seed++);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void alphaBetaVariants(KernelSet set) {
        float[][] ab = {{1f, 1f}, {-2f, 0.5f}, {0.5f, 0f}, {1f, -1f}};
        long seed = 100;
        for (float[] x : ab) {
            check(set.gemm(), false, true, 19, 40, 270, x[0], x[1], 1, seed++);
            check(set.gemm(), true, false, 70, 9, 31, x[0], x[1], 2, seed++);
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void zeroDepthOrAlphaScalesC(KernelSet set) {
        float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
        set.gemm().sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 3, 2f, c, 0, 3);
        assertBitsEqual("k=0, beta=2", new float[] {2f, 4f, 6f, 8f, 10f, 12f}, c);
        float[] nan = {Float.NaN, Float.NaN};
        set.gemm().sgemm(false, false, 1, 2, 1, 0f, new float[] {1f}, 0, 1, new float[] {1f, 1f}, 0, 2, 0f, nan, 0, 2);
        assertBitsEqual("alpha=0, beta=0 overwrites NaN", new float[] {0f, 0f}, nan);
    }

    @ParameterizedTest
    @MethodSource("sets")
    void batchedWithBroadcast(KernelSet set) {
        int m = 13;
        int n = 21;
        int k = 17;
        // Batch 5 runs the products one after another, batch 4 spreads them over the threads.
        for (int batch : new int[] {5, 4}) {
            for (boolean broadcastA : new boolean[] {false, true}) {
                long strideA = broadcastA ? 0 : (long) m * k;
                long strideB = broadcastA ? (long) k * n : 0;
                float[] a = random(m * k * batch, batch);
                float[] b = random(k * n * batch, batch + 1);
                float[] c = random(4 + m * n * batch, batch + 2);
                float[] before = c.clone();
                set.gemm().sgemmBatched(false, broadcastA, m, n, k, 1.5f, a, 0, k, b, 0, broadcastA ? k : n, 0.5f, c, 4, n,
                        batch, strideA, strideB, (long) m * n);
                for (int j = 0; j < batch; j++) {
                    double[][] r = referenceGemm(false, broadcastA, m, n, k, 1.5f, a, (int) (j * strideA), k,
                            b, (int) (j * strideB), broadcastA ? k : n, 0.5f, before, 4 + j * m * n, n);
                    assertClose(set + " batch " + batch + " product " + j + (broadcastA ? " (A broadcast)" : " (B broadcast)"),
                            r[0], r[1], c, 4 + j * m * n, m, n, n, 2e-5, 1e-6);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void bitIdenticalAcrossRunsAndThreadCounts(KernelSet set) {
        int m = 150;
        int n = 333;
        int k = 300;
        float[] a = random(m * k, 7);
        float[] b = random(k * n, 8);
        float[][] results = new float[4][];
        int[] threads = {1, 2, 3, 2};
        for (int r = 0; r < results.length; r++) {
            float[] c = new float[m * n];
            withThreads(threads[r], () -> set.gemm().sgemm(false, true, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n));
            results[r] = c;
        }
        for (int r = 1; r < results.length; r++) {
            assertBitsEqual(set + " run " + r + " (" + threads[r] + " threads)", results[0], results[r]);
        }
    }

    @Test
    void simdAndScalarAgree() {
        if (KernelSet.simd() == null) {
            return;
        }
        int m = 45;
        int n = 77;
        int k = 513;
        float[] a = random(m * k, 21);
        float[] b = random(k * n, 22);
        float[] c1 = new float[m * n];
        float[] c2 = new float[m * n];
        KernelSet.scalar().gemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c1, 0, n);
        KernelSet.simd().gemm().sgemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c2, 0, n);
        for (int i = 0; i < c1.length; i++) {
            assertTrue(Math.abs(c1[i] - c2[i]) <= 1e-4f, "element " + i + ": " + c1[i] + " vs " + c2[i]);
        }
    }

    @Test
    void rejectsBadArguments() {
        GemmKernel g = KernelSet.active().gemm();
        float[] x = new float[16];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.sgemm(false, false, 4, 4, 4, 1f, x, 0, 3, x, 0, 4, 0f, new float[16], 0, 4));
        assertTrue(e.getMessage().contains("leading dimension of A"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> g.sgemm(false, false, 4, 4, 4, 1f, x, 1, 4, x, 0, 4, 0f, new float[16], 0, 4));
        assertTrue(e.getMessage().contains("A (4 x 4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> g.sgemm(false, true, 4, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, new float[15], 0, 4));
        assertTrue(e.getMessage().contains("C ("), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> g.sgemm(false, false, -1, 4, 4, 1f, x, 0, 4, x, 0, 4, 0f, x, 0, 4));
        e = assertThrows(IllegalArgumentException.class,
                () -> g.sgemmBatched(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, new float[8], 0, 2, 2, 4, 4, 0));
        assertTrue(e.getMessage().contains("strideC"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> g.sgemmBatched(false, false, 2, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, new float[8], 0, 2, 3, 4, 4, 4));
        assertTrue(e.getMessage().contains("C ("), e.getMessage());
    }

    @Test
    void configReportsPath() {
        assertEquals(KernelConfig.simdEnabled(), KernelSet.active().isSimd());
        assertEquals(KernelConfig.simdEnabled(), KernelSet.active().gemm().simd());
        assertFalse(KernelConfig.describe().isBlank());
        if (KernelConfig.vectorModulePresent()) {
            assertTrue(KernelConfig.preferredVectorBits() >= 64);
        }
    }
}
