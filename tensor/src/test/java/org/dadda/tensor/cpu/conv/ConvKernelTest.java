package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.cpu.KernelSet;
import org.dadda.tensor.cpu.KernelTestSupport;
import org.dadda.tensor.ConvGeometry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.dadda.tensor.cpu.KernelTestSupport.assertBitsEqual;
import static org.dadda.tensor.cpu.KernelTestSupport.assertClose;
import static org.dadda.tensor.cpu.KernelTestSupport.nanFilled;
import static org.dadda.tensor.cpu.KernelTestSupport.random;
import static org.dadda.tensor.cpu.KernelTestSupport.tail;
import static org.dadda.tensor.cpu.KernelTestSupport.withThreads;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConvKernelTest {

    static List<KernelSet> sets() {
        return KernelTestSupport.kernelSets();
    }

    /** n, c, h, w, oc, kh, kw, strideH, strideW, padH, padW, dilH, dilW, groups. */
    private static final ConvGeometry[] GEOMETRIES = {
        new ConvGeometry(2, 3, 7, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 4, 9, 8, 6, 3, 3, 2, 2, 1, 1, 1, 1, 1),
        new ConvGeometry(1, 3, 10, 11, 4, 3, 3, 1, 1, 2, 2, 2, 2, 1),
        new ConvGeometry(2, 4, 6, 7, 6, 3, 3, 1, 1, 1, 1, 1, 1, 2),
        new ConvGeometry(2, 4, 8, 8, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4),
        new ConvGeometry(3, 4, 6, 6, 8, 3, 3, 2, 2, 1, 1, 1, 1, 4),
        new ConvGeometry(2, 5, 6, 7, 7, 1, 1, 1, 1, 0, 0, 1, 1, 1),
        new ConvGeometry(1, 3, 5, 6, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 3, 9, 10, 4, 2, 3, 2, 1, 0, 2, 1, 2, 1),
        new ConvGeometry(1, 40, 12, 12, 36, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        // Enough output columns for the weights to be packed once per call (Conv2dKernel#worthPacking).
        new ConvGeometry(2, 4, 40, 30, 6, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 3, 80, 60, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1),
        // Large enough for Winograd's method (Conv2dKernel#usesWinograd), odd output size.
        new ConvGeometry(2, 128, 9, 8, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1),
        new ConvGeometry(2, 6, 13, 11, 4, 5, 3, 3, 2, 2, 1, 1, 1, 2),
    };

    private static final int X_OFF = 3;
    private static final int W_OFF = 5;
    private static final int OUT_OFF = 7;

    private record Data(float[] x, float[] w, float[] bias, float[] gy) {
    }

    private static Data data(ConvGeometry g, long seed) {
        int xs = g.n() * g.c() * g.h() * g.w();
        int ws = g.oc() * g.cPerGroup() * g.kh() * g.kw();
        int ys = g.n() * g.oc() * g.oh() * g.ow();
        return new Data(random(xs + X_OFF, seed), random(ws + W_OFF, seed + 1), random(g.oc() + 1, seed + 2),
                random(ys + OUT_OFF, seed + 3));
    }

    private static final double REL = 1e-5;
    private static final double ABS = 1e-6;

    @ParameterizedTest
    @MethodSource("sets")
    void forwardMatchesReference(KernelSet set) {
        Conv2dKernel conv = set.conv(true);
        long seed = 1;
        for (ConvGeometry g : GEOMETRIES) {
            Data d = data(g, seed++);
            int ys = g.n() * g.oc() * g.oh() * g.ow();
            float[] y = nanFilled(ys + OUT_OFF + 2);
            conv.forward(g, d.x, X_OFF, d.w, W_OFF, d.bias, 1, y, OUT_OFF);
            double[][] ref = ConvReference.forward(g, tail(d.x, X_OFF), tail(d.w, W_OFF), tail(d.bias, 1));
            assertClose(set + " forward " + g, ref[0], ref[1], y, OUT_OFF, 1, ys, ys, REL, ABS);
            assertTrue(Float.isNaN(y[OUT_OFF - 1]) && Float.isNaN(y[OUT_OFF + ys]), "forward wrote outside y");
            float[] y2 = new float[ys];
            conv.forward(g, d.x, X_OFF, d.w, W_OFF, null, 0, y2, 0);
            double[][] ref2 = ConvReference.forward(g, tail(d.x, X_OFF), tail(d.w, W_OFF), null);
            assertClose(set + " forward without bias " + g, ref2[0], ref2[1], y2, 0, 1, ys, ys, REL, ABS);
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void inputGradientMatchesReference(KernelSet set) {
        Conv2dKernel conv = set.conv(true);
        long seed = 100;
        for (ConvGeometry g : GEOMETRIES) {
            Data d = data(g, seed++);
            int xs = g.n() * g.c() * g.h() * g.w();
            float[] gx = nanFilled(xs + X_OFF + 2);
            conv.backwardInput(g, d.gy, OUT_OFF, d.w, W_OFF, gx, X_OFF);
            double[][] ref = ConvReference.backwardInput(g, tail(d.gy, OUT_OFF), tail(d.w, W_OFF));
            assertClose(set + " input gradient " + g, ref[0], ref[1], gx, X_OFF, 1, xs, xs, REL, ABS);
            assertTrue(Float.isNaN(gx[X_OFF - 1]) && Float.isNaN(gx[X_OFF + xs]), "input gradient wrote outside gx");
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void weightGradientMatchesReference(KernelSet set) {
        Conv2dKernel conv = set.conv(true);
        long seed = 200;
        for (ConvGeometry g : GEOMETRIES) {
            Data d = data(g, seed++);
            int ws = g.oc() * g.cPerGroup() * g.kh() * g.kw();
            float[] gw = nanFilled(ws + W_OFF + 2);
            conv.backwardWeight(g, d.x, X_OFF, d.gy, OUT_OFF, gw, W_OFF);
            double[][] ref = ConvReference.backwardWeight(g, tail(d.x, X_OFF), tail(d.gy, OUT_OFF));
            assertClose(set + " weight gradient " + g, ref[0], ref[1], gw, W_OFF, 1, ws, ws, REL, ABS);
            assertTrue(Float.isNaN(gw[W_OFF - 1]) && Float.isNaN(gw[W_OFF + ws]), "weight gradient wrote outside gw");
        }
    }

    @ParameterizedTest
    @MethodSource("sets")
    void bitIdenticalAcrossRunsAndThreadCounts(KernelSet set) {
        Conv2dKernel conv = set.conv(true);
        ConvGeometry[] gs = {
            new ConvGeometry(3, 40, 12, 12, 36, 3, 3, 1, 1, 1, 1, 1, 1, 1),
            new ConvGeometry(2, 128, 10, 7, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1),
            new ConvGeometry(3, 8, 11, 9, 8, 3, 3, 2, 2, 1, 1, 1, 1, 2),
        };
        for (ConvGeometry g : gs) {
            Data d = data(g, 42);
            int[] threads = {1, 2, 3, 2};
            float[][][] out = new float[threads.length][][];
            for (int r = 0; r < threads.length; r++) {
                float[] y = new float[g.n() * g.oc() * g.oh() * g.ow()];
                float[] gx = new float[g.n() * g.c() * g.h() * g.w()];
                float[] gw = new float[g.oc() * g.cPerGroup() * g.kh() * g.kw()];
                withThreads(threads[r], () -> {
                    conv.forward(g, d.x, 0, d.w, 0, d.bias, 0, y, 0);
                    conv.backwardInput(g, d.gy, 0, d.w, 0, gx, 0);
                    conv.backwardWeight(g, d.x, 0, d.gy, 0, gw, 0);
                });
                out[r] = new float[][] {y, gx, gw};
            }
            for (int r = 1; r < threads.length; r++) {
                for (int t = 0; t < 3; t++) {
                    assertBitsEqual(set + " " + g + " output " + t + " with " + threads[r] + " threads", out[0][t], out[r][t]);
                }
            }
        }
    }

    @Test
    void winogradGeometriesAreCovered() {
        Conv2dKernel conv = KernelSet.scalar().conv(true);
        assertTrue(Arrays.stream(GEOMETRIES).anyMatch(conv::usesWinograd), "no test geometry takes the Winograd path");
        assertTrue(Arrays.stream(GEOMETRIES).anyMatch(g -> !conv.usesWinograd(g)), "no test geometry takes the direct path");
        assertTrue(Arrays.stream(GEOMETRIES).anyMatch(g -> Conv2dKernel.worthPacking((long) g.n() * g.oh() * g.ow())
                && g.strideH() == 1), "no stride-1 geometry packs its weights");
        assertTrue(Arrays.stream(GEOMETRIES).anyMatch(g -> Conv2dKernel.worthPacking((long) g.n() * g.oh() * g.ow())
                && g.strideH() > 1), "no strided geometry packs its weights");
        assertTrue(Arrays.stream(GEOMETRIES).anyMatch(g -> !Conv2dKernel.worthPacking((long) g.n() * g.oh() * g.ow())),
                "no geometry reads its weights in place");
    }

    @Test
    void rejectsShortArrays() {
        ConvGeometry g = GEOMETRIES[0];
        Data d = data(g, 9);
        int ys = g.n() * g.oc() * g.oh() * g.ow();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelSet.active().conv(true).forward(g, d.x, 4, d.w, 0, null, 0, new float[ys], 0));
        assertTrue(e.getMessage().contains("x needs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KernelSet.active().conv(true).forward(g, d.x, 0, d.w, 0, new float[2], 0, new float[ys], 0));
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KernelSet.active().conv(true).backwardWeight(g, d.x, 0, d.gy, 0, new float[3], 0));
        assertTrue(e.getMessage().contains("grad weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KernelSet.active().conv(true).backwardInput(g, new float[1], 0, d.w, 0, d.x, 0));
        assertTrue(e.getMessage().contains("gy"), e.getMessage());
    }
}
