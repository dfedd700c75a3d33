package org.dadda.tensor.cpu.copy;

import org.dadda.tensor.cpu.support.ColumnSweep;
import org.dadda.tensor.cpu.support.StridedAxes;
import org.dadda.tensor.parallel.Parallel;

/**
 * float32 kernels that move elements: the strided N-d copy (permute, narrow, concatenation,
 * broadcast and their gradients) and rows by index ({@code indexSelect} and its gradient
 * {@code indexAdd}), with the semantics of {@link org.dadda.tensor.ref.ReferenceBackend}. Each
 * output element is written by one thread in a fixed order, so results do not depend on the
 * thread count.
 */
public final class CopyKernels {
    /** Elements per task below which splitting work would cost more than it saves. */
    private static final int GRAIN = 1 << 15;

    private CopyKernels() {
    }


    /** Strided N-d copy (or accumulation), rows of the innermost axis at a time. */
    public static void copyStrided(float[] src, int sOff, int[] srcStrides, float[] dst, int dOff, int[] dstStrides,
                            int[] fullShape, boolean accumulate) {
        if (org.dadda.tensor.Shape.numel(fullShape) == 0) {
            return;
        }
        int[][] m = StridedAxes.merge(fullShape, srcStrides, dstStrides);
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
        Parallel.forRange(rows, rowGrain, (s, e) -> StridedAxes.rows(shape, new int[][] {ss, ds}, new int[] {sOff, dOff}, s, e,
                (row, o) -> {
                    int so = o[0];
                    int dO = o[1];
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
                }));
    }

    /** {@code out[o, r, :] = x[o, idx[r], :]} of a dense {@code [outer, n, inner]} view at {@code xOff}. */
    public static void indexSelect(float[] x, int xOff, int outer, int n, int inner, int[] idx, float[] out) {
        int picks = idx.length;
        Parallel.forRange(outer * picks, Math.max(1, GRAIN / Math.max(1, inner)), (s, e) -> {
            for (int row = s; row < e; row++) {
                int o = row / picks;
                System.arraycopy(x, xOff + (o * n + idx[row % picks]) * inner, out, row * inner, inner);
            }
        });
    }

    /** {@code gx[o, idx[r], :] += g[o, r, :]}, repeated indices adding up in order of {@code r}. */
    public static void indexAdd(float[] g, int outer, int n, int inner, int[] idx, float[] gx) {
        int picks = idx.length;
        ColumnSweep.forColumns(outer, inner, picks, (o, c0, c1) -> {
            for (int r = 0; r < picks; r++) {
                int src = (o * picks + r) * inner;
                int dst = (o * n + idx[r]) * inner;
                for (int c = c0; c < c1; c++) {
                    gx[dst + c] += g[src + c];
                }
            }
        });
    }
}
