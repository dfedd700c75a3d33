package org.dadda.augment.ops;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The quick shift window passes on the Vector API: lanes run along a row of pixels, so every
 * load is contiguous. Same loop order and same arithmetic as {@link QuickShiftScalarKernel},
 * whose column loops finish the columns after the last full vector, so both kernels give the
 * same bits. Loaded only when the {@code jdk.incubator.vector} module is present.
 *
 * <p>No vector value crosses a method boundary: if the JIT declined to inline such a method,
 * every vector would be boxed on the heap and the kernel would run many times slower.
 */
final class QuickShiftVectorKernel implements QuickShift.Kernel {

    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final double[] IOTA = new double[L];

    static {
        for (int i = 0; i < L; i++) {
            IOTA[i] = i;
        }
    }

    @Override
    public void densities(double[] f, int channels, int h, int w, int kw, double inv, double[] dens) {
        if (channels != 3) {
            new QuickShiftScalarKernel().densities(f, channels, h, w, kw, inv, dens);
            return;
        }
        int n = h * w;
        for (int r = 0; r < h; r++) {
            int rowP = r * w;
            for (int dc = -kw; dc <= kw; dc++) {
                int c1 = Math.min(w, w - dc);
                double sp = (double) dc * dc;
                int c = pairs(f, n, rowP, rowP + dc, sp, inv, dens, false, Math.max(0, -dc), c1);
                QuickShiftScalarKernel.sameRow(f, channels, n, rowP, dc, sp, inv, dens, c, c1);
            }
            for (int dr = 1; dr <= kw && r + dr < h; dr++) {
                int rowQ = (r + dr) * w;
                for (int dc = -kw; dc <= kw; dc++) {
                    int c1 = Math.min(w, w - dc);
                    double sp = (double) dr * dr + (double) dc * dc;
                    int c = pairs(f, n, rowP, rowQ + dc, sp, inv, dens, true, Math.max(0, -dc), c1);
                    QuickShiftScalarKernel.crossRows(f, channels, n, rowP, rowQ + dc, sp, inv, dens, c, c1);
                }
            }
        }
    }

    /**
     * Full vectors of pair weights between pixels {@code rowP + c} and {@code rowQ + c} from
     * column {@code c0}, added to the first pixel (and to the second when {@code both}).
     *
     * @return the first column not done
     */
    private static int pairs(double[] f, int n, int rowP, int rowQ, double sp, double inv, double[] dens, boolean both, int c0, int c1) {
        double[] k = FastExp.C;
        int c = c0;
        for (; c + L <= c1; c += L) {
            int p = rowP + c;
            int q = rowQ + c;
            DoubleVector t0 = DoubleVector.fromArray(S, f, p).sub(DoubleVector.fromArray(S, f, q));
            DoubleVector t1 = DoubleVector.fromArray(S, f, n + p).sub(DoubleVector.fromArray(S, f, n + q));
            DoubleVector t2 = DoubleVector.fromArray(S, f, 2 * n + p).sub(DoubleVector.fromArray(S, f, 2 * n + q));
            DoubleVector x = t0.mul(t0).add(t1.mul(t1)).add(t2.mul(t2)).add(sp).mul(inv);
            // FastExp.exp, operation for operation, with Horner's scheme written out.
            x = x.max(FastExp.MIN_ARG).min(FastExp.MAX_ARG);
            DoubleVector t = x.mul(FastExp.LOG2E).add(FastExp.SHIFTER);
            DoubleVector nn = t.sub(FastExp.SHIFTER);
            DoubleVector rr = x.sub(nn.mul(FastExp.LN2_HI)).sub(nn.mul(FastExp.LN2_LO));
            DoubleVector e = rr.mul(k[0]).add(k[1]);
            e = e.mul(rr).add(k[2]);
            e = e.mul(rr).add(k[3]);
            e = e.mul(rr).add(k[4]);
            e = e.mul(rr).add(k[5]);
            e = e.mul(rr).add(k[6]);
            e = e.mul(rr).add(k[7]);
            e = e.mul(rr).add(k[8]);
            e = e.mul(rr).add(k[9]);
            e = e.mul(rr).add(k[10]);
            e = e.mul(rr).add(k[11]);
            e = e.mul(rr).add(k[12]);
            LongVector bits = ((LongVector) t.reinterpretAsLongs()).sub(FastExp.SHIFTER_BITS - 1023).lanewise(VectorOperators.LSHL, 52);
            e = e.mul((DoubleVector) bits.reinterpretAsDoubles());
            DoubleVector.fromArray(S, dens, p).add(e).intoArray(dens, p);
            if (both) {
                DoubleVector.fromArray(S, dens, q).add(e).intoArray(dens, q);
            }
        }
        return c;
    }

    @Override
    public void parents(double[] f, int channels, int h, int w, int kw, double[] dens, int[] parent, double[] dist2) {
        if (channels != 3) {
            new QuickShiftScalarKernel().parents(f, channels, h, w, kw, dens, parent, dist2);
            return;
        }
        int n = h * w;
        double[] closest = new double[w];
        double[] par = new double[w];
        for (int r = 0; r < h; r++) {
            int rowP = r * w;
            QuickShiftScalarKernel.startRow(closest, par, rowP);
            int r0 = Math.max(0, r - kw);
            int r1 = Math.min(h, r + kw + 1);
            for (int r2 = r0; r2 < r1; r2++) {
                int dr = r2 - r;
                for (int dc = -kw; dc <= kw; dc++) {
                    int c1 = Math.min(w, w - dc);
                    double sp = (double) dr * dr + (double) dc * dc;
                    int rowQ = r2 * w + dc;
                    int c = nearestDenser(f, n, dens, rowP, rowQ, sp, closest, par, Math.max(0, -dc), c1);
                    QuickShiftScalarKernel.nearestDenser(f, channels, n, dens, rowP, rowQ, sp, closest, par, c, c1);
                }
            }
            QuickShiftScalarKernel.endRow(closest, par, rowP, parent, dist2);
        }
    }

    /** Full vectors of {@link QuickShiftScalarKernel#nearestDenser}; returns the first column not done. */
    private static int nearestDenser(double[] f, int n, double[] dens, int rowP, int rowQ, double sp,
                                     double[] closest, double[] par, int c0, int c1) {
        DoubleVector iota = DoubleVector.fromArray(S, IOTA, 0);
        int c = c0;
        for (; c + L <= c1; c += L) {
            int p = rowP + c;
            int q = rowQ + c;
            VectorMask<Double> denser = DoubleVector.fromArray(S, dens, q).compare(VectorOperators.GT, DoubleVector.fromArray(S, dens, p));
            if (!denser.anyTrue()) {
                continue;
            }
            DoubleVector t0 = DoubleVector.fromArray(S, f, p).sub(DoubleVector.fromArray(S, f, q));
            DoubleVector t1 = DoubleVector.fromArray(S, f, n + p).sub(DoubleVector.fromArray(S, f, n + q));
            DoubleVector t2 = DoubleVector.fromArray(S, f, 2 * n + p).sub(DoubleVector.fromArray(S, f, 2 * n + q));
            DoubleVector d = t0.mul(t0).add(t1.mul(t1)).add(t2.mul(t2)).add(sp);
            DoubleVector best = DoubleVector.fromArray(S, closest, c);
            VectorMask<Double> take = denser.and(d.compare(VectorOperators.LT, best));
            best.blend(d, take).intoArray(closest, c);
            DoubleVector.fromArray(S, par, c).blend(iota.add((double) q), take).intoArray(par, c);
        }
        return c;
    }
}
