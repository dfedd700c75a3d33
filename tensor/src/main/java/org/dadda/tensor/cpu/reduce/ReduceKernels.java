package org.dadda.tensor.cpu.reduce;

import java.util.Arrays;

import org.dadda.tensor.cpu.support.ColumnSweep;
import org.dadda.tensor.parallel.Parallel;

/**
 * float32 reductions: sum or maximum over axes, and the index of the first maximum along an axis,
 * with the semantics of {@link org.dadda.tensor.ref.ReferenceBackend}. Partial sums are added in
 * double in a fixed order, so results do not depend on the thread count.
 */
public final class ReduceKernels {
    /** Elements per task below which splitting work would cost more than it saves. */
    private static final int GRAIN = 1 << 15;

    private ReduceKernels() {
    }


    /**
     * Sum or max over flagged axes. Adjacent axes with the same flag are merged first, so the
     * input is a sequence of alternating kept/reduced runs walked once in order with double
     * accumulators. When the innermost run is reduced, each contiguous row folds to one number;
     * when only trailing axes are reduced, rows are independent and split over the pool.
     */
    public static void reduce(boolean max, float[] x, int xOff, int[] fullShape, boolean[] fullReduce, float[] out) {
        int[] shape = new int[fullShape.length];
        boolean[] red = new boolean[fullShape.length];
        int rank = 0;
        for (int ax = 0; ax < fullShape.length; ax++) {
            if (fullShape[ax] == 1) {
                continue;
            }
            if (rank > 0 && red[rank - 1] == fullReduce[ax]) {
                shape[rank - 1] *= fullShape[ax];
            } else {
                shape[rank] = fullShape[ax];
                red[rank] = fullReduce[ax];
                rank++;
            }
        }
        if (rank == 0) {
            out[0] = x[xOff];
            return;
        }
        int inner = shape[rank - 1];
        boolean innerReduced = red[rank - 1];
        if (rank == 1 || (rank == 2 && innerReduced)) {
            int rows = rank == 1 ? (innerReduced ? 1 : inner) : shape[0];
            int len = innerReduced ? inner : 1;
            Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, len)), (s, e) -> {
                for (int r = s; r < e; r++) {
                    out[r] = fold(max, x, xOff + r * len, len);
                }
            });
            return;
        }
        int outN = 1;
        for (int ax = 0; ax < rank; ax++) {
            if (!red[ax]) {
                outN *= shape[ax];
            }
        }
        int[] outStrides = new int[rank];
        int stride = 1;
        for (int ax = rank - 1; ax >= 0; ax--) {
            outStrides[ax] = red[ax] ? 0 : stride;
            stride *= red[ax] ? 1 : shape[ax];
        }
        double[] acc = new double[outN];
        if (max) {
            java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        int rows = 1;
        for (int ax = 0; ax < rank - 1; ax++) {
            rows *= shape[ax];
        }
        int[] idx = new int[rank];
        int oi = 0;
        int xi = xOff;
        for (int row = 0; row < rows; row++) {
            if (innerReduced) {
                double v = fold(max, x, xi, inner);
                acc[oi] = max ? (v > acc[oi] || Double.isNaN(v) ? v : acc[oi]) : acc[oi] + v;
            } else {
                for (int i = 0; i < inner; i++) {
                    float v = x[xi + i];
                    if (max) {
                        if (v > acc[oi + i] || Float.isNaN(v)) {
                            acc[oi + i] = v;
                        }
                    } else {
                        acc[oi + i] += v;
                    }
                }
            }
            xi += inner;
            for (int ax = rank - 2; ax >= 0; ax--) {
                idx[ax]++;
                oi += outStrides[ax];
                if (idx[ax] < shape[ax]) {
                    break;
                }
                oi -= outStrides[ax] * shape[ax];
                idx[ax] = 0;
            }
        }
        for (int i = 0; i < outN; i++) {
            out[i] = (float) acc[i];
        }
    }

    /** Sum (in double, four partial sums) or NaN-propagating max of {@code n} contiguous floats. */
    private static float fold(boolean max, float[] x, int o, int n) {
        if (max) {
            float m = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                float v = x[o + i];
                if (v > m || Float.isNaN(v)) {
                    m = v;
                }
            }
            return m;
        }
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += x[o + i];
            s1 += x[o + i + 1];
            s2 += x[o + i + 2];
            s3 += x[o + i + 3];
        }
        for (; i < n; i++) {
            s0 += x[o + i];
        }
        return (float) ((s0 + s1) + (s2 + s3));
    }


    /** Index of the first (strict) maximum along the middle axis of a dense {@code [outer, n, inner]} view. */
    public static void argmax(float[] x, int xOff, int outer, int n, int inner, int[] out) {
        ColumnSweep.forColumns(outer, inner, n, (o, c0, c1) -> {
            int slab = xOff + o * n * inner;
            int width = c1 - c0;
            // The running maxima of a block of columns, so that the middle axis is walked row by row.
            float[] best = new float[width];
            System.arraycopy(x, slab + c0, best, 0, width);
            int at = o * inner + c0;
            Arrays.fill(out, at, at + width, 0);
            for (int j = 1; j < n; j++) {
                int r = slab + j * inner + c0;
                for (int c = 0; c < width; c++) {
                    float v = x[r + c];
                    if (v > best[c]) {
                        best[c] = v;
                        out[at + c] = j;
                    }
                }
            }
        });
    }
}
