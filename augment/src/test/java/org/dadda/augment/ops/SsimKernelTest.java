package org.dadda.augment.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dadda.augment.Fixtures;
import org.dadda.augment.image.Image;
import org.dadda.augment.util.SeededRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class SsimKernelTest {

    @Test
    void scalarAndVectorKernelsAgreeBitForBit() {
        Ssim.Kernel vector = VectorSupport.load("org.dadda.augment.ops.SsimVectorKernel", Ssim.Kernel.class);
        Assumptions.assumeTrue(vector != null, "Vector API not available");
        Ssim.Kernel scalar = new SsimScalarKernel();
        SeededRandom r = new SeededRandom(3);
        int h = 23;
        int w = 37;
        double[] v = new double[h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble();
        }
        double[] rs = new double[h * (w - 6)];
        double[] rv = new double[h * (w - 6)];
        scalar.boxRows(v, h, w, rs);
        vector.boxRows(v, h, w, rv);
        assertArrayEquals(rs, rv, 0);
        double[] cs = new double[(h - 6) * (w - 6)];
        double[] cv = new double[(h - 6) * (w - 6)];
        scalar.boxCols(rs, h, w - 6, cs);
        vector.boxCols(rv, h, w - 6, cv);
        assertArrayEquals(cs, cv, 0);
        int n = 29;
        double[][] in = new double[5][n];
        for (double[] a : in) {
            for (int i = 0; i < n; i++) {
                a[i] = r.nextDouble();
            }
        }
        double[] os = new double[n];
        double[] ov = new double[n];
        scalar.accumulate(os, 0, in[0], in[1], in[2], 0, in[3], in[4], 0, n);
        vector.accumulate(ov, 0, in[0], in[1], in[2], 0, in[3], in[4], 0, n);
        assertArrayEquals(os, ov, 0);
    }

    @Test
    void regionSumsRebuildTheFullMean() {
        Image a = Fixtures.image("astronaut64.png");
        Image b = Fixtures.image("chelsea64.png");
        Ssim.Stats sb = Ssim.stats(b);
        Ssim.Stats sa = Ssim.stats(a);
        double[] sums = Ssim.windowSums(sa, sb);
        int cols = sa.windowCols();
        double inside = 0;
        for (int y = 10; y <= 30; y++) {
            for (int x = 5; x <= 40; x++) {
                inside += sums[y * cols + x];
            }
        }
        assertEquals(inside, Ssim.regionSum(Ssim.region(a, 10, 30, 5, 40), sb), 1e-9);
        double total = 0;
        for (double s : sums) {
            total += s;
        }
        assertEquals(Ssim.ssim(a, b), total / Ssim.normaliser(sa), 1e-12);
    }
}
