package org.dadda.tensor.cpu;

import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.UnaryOp;

/** float32 elementwise kernels: unary maps, broadcast binary ops and strided copies, split over the pool. */
final class Elementwise {
    private static final int GRAIN = 1 << 15;
    private static final boolean SIMD = org.dadda.tensor.cpu.kernels.KernelConfig.simdEnabled();

    private Elementwise() {
    }

    static void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n, float p, float q) {
        Parallel.forRange(n, GRAIN, (s, e) -> unaryRange(op, x, xOff, out, outOff, s, e, p, q));
    }

    private static void unaryRange(UnaryOp op, float[] x, int xo, float[] y, int yo, int s, int e, float p, float q) {
        if (SIMD && (op == UnaryOp.SILU || op == UnaryOp.SIGMOID || op == UnaryOp.EXP)) {
            switch (op) {
                case SILU -> VectorElementwise.silu(x, xo, y, yo, s, e);
                case SIGMOID -> VectorElementwise.sigmoid(x, xo, y, yo, s, e);
                default -> VectorElementwise.exp(x, xo, y, yo, s, e);
            }
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
                    y[yo + i] = v / (1 + (float) Math.exp(-v));
                }
            }
            case SIGMOID -> {
                for (int i = s; i < e; i++) {
                    y[yo + i] = 1 / (1 + (float) Math.exp(-x[xo + i]));
                }
            }
            case EXP -> {
                for (int i = s; i < e; i++) {
                    y[yo + i] = (float) Math.exp(x[xo + i]);
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
                        float sg = 1 / (1 + (float) Math.exp(-v));
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

    /** Broadcast binary op; the innermost axis is handled as a contiguous, scalar or strided run. */
    static void binary(BinaryOp op, float[] a, int aOff, int[] as, float[] b, int bOff, int[] bs, float[] out, int outOff,
                       int[] shape) {
        int rank = shape.length;
        if (rank == 0) {
            out[outOff] = apply(op, a[aOff], b[bOff]);
            return;
        }
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
    static void copyStrided(float[] src, int sOff, int[] ss, float[] dst, int dOff, int[] ds, int[] shape,
                            boolean accumulate) {
        int rank = shape.length;
        if (rank == 0) {
            dst[dOff] = accumulate ? dst[dOff] + src[sOff] : src[sOff];
            return;
        }
        int inner = shape[rank - 1];
        int rows = 1;
        for (int i = 0; i < rank - 1; i++) {
            rows *= shape[i];
        }
        if (rows * inner == 0) {
            return;
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
     * Sum or max over flagged axes. The input is streamed once in order with double accumulators;
     * when only trailing axes are reduced, rows are independent and split over the pool.
     */
    static void reduce(boolean max, float[] x, int xOff, int[] shape, boolean[] reduce, float[] out) {
        int rank = shape.length;
        int firstReduced = rank;
        boolean trailingOnly = true;
        for (int ax = 0; ax < rank; ax++) {
            if (reduce[ax] && firstReduced == rank) {
                firstReduced = ax;
            } else if (!reduce[ax] && firstReduced < rank) {
                trailingOnly = false;
            }
        }
        if (trailingOnly) {
            int rows = 1;
            for (int ax = 0; ax < firstReduced; ax++) {
                rows *= shape[ax];
            }
            int len = 1;
            for (int ax = firstReduced; ax < rank; ax++) {
                len *= shape[ax];
            }
            int n = len;
            Parallel.forRange(rows, Math.max(1, GRAIN / Math.max(1, n)), (s, e) -> {
                for (int r = s; r < e; r++) {
                    int o = xOff + r * n;
                    if (max) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < n; i++) {
                            float v = x[o + i];
                            if (v > m || Float.isNaN(v)) {
                                m = v;
                            }
                        }
                        out[r] = m;
                    } else {
                        double acc = 0;
                        for (int i = 0; i < n; i++) {
                            acc += x[o + i];
                        }
                        out[r] = (float) acc;
                    }
                }
            });
            return;
        }
        int[] outStrides = new int[rank];
        int stride = 1;
        for (int ax = rank - 1; ax >= 0; ax--) {
            outStrides[ax] = reduce[ax] ? 0 : stride;
            stride *= reduce[ax] ? 1 : shape[ax];
        }
        double[] acc = new double[stride];
        if (max) {
            java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        }
        int inner = shape[rank - 1];
        int innerStride = outStrides[rank - 1];
        int rows = 1;
        for (int ax = 0; ax < rank - 1; ax++) {
            rows *= shape[ax];
        }
        int[] idx = new int[rank];
        int oi = 0;
        int xi = xOff;
        for (int row = 0; row < rows; row++) {
            for (int i = 0; i < inner; i++) {
                float v = x[xi + i];
                int at = oi + i * innerStride;
                if (max) {
                    if (v > acc[at] || Float.isNaN(v)) {
                        acc[at] = v;
                    }
                } else {
                    acc[at] += v;
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
        for (int i = 0; i < stride; i++) {
            out[i] = (float) acc[i];
        }
    }
}
