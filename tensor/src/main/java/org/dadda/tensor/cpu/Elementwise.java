package org.dadda.tensor.cpu;

import org.dadda.tensor.parallel.Parallel;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.UnaryOp;

/**
 * float32 elementwise kernels: unary maps, broadcast binary ops and strided copies, split over the pool.
 * The scalar exponentials use {@link StrictMath}, whose results do not depend on the JIT or CPU.
 */
final class Elementwise {
    private static final int GRAIN = 1 << 15;
    private static final boolean SIMD = org.dadda.tensor.cpu.kernels.KernelConfig.simdEnabled();

    private Elementwise() {
    }

    static void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n, float p, float q) {
        Parallel.forRange(n, GRAIN, (s, e) -> unaryRange(op, x, xOff, out, outOff, s, e, p, q));
    }

    private static void unaryRange(UnaryOp op, float[] x, int xo, float[] y, int yo, int s, int e, float p, float q) {
        // Only where e^x is damped by 1 + e^x: the vector exponential's relative error grows with |x|.
        if (SIMD && op == UnaryOp.SILU) {
            VectorElementwise.silu(x, xo, y, yo, s, e);
            return;
        }
        if (SIMD && op == UnaryOp.SIGMOID) {
            VectorElementwise.sigmoid(x, xo, y, yo, s, e);
            return;
        }
        if (SIMD && op == UnaryOp.RELU) {
            VectorElementwise.relu(x, xo, y, yo, s, e);
            return;
        }
        switch (op) {
            case NEG -> {
                for (int i = s; i < e; i++) {
                    y[yo + i] = -x[xo + i];
                }
            }
            case AFFINE -> {
                for (int i = s; i < e; i++) {
                    y[yo + i] = p * x[xo + i] + q;
                }
            }
            case RELU -> {
                for (int i = s; i < e; i++) {
                    float v = x[xo + i];
                    y[yo + i] = v > 0 ? v : 0;
                }
            }
            case SILU -> {
                for (int i = s; i < e; i++) {
                    float v = x[xo + i];
                    y[yo + i] = v / (1 + (float) StrictMath.exp(-v));
                }
            }
            case SIGMOID -> {
                for (int i = s; i < e; i++) {
                    y[yo + i] = 1 / (1 + (float) StrictMath.exp(-x[xo + i]));
                }
            }
            case EXP -> {
                for (int i = s; i < e; i++) {
                    y[yo + i] = (float) StrictMath.exp(x[xo + i]);
                }
            }
            case SQRT -> {
                for (int i = s; i < e; i++) {
                    y[yo + i] = (float) Math.sqrt(x[xo + i]);
                }
            }
            default -> {
                for (int i = s; i < e; i++) {
                    y[yo + i] = (float) op.apply(x[xo + i], p, q);
                }
            }
        }
    }

    static void unaryBackward(UnaryOp op, float[] x, int xOff, float[] y, int yOff, float[] gy, int gyOff, float[] gx,
                              int n, float p, float q) {
        Parallel.forRange(n, GRAIN, (s, e) -> {
            if (SIMD && op == UnaryOp.SILU) {
                VectorElementwise.siluBackward(x, xOff, gy, gyOff, gx, s, e);
                return;
            }
            if (SIMD && op == UnaryOp.RELU) {
                VectorElementwise.reluBackward(x, xOff, gy, gyOff, gx, s, e);
                return;
            }
            switch (op) {
                case AFFINE -> {
                    for (int i = s; i < e; i++) {
                        gx[i] = gy[gyOff + i] * p;
                    }
                }
                case RELU -> {
                    for (int i = s; i < e; i++) {
                        gx[i] = x[xOff + i] > 0 ? gy[gyOff + i] : 0;
                    }
                }
                case SILU -> {
                    for (int i = s; i < e; i++) {
                        float v = x[xOff + i];
                        float sg = 1 / (1 + (float) StrictMath.exp(-v));
                        gx[i] = gy[gyOff + i] * sg * (1 + v * (1 - sg));
                    }
                }
                default -> {
                    for (int i = s; i < e; i++) {
                        double yv = y == null ? 0 : y[yOff + i];
                        gx[i] = (float) (gy[gyOff + i] * op.derivative(x[xOff + i], yv, p, q));
                    }
                }
            }
        });
    }

    /**
     * Merges adjacent axes that every operand walks contiguously (stride of the outer axis equals
     * size times stride of the inner one), so that kernels see few, long rows. Returns
     * {@code [shape, strides0, strides1, ...]}; size-1 axes are dropped.
     */
    static int[][] mergeAxes(int[] shape, int[]... strides) {
        int rank = shape.length;
        int[] ms = new int[rank];
        int[][] mst = new int[strides.length][rank];
        int k = 0;
        for (int ax = 0; ax < rank; ax++) {
            if (shape[ax] == 1) {
                continue;
            }
            boolean merge = k > 0;
            for (int t = 0; t < strides.length && merge; t++) {
                merge = mst[t][k - 1] == strides[t][ax] * shape[ax];
            }
            if (merge) {
                ms[k - 1] *= shape[ax];
                for (int t = 0; t < strides.length; t++) {
                    mst[t][k - 1] = strides[t][ax];
                }
            } else {
                ms[k] = shape[ax];
                for (int t = 0; t < strides.length; t++) {
                    mst[t][k] = strides[t][ax];
                }
                k++;
            }
        }
        if (k == 0) {
            // Every axis had size 1 (or there were none): one element, no stride needed.
            ms = new int[] {1};
            mst = new int[strides.length][1];
            k = 1;
        }
        int[][] r = new int[strides.length + 1][];
        r[0] = java.util.Arrays.copyOf(ms, k);
        for (int t = 0; t < strides.length; t++) {
            r[t + 1] = java.util.Arrays.copyOf(mst[t], k);
        }
        return r;
    }

    /** Broadcast binary op; the innermost axis is handled as a contiguous, scalar or strided run. */
    static void binary(BinaryOp op, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides, float[] out,
                       int outOff, int[] fullShape) {
        int[][] m = mergeAxes(fullShape, aStrides, bStrides, org.dadda.tensor.Shape.strides(fullShape));
        int[] shape = m[0];
        int[] as = m[1];
        int[] bs = m[2];
        int rank = shape.length;
        // Merge the leading axes into rows of the innermost axis.
        int inner = shape[rank - 1];
        int rows = 1;
        for (int i = 0; i < rank - 1; i++) {
            rows *= shape[i];
        }
        int ia = as[rank - 1];
        int ib = bs[rank - 1];
        int rowGrain = Math.max(1, GRAIN / Math.max(1, inner));
        Parallel.forRange(rows, rowGrain, (s, e) -> {
            int[] idx = new int[rank];
            // Position of row s.
            int r = s;
            for (int ax = rank - 2; ax >= 0; ax--) {
                idx[ax] = r % shape[ax];
                r /= shape[ax];
            }
            for (int row = s; row < e; row++) {
                int ao = aOff;
                int bo = bOff;
                for (int ax = 0; ax < rank - 1; ax++) {
                    ao += idx[ax] * as[ax];
                    bo += idx[ax] * bs[ax];
                }
                binaryRow(op, a, ao, ia, b, bo, ib, out, outOff + row * inner, inner);
                for (int ax = rank - 2; ax >= 0; ax--) {
                    if (++idx[ax] < shape[ax]) {
                        break;
                    }
                    idx[ax] = 0;
                }
            }
        });
    }

    private static void binaryRow(BinaryOp op, float[] a, int ao, int ia, float[] b, int bo, int ib, float[] out, int oo,
                                  int n) {
        if (ia == 1 && ib == 1) {
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = a[ao + i] + b[bo + i];
                    }
                }
                case SUB -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = a[ao + i] - b[bo + i];
                    }
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = a[ao + i] * b[bo + i];
                    }
                }
                case DIV -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = a[ao + i] / b[bo + i];
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = apply(op, a[ao + i], b[bo + i]);
                    }
                }
            }
        } else if (ia == 1 && ib == 0) {
            float bv = b[bo];
            switch (op) {
                case ADD -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = a[ao + i] + bv;
                    }
                }
                case MUL -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = a[ao + i] * bv;
                    }
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        out[oo + i] = apply(op, a[ao + i], bv);
                    }
                }
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[oo + i] = apply(op, a[ao + i * ia], b[bo + i * ib]);
            }
        }
    }

    private static float apply(BinaryOp op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> x >= y ? x : y;
            case MIN -> x <= y ? x : y;
            case GT -> x > y ? 1f : 0f;
            case LT -> x < y ? 1f : 0f;
            case EQ -> x == y ? 1f : 0f;
        };
    }

    /** Strided N-d copy (or accumulation), rows of the innermost axis at a time. */
    static void copyStrided(float[] src, int sOff, int[] srcStrides, float[] dst, int dOff, int[] dstStrides,
                            int[] fullShape, boolean accumulate) {
        if (org.dadda.tensor.Shape.numel(fullShape) == 0) {
            return;
        }
        int[][] m = mergeAxes(fullShape, srcStrides, dstStrides);
        int[] shape = m[0];
        int[] ss = m[1];
        int[] ds = m[2];
        int rank = shape.length;
        int inner = shape[rank - 1];
        int rows = 1;
        for (int i = 0; i < rank - 1; i++) {
            rows *= shape[i];
        }
        int si = ss[rank - 1];
        int di = ds[rank - 1];
        // Accumulation may fold several source rows into one destination row: keep it on one thread.
        int rowGrain = accumulate ? Integer.MAX_VALUE : Math.max(1, GRAIN / Math.max(1, inner));
        Parallel.forRange(rows, rowGrain, (s, e) -> {
            int[] idx = new int[rank];
            int r = s;
            for (int ax = rank - 2; ax >= 0; ax--) {
                idx[ax] = r % shape[ax];
                r /= shape[ax];
            }
            for (int row = s; row < e; row++) {
                int so = sOff;
                int dO = dOff;
                for (int ax = 0; ax < rank - 1; ax++) {
                    so += idx[ax] * ss[ax];
                    dO += idx[ax] * ds[ax];
                }
                if (si == 1 && di == 1 && !accumulate) {
                    System.arraycopy(src, so, dst, dO, inner);
                } else if (accumulate) {
                    for (int i = 0; i < inner; i++) {
                        dst[dO + i * di] += src[so + i * si];
                    }
                } else {
                    for (int i = 0; i < inner; i++) {
                        dst[dO + i * di] = src[so + i * si];
                    }
                }
                for (int ax = rank - 2; ax >= 0; ax--) {
                    if (++idx[ax] < shape[ax]) {
                        break;
                    }
                    idx[ax] = 0;
                }
            }
        });
    }

    /**
     * Sum or max over flagged axes. Adjacent axes with the same flag are merged first, so the
     * input is a sequence of alternating kept/reduced runs walked once in order with double
     * accumulators. When the innermost run is reduced, each contiguous row folds to one number;
     * when only trailing axes are reduced, rows are independent and split over the pool.
     */
    static void reduce(boolean max, float[] x, int xOff, int[] fullShape, boolean[] fullReduce, float[] out) {
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
}
