package org.dadda.tensor.cpu.attention;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.KernelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.dadda.tensor.cpu.KernelTestSupport.assertBitsEqual;
import static org.dadda.tensor.cpu.KernelTestSupport.assertClose;
import static org.dadda.tensor.cpu.KernelTestSupport.random;
import static org.dadda.tensor.cpu.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AttentionKernelTest {

    static List<KernelSet> sets() {
        return KernelTestSupport.kernelSets();
    }

    /** bh, lq, lk, d: tiny, more queries than one block, keys not a multiple of the tile, d not a multiple of 32. */
    private static final int[][] SHAPES = {
        {3, 5, 7, 4}, {2, 70, 33, 32}, {1, 17, 130, 40}, {4, 64, 64, 32}, {1, 129, 65, 8},
    };

    private record Case(int bh, int lq, int lk, int d, float scale, float[] q, float[] k, float[] v, float[] mask,
                        float[] gout) {
    }

    private static Case makeCase(int[] s, boolean masked, long seed) {
        int bh = s[0];
        int lq = s[1];
        int lk = s[2];
        int d = s[3];
        float[] q = random(bh * lq * d, seed);
        float[] k = random(bh * lk * d, seed + 1);
        float[] v = random(bh * lk * d, seed + 2);
        // Larger logits than unit-scale data would give, so the softmax is far from uniform.
        for (int i = 0; i < q.length; i++) {
            q[i] *= 3f;
        }
        float[] mask = null;
        if (masked) {
            mask = random(lq * lk, seed + 3);
            for (int i = 0; i < lq; i++) {
                for (int j = 0; j < lk; j++) {
                    // Block some keys outright, but never a whole row (column 0 stays open).
                    if (j > 0 && (i * 7 + j * 3) % 5 == 0) {
                        mask[i * lk + j] = Float.NEGATIVE_INFINITY;
                    }
                }
            }
        }
        return new Case(bh, lq, lk, d, (float) (1 / Math.sqrt(d)), q, k, v, mask, random(bh * lq * d, seed + 4));
    }

    private static float[][] run(AttentionKernel att, Case c) {
        float[] out = new float[c.bh * c.lq * c.d];
        float[] lse = new float[c.bh * c.lq];
        float[] gq = new float[out.length];
        float[] gk = new float[c.bh * c.lk * c.d];
        float[] gv = new float[gk.length];
        java.util.Arrays.fill(gq, Float.NaN);
        java.util.Arrays.fill(gk, Float.NaN);
        java.util.Arrays.fill(gv, Float.NaN);
        att.forward(c.bh, c.lq, c.lk, c.d, c.scale, c.q, c.k, c.v, c.mask, out, lse);
        att.backward(c.bh, c.lq, c.lk, c.d, c.scale, c.q, c.k, c.v, c.mask, out, lse, c.gout, gq, gk, gv);
        return new float[][] {out, lse, gq, gk, gv};
    }

    @ParameterizedTest
    @MethodSource("sets")
    void matchesDoubleReference(KernelSet set) {
        AttentionKernel att = set.attention();
        long seed = 1;
        for (int[] s : SHAPES) {
            for (boolean masked : new boolean[] {false, true}) {
                Case c = makeCase(s, masked, seed);
                seed += 10;
                float[][] got = run(att, c);
                AttentionReference.Result ref = AttentionReference.compute(c.bh, c.lq, c.lk, c.d, c.scale, c.q, c.k, c.v,
                        c.mask, c.gout);
                String what = set + " attention bh=" + c.bh + " lq=" + c.lq + " lk=" + c.lk + " d=" + c.d
                        + (masked ? " masked" : "");
                assertClose(what + " out", ref.out(), null, got[0], 0, 1, ref.out().length, 0, 1e-5, 2e-6);
                assertClose(what + " lse", ref.lse(), null, got[1], 0, 1, ref.lse().length, 0, 1e-5, 2e-6);
                assertClose(what + " grad q", ref.gq(), null, got[2], 0, 1, ref.gq().length, 0, 1e-4, 1e-5);
                assertClose(what + " grad k", ref.gk(), null, got[3], 0, 1, ref.gk().length, 0, 1e-4, 1e-5);
                assertClose(what + " grad v", ref.gv(), null, got[4], 0, 1, ref.gv().length, 0, 1e-4, 1e-5);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void bitIdenticalAcrossRunsAndThreadCounts(KernelSet set) {
        AttentionKernel att = set.attention();
        for (int[] s : new int[][] {{4, 150, 90, 32}, {1, 200, 70, 16}}) {
            Case c = makeCase(s, true, 77);
            int[] threads = {1, 2, 3, 2};
            float[][][] out = new float[threads.length][][];
            for (int r = 0; r < threads.length; r++) {
                int rr = r;
                withThreads(threads[r], () -> out[rr] = run(att, c));
            }
            for (int r = 1; r < threads.length; r++) {
                for (int t = 0; t < out[0].length; t++) {
                    assertBitsEqual(set + " bh=" + s[0] + " output " + t + " with " + threads[r] + " threads", out[0][t], out[r][t]);
                }
            }
        }
    }

    @Test
    void rejectsBadShapes() {
        float[] x = new float[16];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSet.active().attention().forward(1, 4, 4, 0, 1f, x, x, x, null, x, x));
        assertTrue(e.getMessage().contains("sizes must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KernelSet.active().attention().forward(3, 4, 4, 2, 1f, x, x, x, null, x, x));
        assertTrue(e.getMessage().contains("attention: q needs 24"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KernelSet.active().attention().forward(1, 4, 4, 2, 1f, x, x, x, new float[3], x, x));
        assertTrue(e.getMessage().contains("mask"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KernelSet.active().attention().backward(1, 4, 4, 2, 1f, x, x, x, null, x, x, x, x, x, new float[2]));
        assertTrue(e.getMessage().contains("gv"), e.getMessage());
    }
}
