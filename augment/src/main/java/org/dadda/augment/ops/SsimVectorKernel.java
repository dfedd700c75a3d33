package org.dadda.augment.ops;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * SSIM's window arithmetic on the Vector API, lanes along a row; the same operations in the same
 * order as {@link SsimScalarKernel}, which also finishes each row's last partial vector. No
 * vector value crosses a method boundary (a non-inlined call would box it).
 */
final class SsimVectorKernel extends SsimScalarKernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void boxRows(double[] v, int h, int w, double[] rows) {
        int ow = w - 6;
        for (int y = 0; y < h; y++) {
            int vo = y * w;
            int ro = y * ow;
            int x = 0;
            for (; x + L <= ow; x += L) {
                int i = vo + x;
                DoubleVector.fromArray(S, v, i).add(DoubleVector.fromArray(S, v, i + 1)).add(DoubleVector.fromArray(S, v, i + 2))
                    .add(DoubleVector.fromArray(S, v, i + 3)).add(DoubleVector.fromArray(S, v, i + 4))
                    .add(DoubleVector.fromArray(S, v, i + 5)).add(DoubleVector.fromArray(S, v, i + 6))
                    .intoArray(rows, ro + x);
            }
            boxRow(v, vo, rows, ro, x, ow);
        }
    }

    @Override
    public void boxCols(double[] rows, int h, int ow, double[] out) {
        for (int y = 0; y + 6 < h; y++) {
            int ro = y * ow;
            int x = 0;
            for (; x + L <= ow; x += L) {
                int i = ro + x;
                DoubleVector.fromArray(S, rows, i).add(DoubleVector.fromArray(S, rows, i + ow)).add(DoubleVector.fromArray(S, rows, i + 2 * ow))
                    .add(DoubleVector.fromArray(S, rows, i + 3 * ow)).add(DoubleVector.fromArray(S, rows, i + 4 * ow))
                    .add(DoubleVector.fromArray(S, rows, i + 5 * ow)).add(DoubleVector.fromArray(S, rows, i + 6 * ow))
                    .mul(INV_NP).intoArray(out, ro + x);
            }
            boxCol(rows, ro, ow, out, ro, x, ow);
        }
    }

    @Override
    public void accumulate(double[] out, int o, double[] mx, double[] mxx, double[] mxy, int ix, double[] my, double[] myy, int iy, int len) {
        int k = 0;
        for (; k + L <= len; k += L) {
            DoubleVector x = DoubleVector.fromArray(S, mx, ix + k);
            DoubleVector y = DoubleVector.fromArray(S, my, iy + k);
            DoubleVector vx = DoubleVector.fromArray(S, mxx, ix + k).sub(x.mul(x)).mul(COV_NORM);
            DoubleVector vy = DoubleVector.fromArray(S, myy, iy + k).sub(y.mul(y)).mul(COV_NORM);
            DoubleVector vxy = DoubleVector.fromArray(S, mxy, ix + k).sub(x.mul(y)).mul(COV_NORM);
            DoubleVector num = x.mul(2).mul(y).add(C1).mul(vxy.mul(2).add(C2));
            DoubleVector den = x.mul(x).add(y.mul(y)).add(C1).mul(vx.add(vy).add(C2));
            DoubleVector.fromArray(S, out, o + k).add(num.div(den)).intoArray(out, o + k);
        }
        accumulateRange(out, o, mx, mxx, mxy, ix, my, myy, iy, k, len);
    }
}
