package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.KernelTestSupport;
import org.dadda.tensor.ConvGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.dadda.tensor.cpu.KernelTestSupport.assertBitsEqual;
import static org.dadda.tensor.cpu.KernelTestSupport.assertClose;
import static org.dadda.tensor.cpu.KernelTestSupport.nanFilled;
import static org.dadda.tensor.cpu.KernelTestSupport.random;
import static org.dadda.tensor.cpu.KernelTestSupport.tail;
import static org.dadda.tensor.cpu.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Winograd F(2x2, 3x3) against the direct float64 reference: odd and even output sizes (half tiles),
 * paddings 0, 1 and 2 (also mixed), and chunks of 1, 7, 32 tiles and the default, so tile rows and
 * images straddle chunk edges.
 */
class WinogradTest {

    static List<KernelSet> sets() {
        return KernelTestSupport.kernelSets();
    }

    /** n, c, h, w, oc, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups. */
    private static final ConvGeometry[] GEOMETRIES = {
        new ConvGeometry(2, 5, 9, 11, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(3, 4, 8, 6, 3, 3, 3, 1, 1, 0, 0, 1, 1, 1),
        new ConvGeometry(2, 3, 7, 5, 6, 3, 3, 1, 1, 2, 2, 1, 1, 1),
        new ConvGeometry(2, 6, 6, 9, 5, 3, 3, 1, 1, 0, 2, 1, 1, 1),
        new ConvGeometry(1, 9, 3, 3, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 20, 10, 10, 18, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        // Enough tiles for the transformed weights to be packed (Conv2dKernel#worthPacking).
        new ConvGeometry(4, 5, 46, 46, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1),
    };

    private static final int[] CHUNKS = {1, 7, 32, Winograd3x3.MAX_CHUNK};

    // The transforms sum up to 16 terms before the GEMM, so rounding is a few times the direct method's.
    private static final double REL = 2e-5;
    private static final double ABS = 1e-6;

    private static final int OFF = 3;

    @ParameterizedTest
    @MethodSource("sets")
    void allThreePassesMatchTheDirectReference(KernelSet set) {
        long seed = 11;
        for (int chunk : CHUNKS) {
            Winograd3x3 wino = new Winograd3x3(set.blocked(), set.winogradLoops(), chunk);
            for (ConvGeometry g : GEOMETRIES) {
                assertTrue(Winograd3x3.supports(g), g.toString());
                int xs = g.n() * g.c() * g.h() * g.w();
                int ws = g.oc() * g.c() * 9;
                int ys = g.n() * g.oc() * g.oh() * g.ow();
                float[] x = random(xs + OFF, seed++);
                float[] w = random(ws + OFF, seed++);
                float[] bias = random(g.oc() + OFF, seed++);
                float[] gy = random(ys + OFF, seed++);
                String what = set + " chunk " + chunk + " " + g;

                float[] y = nanFilled(ys + OFF + 1);
                wino.forward(g, x, OFF, w, OFF, bias, OFF, y, OFF);
                double[][] ref = ConvReference.forward(g, tail(x, OFF), tail(w, OFF), tail(bias, OFF));
                assertClose(what + " forward", ref[0], ref[1], y, OFF, 1, ys, ys, REL, ABS);
                assertTrue(Float.isNaN(y[OFF - 1]) && Float.isNaN(y[OFF + ys]), what + ": forward wrote outside y");

                float[] gx = nanFilled(xs + OFF + 1);
                wino.backwardInput(g, gy, OFF, w, OFF, gx, OFF);
                ref = ConvReference.backwardInput(g, tail(gy, OFF), tail(w, OFF));
                assertClose(what + " input gradient", ref[0], ref[1], gx, OFF, 1, xs, xs, REL, ABS);
                assertTrue(Float.isNaN(gx[OFF - 1]) && Float.isNaN(gx[OFF + xs]), what + ": wrote outside gx");

                float[] gw = nanFilled(ws + OFF + 1);
                wino.backwardWeight(g, x, OFF, gy, OFF, gw, OFF);
                ref = ConvReference.backwardWeight(g, tail(x, OFF), tail(gy, OFF));
                assertClose(what + " weight gradient", ref[0], ref[1], gw, OFF, 1, ws, ws, REL, ABS);
                assertTrue(Float.isNaN(gw[OFF - 1]) && Float.isNaN(gw[OFF + ws]), what + ": wrote outside gw");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void resultsDoNotDependOnTheThreadCount(KernelSet set) {
        Winograd3x3 wino = new Winograd3x3(set.blocked(), set.winogradLoops(), 32);
        ConvGeometry g = GEOMETRIES[5];
        float[] x = random(g.n() * g.c() * g.h() * g.w(), 1);
        float[] w = random(g.oc() * g.c() * 9, 2);
        float[] gy = random(g.n() * g.oc() * g.oh() * g.ow(), 3);
        int[] threads = {1, 2, 3};
        float[][][] out = new float[threads.length][][];
        for (int r = 0; r < threads.length; r++) {
            float[] y = new float[gy.length];
            float[] gx = new float[x.length];
            float[] gw = new float[w.length];
            withThreads(threads[r], () -> {
                wino.forward(g, x, 0, w, 0, null, 0, y, 0);
                wino.backwardInput(g, gy, 0, w, 0, gx, 0);
                wino.backwardWeight(g, x, 0, gy, 0, gw, 0);
            });
            out[r] = new float[][] {y, gx, gw};
        }
        for (int r = 1; r < threads.length; r++) {
            for (int t = 0; t < 3; t++) {
                assertBitsEqual(set + " output " + t + " with " + threads[r] + " threads", out[0][t], out[r][t]);
            }
        }
    }

    @Test
    void vectorAndScalarTransformLoopsGiveTheSameBits() {
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelSet.simd() != null, "Vector API not available");
        WinogradLoops vector = KernelSet.simd().winogradLoops();
        WinogradLoops scalar = new ScalarWinogradLoops();
        int half = 41;
        int plane = 300;
        float[] a = random(4 * half + 2, 5);
        float[] b = random(4 * half + 2, 6);
        float[] m = random(16 * 50 + 60, 7);
        // Runs that start and end off the vector length, so both bodies and tails are compared.
        int[][] runs = {{0, 40}, {3, 37}, {1, 2}, {5, 5}};
        for (int[] run : runs) {
            float[][] out = new float[2][];
            WinogradLoops[] both = {scalar, vector};
            for (int k = 0; k < 2; k++) {
                float[] even = new float[4 * half];
                float[] odd = new float[4 * half];
                both[k].split(a, 1, 2 * half, even, 0, odd, 0);
                float[] v = new float[16 * plane];
                both[k].input(even, odd, half, run[0], run[1], v, 7, plane);
                float[] y = new float[4 * half];
                both[k].output(m, 2, 50, run[0], run[1], y, half);
                float[] dm = new float[16 * plane];
                both[k].outputGradient(b, half, run[0], run[1], dm, 3, plane);
                float[] all = new float[even.length + odd.length + v.length + y.length + dm.length];
                int at = 0;
                for (float[] part : new float[][] {even, odd, v, y, dm}) {
                    System.arraycopy(part, 0, all, at, part.length);
                    at += part.length;
                }
                out[k] = all;
            }
            assertBitsEqual("run " + run[0] + ".." + run[1], out[0], out[1]);
        }
    }

    @Test
    void convolutionChoosesWinogradOnlyWhereItApplies() {
        Conv2dKernel conv = KernelSet.scalar().conv(true);
        assertTrue(conv.usesWinograd(new ConvGeometry(8, 128, 16, 16, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1)));
        assertTrue(conv.usesWinograd(new ConvGeometry(8, 256, 16, 16, 96, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "mean 139");
        assertTrue(conv.usesWinograd(new ConvGeometry(8, 64, 16, 16, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "64 channels");
        assertTrue(conv.usesWinograd(new ConvGeometry(8, 192, 16, 16, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "mean 96");
        assertFalse(conv.usesWinograd(new ConvGeometry(8, 32, 16, 16, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "mean 43");
        assertFalse(conv.usesWinograd(new ConvGeometry(8, 128, 16, 16, 128, 3, 3, 2, 2, 1, 1, 1, 1, 1)), "stride 2");
        assertFalse(conv.usesWinograd(new ConvGeometry(8, 128, 16, 16, 128, 3, 3, 1, 1, 2, 2, 2, 2, 1)), "dilation");
        assertFalse(conv.usesWinograd(new ConvGeometry(8, 128, 16, 16, 128, 3, 3, 1, 1, 1, 1, 1, 1, 2)), "groups");
        assertFalse(conv.usesWinograd(new ConvGeometry(8, 128, 16, 16, 128, 1, 1, 1, 1, 0, 0, 1, 1, 1)), "1x1");
        assertFalse(conv.usesWinograd(new ConvGeometry(8, 32, 16, 16, 256, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "32 channels in");
        assertFalse(conv.usesWinograd(new ConvGeometry(1, 128, 4, 4, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "4 tiles");
        assertFalse(conv.usesWinograd(new ConvGeometry(8, 128, 16, 16, 128, 3, 3, 1, 1, 3, 3, 1, 1, 1)), "padding 3");
        assertFalse(KernelSet.scalar().conv(false)
                .usesWinograd(new ConvGeometry(8, 128, 16, 16, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1)), "switched off");
        assertThrows(IllegalArgumentException.class, () -> new Winograd3x3(KernelSet.scalar().blocked(), KernelSet.scalar().winogradLoops(), 0));
    }
}
