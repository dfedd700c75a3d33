package org.dadda.tensor.cpu.elementwise;

import org.dadda.tensor.cpu.support.StridedAxes;

import org.dadda.tensor.parallel.Parallel;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.UnaryOp;

/**
 * float32 elementwise kernels: unary maps, broadcast binary ops and strided copies, split over the pool.
 * The scalar exponentials use {@link StrictMath}, whose results do not depend on the JIT or CPU.
 */
public final class Elementwise {
    private static final int GRAIN = 1 << 15;
    private static final boolean SIMD = org.dadda.tensor.cpu.support.KernelConfig.simdEnabled();

    private Elementwise() {
    }

    public static void unary(UnaryOp op, float[] x, int xOff, float[] out, int outOff, int n, float p, float q) {
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

    public static void unaryBackward(UnaryOp op, float[] x, int xOff, float[] y, int yOff, float[] gy, int gyOff, float[] gx,
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

    /** Broadcast binary op; the innermost axis is handled as a contiguous, scalar or strided run. */
    public static void binary(BinaryOp op, float[] a, int aOff, int[] aStrides, float[] b, int bOff, int[] bStrides, float[] out,
                       int outOff, int[] fullShape) {
        int[][] m = StridedAxes.merge(fullShape, aStrides, bStrides, org.dadda.tensor.Shape.strides(fullShape));
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
        Parallel.forRange(rows, rowGrain, (s, e) -> StridedAxes.rows(shape, new int[][] {as, bs}, new int[] {aOff, bOff}, s, e,
                (row, o) -> binaryRow(op, a, o[0], ia, b, o[1], ib, out, outOff + row * inner, inner)));
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
    }}
