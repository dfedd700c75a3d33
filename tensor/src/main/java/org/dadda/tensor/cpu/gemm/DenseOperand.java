package org.dadda.tensor.cpu.gemm;

import org.dadda.tensor.cpu.support.IdentityRows;
import java.util.Arrays;

/**
 * A row-major matrix in a float array, optionally transposed, usable as either GEMM operand.
 *
 * @param data  backing array
 * @param off   index of element (0, 0) of the stored matrix
 * @param ld    leading dimension (distance between stored rows)
 * @param trans whether the operand is the transpose of the stored matrix
 */
public record DenseOperand(float[] data, int off, int ld, boolean trans) implements OperandA, OperandB {

    /** A is read in place (the micro-kernel takes both strides), so it is never packed unless scaled. */
    @Override
    public float[] inPlaceData() {
        return data;
    }

    @Override
    public int inPlaceOffset(int i0, int p0) {
        return trans ? off + p0 * ld + i0 : off + i0 * ld + p0;
    }

    @Override
    public int rowStride() {
        return trans ? 1 : ld;
    }

    @Override
    public int depthStride() {
        return trans ? ld : 1;
    }

    @Override
    public int[] inPlaceRows(int k) {
        return trans ? null : IdentityRows.identity(k);
    }

    @Override
    public int inPlaceLd() {
        return ld;
    }

    /**
     * A non-transposed B is read in place for full panels when that costs no more than packing: when its
     * rows are already panel-wide ({@code ld == nr}) or all {@code k} rows span little memory (few
     * pages); a large strided B is packed, since streaming its rows page by page is slower.
     */
    @Override
    public int inPlaceColumn(int j0, int cols, int nr, int k) {
        if (trans || cols < nr || (ld != nr && (long) k * ld > IN_PLACE_SPAN)) {
            return -1;
        }
        return off + j0;
    }

    /** Floats a strided B may span and still be read in place (256 KiB). */
    private static final long IN_PLACE_SPAN = 64 * 1024;

    @Override
    public void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc, int mr, float alpha) {
        for (int i = 0, panel = dOff; i < mc; i += mr, panel += mr * kc) {
            int rows = Math.min(mr, mc - i);
            if (trans) {
                // op(A)[i][p] = data[p*ld + i]: each depth step is a contiguous run of rows.
                int src = off + p0 * ld + i0 + i;
                for (int p = 0, d = panel; p < kc; p++, d += mr, src += ld) {
                    for (int r = 0; r < rows; r++) {
                        dst[d + r] = alpha * data[src + r];
                    }
                    for (int r = rows; r < mr; r++) {
                        dst[d + r] = 0f;
                    }
                }
            } else {
                for (int r = 0; r < rows; r++) {
                    int src = off + (i0 + i + r) * ld + p0;
                    for (int p = 0, d = panel + r; p < kc; p++, d += mr) {
                        dst[d] = alpha * data[src + p];
                    }
                }
                for (int r = rows; r < mr; r++) {
                    for (int p = 0, d = panel + r; p < kc; p++, d += mr) {
                        dst[d] = 0f;
                    }
                }
            }
        }
    }

    @Override
    public void packB(float[] dst, int dOff, int p0, int kc, int j0, int nc, int nr) {
        for (int j = 0, panel = dOff; j < nc; j += nr, panel += nr * kc) {
            int cols = Math.min(nr, nc - j);
            if (trans) {
                // op(B)[p][j] = data[j*ld + p]: gather each column's contiguous run into a strided slot.
                for (int jj = 0; jj < cols; jj++) {
                    int src = off + (j0 + j + jj) * ld + p0;
                    for (int p = 0, d = panel + jj; p < kc; p++, d += nr) {
                        dst[d] = data[src + p];
                    }
                }
                for (int jj = cols; jj < nr; jj++) {
                    for (int p = 0, d = panel + jj; p < kc; p++, d += nr) {
                        dst[d] = 0f;
                    }
                }
            } else {
                int src = off + p0 * ld + j0 + j;
                for (int p = 0, d = panel; p < kc; p++, d += nr, src += ld) {
                    System.arraycopy(data, src, dst, d, cols);
                    if (cols < nr) {
                        Arrays.fill(dst, d + cols, d + nr, 0f);
                    }
                }
            }
        }
    }
}
