package org.dadda.tensor.cpu;

import org.dadda.tensor.parallel.Parallel;
import java.util.Arrays;
import org.dadda.tensor.Shape;

/**
 * float32 kernels that pick elements rather than compute them: rows by index ({@code indexSelect}
 * and its gradient {@code indexAdd}), the index of the first maximum along an axis, and the
 * element-wise choice {@code where}, with the semantics of {@link org.dadda.tensor.ref.ReferenceBackend}.
 * Each output element is written by one thread in a fixed order, so results do not depend on the
 * thread count.
 */
final class SelectKernels {
    /** Elements per task below which splitting work would cost more than it saves. */
    private static final int GRAIN = 1 << 15;
    /** Columns per task when an {@code [outer, n, inner]} sweep is split along {@code inner}. */
    private static final int COLUMN_BLOCK = 1024;

    private SelectKernels() {
    }

    /** Body of a sweep over columns {@code [c0, c1)} of the slab {@code o} of an {@code [outer, n, inner]} view. */
    @FunctionalInterface
    private interface ColumnBody {
        void run(int o, int c0, int c1);
    }

    /**
     * Runs {@code body} over every slab and block of columns, in parallel. Each column of a slab
     * is visited by exactly one task, so work that walks the middle axis per column stays in order.
     */
    private static void forColumns(int outer, int inner, long workPerColumn, ColumnBody body) {
        int blocks = (inner + COLUMN_BLOCK - 1) / COLUMN_BLOCK;
        long workPerTask = workPerColumn * Math.min(inner, COLUMN_BLOCK);
        Parallel.forRange(outer * blocks, (int) Math.max(1, GRAIN / Math.max(1, workPerTask)), (s, e) -> {
            for (int t = s; t < e; t++) {
                int c0 = (t % blocks) * COLUMN_BLOCK;
                body.run(t / blocks, c0, Math.min(inner, c0 + COLUMN_BLOCK));
            }
        });
    }

    /** {@code out[o, r, :] = x[o, idx[r], :]} of a dense {@code [outer, n, inner]} view at {@code xOff}. */
    static void indexSelect(float[] x, int xOff, int outer, int n, int inner, int[] idx, float[] out) {
        int picks = idx.length;
        Parallel.forRange(outer * picks, Math.max(1, GRAIN / Math.max(1, inner)), (s, e) -> {
            for (int row = s; row < e; row++) {
                int o = row / picks;
                System.arraycopy(x, xOff + (o * n + idx[row % picks]) * inner, out, row * inner, inner);
            }
        });
    }

    /** {@code gx[o, idx[r], :] += g[o, r, :]}, repeated indices adding up in order of {@code r}. */
    static void indexAdd(float[] g, int outer, int n, int inner, int[] idx, float[] gx) {
        int picks = idx.length;
        forColumns(outer, inner, picks, (o, c0, c1) -> {
            for (int r = 0; r < picks; r++) {
                int src = (o * picks + r) * inner;
                int dst = (o * n + idx[r]) * inner;
                for (int c = c0; c < c1; c++) {
                    gx[dst + c] += g[src + c];
                }
            }
        });
    }

    /** Index of the first (strict) maximum along the middle axis of a dense {@code [outer, n, inner]} view. */
    static void argmax(float[] x, int xOff, int outer, int n, int inner, int[] out) {
        forColumns(outer, inner, n, (o, c0, c1) -> {
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

    /** Broadcast {@code out[i] = cond[i] != 0 ? a[i] : b[i]} over {@code fullShape}; {@code out} is dense at 0. */
    static void where(float[] cond, int cOff, int[] cStrides, float[] a, int aOff, int[] aStrides, float[] b, int bOff,
                      int[] bStrides, float[] out, int[] fullShape) {
        if (Shape.numel(fullShape) == 0) {
            return;
        }
        int[][] m = Elementwise.mergeAxes(fullShape, cStrides, aStrides, bStrides,
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
        Parallel.forRange(rows, Math.max(1, GRAIN / inner), (s, e) -> {
            for (int row = s; row < e; row++) {
                int co = cOff;
                int ao = aOff;
                int bo = bOff;
                int rest = row;
                for (int ax = rank - 2; ax >= 0; ax--) {
                    int i = rest % shape[ax];
                    rest /= shape[ax];
                    co += i * cs[ax];
                    ao += i * as[ax];
                    bo += i * bs[ax];
                }
                whereRun(cond, co, ic, a, ao, ia, b, bo, ib, out, row * inner, 0, inner);
            }
        });
    }

    /** Elements {@code [from, to)} of one run of {@code where}; operands step by their own strides. */
    private static void whereRun(float[] cond, int co, int ic, float[] a, int ao, int ia, float[] b, int bo, int ib,
                                 float[] out, int o, int from, int to) {
        for (int i = from; i < to; i++) {
            out[o + i] = cond[co + i * ic] != 0 ? a[ao + i * ia] : b[bo + i * ib];
        }
    }
}
