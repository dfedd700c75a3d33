package org.dadda.augment.ops;

/**
 * SSIM's window arithmetic in plain Java. Every output element is computed by the same sequence
 * of double operations as in {@link SsimVectorKernel}, so the two agree bit for bit; the static
 * range methods also finish the elements left after the vector kernel's last full vector.
 */
class SsimScalarKernel implements Ssim.Kernel {

    static final double C1 = Ssim.K1 * Ssim.K1;
    static final double C2 = Ssim.K2 * Ssim.K2;
    static final double COV_NORM = 49 / 48.0;
    static final double INV_NP = 1.0 / 49;

    @Override
    public void boxRows(double[] v, int h, int w, double[] rows) {
        int ow = w - 6;
        for (int y = 0; y < h; y++) {
            boxRow(v, y * w, rows, y * ow, 0, ow);
        }
    }

    @Override
    public void boxCols(double[] rows, int h, int ow, double[] out) {
        for (int y = 0; y + 6 < h; y++) {
            boxCol(rows, y * ow, ow, out, y * ow, 0, ow);
        }
    }

    @Override
    public void accumulate(double[] out, int o, double[] mx, double[] mxx, double[] mxy, int ix, double[] my, double[] myy, int iy, int len) {
        accumulateRange(out, o, mx, mxx, mxy, ix, my, myy, iy, 0, len);
    }

    /** {@code rows[ro + x] = v[vo + x] + ... + v[vo + x + 6]} for x in [x0, x1). */
    static void boxRow(double[] v, int vo, double[] rows, int ro, int x0, int x1) {
        for (int x = x0; x < x1; x++) {
            int i = vo + x;
            rows[ro + x] = v[i] + v[i + 1] + v[i + 2] + v[i + 3] + v[i + 4] + v[i + 5] + v[i + 6];
        }
    }

    /** {@code out[oo + x]} = mean of the 7 rows below {@code ro} at column x, for x in [x0, x1). */
    static void boxCol(double[] rows, int ro, int ow, double[] out, int oo, int x0, int x1) {
        for (int x = x0; x < x1; x++) {
            int i = ro + x;
            out[oo + x] = (rows[i] + rows[i + ow] + rows[i + 2 * ow] + rows[i + 3 * ow] + rows[i + 4 * ow] + rows[i + 5 * ow] + rows[i + 6 * ow]) * INV_NP;
        }
    }

    /** Adds the window SSIM to {@code out[o + k]} for k in [k0, k1). */
    static void accumulateRange(double[] out, int o, double[] mx, double[] mxx, double[] mxy, int ix, double[] my, double[] myy, int iy, int k0, int k1) {
        for (int k = k0; k < k1; k++) {
            double x = mx[ix + k];
            double y = my[iy + k];
            double vx = COV_NORM * (mxx[ix + k] - x * x);
            double vy = COV_NORM * (myy[iy + k] - y * y);
            double vxy = COV_NORM * (mxy[ix + k] - x * y);
            double num = (2 * x * y + C1) * (2 * vxy + C2);
            double den = (x * x + y * y + C1) * (vx + vy + C2);
            out[o + k] += num / den;
        }
    }
}
