package org.dadda.tensor.cpu.elementwise;

import org.dadda.tensor.cpu.support.StridedAxes;

import org.dadda.tensor.parallel.Parallel;
import java.util.Arrays;
import org.dadda.tensor.Shape;

/**
 * The float32 element-wise choice {@code out = cond != 0 ? a : b} over broadcast strided operands,
 * with the semantics of {@link org.dadda.tensor.ref.ReferenceBackend}.
 */
public final class WhereKernel {
    /** Elements per task below which splitting work would cost more than it saves. */
    private static final int GRAIN = 1 << 15;

    private WhereKernel() {
    }

    /** Broadcast {@code out[i] = cond[i] != 0 ? a[i] : b[i]} over {@code fullShape}; {@code out} is dense at 0. */
    public static void where(float[] cond, int cOff, int[] cStrides, float[] a, int aOff, int[] aStrides, float[] b, int bOff,
                      int[] bStrides, float[] out, int[] fullShape) {
        if (Shape.numel(fullShape) == 0) {
            return;
        }
        int[][] m = StridedAxes.merge(fullShape, cStrides, aStrides, bStrides,
                Shape.strides(fullShape));
        int[] shape = m[0];
        int[] cs = m[1];
        int[] as = m[2];
        int[] bs = m[3];
        int rank = shape.length;
        int inner = shape[rank - 1];
        int rows = Shape.numel(shape) / inner;
        int ic = cs[rank - 1];
        int ia = as[rank - 1];
        int ib = bs[rank - 1];
        if (rows == 1) {
            // One long run (every operand dense or scalar): split the run itself.
            Parallel.forRange(inner, GRAIN, (s, e) ->
                    whereRun(cond, cOff, ic, a, aOff, ia, b, bOff, ib, out, 0, s, e));
            return;
        }
        Parallel.forRange(rows, Math.max(1, GRAIN / inner), (s, e) -> StridedAxes.rows(shape, new int[][] {cs, as, bs},
                new int[] {cOff, aOff, bOff}, s, e,
                (row, o) -> whereRun(cond, o[0], ic, a, o[1], ia, b, o[2], ib, out, row * inner, 0, inner)));
    }

    /** Elements {@code [from, to)} of one run of {@code where}; operands step by their own strides. */
    private static void whereRun(float[] cond, int co, int ic, float[] a, int ao, int ia, float[] b, int bo, int ib,
                                 float[] out, int o, int from, int to) {
        for (int i = from; i < to; i++) {
            out[o + i] = cond[co + i * ic] != 0 ? a[ao + i * ia] : b[bo + i * ib];
        }
    }}
