package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.cpu.gemm.OperandB;
import java.util.Arrays;

/**
 * The column matrix of a stride-1 convolution over a zero-padded copy of one image (one channel
 * group), in "padded-width" coordinates: column {@code q = oy * pw + ox} for output row {@code oy} and
 * {@code ox < pw} (the padded width; columns {@code ox >= ow} are junk the caller drops), row
 * {@code (ci, i, j)} holds {@code padded[ci][oy + i*dilH][ox + j*dilW]}. Every row is then a contiguous
 * run of the padded image, {@code padded[rows[(ci,i,j)] + q]}, so the micro-kernel reads it in place
 * through the row table and nothing is packed.
 */
final class PaddedImageOperand implements OperandB {

    private final float[] padded;
    private final int[] rows;

    /**
     * @param padded image from {@link #pad}, at least {@link #paddedSize} floats
     * @param rows   row table from {@link #rowTable}
     */
    PaddedImageOperand(float[] padded, int[] rows) {
        this.padded = padded;
        this.rows = rows;
    }

    /** Floats of a padded image: channels x (h + 2 padH) x (w + 2 padW), plus slack for the last panel. */
    static int paddedSize(int channels, int h, int w, int padH, int padW, int kw, int dilW, int nr) {
        return channels * (h + 2 * padH) * (w + 2 * padW) + (kw - 1) * dilW + nr;
    }

    /**
     * Copies channels {@code [c0, c1)} of the image at {@code base} into {@code padded} with a border of
     * zeros; {@code c1 == channels} also zeroes the slack after the last channel.
     */
    static void pad(float[] x, int base, int channels, int h, int w, int padH, int padW, int kw, int dilW, int nr,
                    float[] padded, int c0, int c1) {
        int pw = w + 2 * padW;
        int plane = (h + 2 * padH) * pw;
        for (int ci = c0; ci < c1; ci++) {
            int dst = ci * plane;
            Arrays.fill(padded, dst, dst + padH * pw + padW, 0f);
            for (int y = 0; y < h; y++) {
                int row = dst + (y + padH) * pw + padW;
                System.arraycopy(x, base + (ci * h + y) * w, padded, row, w);
                // The right border of this row and the left border of the next are adjacent.
                Arrays.fill(padded, row + w, row + w + 2 * padW, 0f);
            }
            Arrays.fill(padded, dst + (h + padH) * pw + padW, dst + plane, 0f);
        }
        if (c1 == channels) {
            int end = channels * plane;
            Arrays.fill(padded, end, end + (kw - 1) * dilW + nr, 0f);
        }
    }

    /** Row offsets {@code ci*plane + i*dilH*pw + j*dilW} for every {@code (ci, i, j)}, into {@code rows}. */
    static int[] rowTable(int channels, int h, int w, int padH, int padW, int kh, int kw, int dilH, int dilW, int[] rows) {
        int pw = w + 2 * padW;
        int plane = (h + 2 * padH) * pw;
        int r = 0;
        for (int ci = 0; ci < channels; ci++) {
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++) {
                    rows[r++] = ci * plane + i * dilH * pw + j * dilW;
                }
            }
        }
        return rows;
    }

    @Override
    public void packB(float[] dst, int dOff, int p0, int kc, int j0, int nc, int nr) {
        for (int jj = 0, panel = dOff; jj < nc; jj += nr, panel += nr * kc) {
            int cols = Math.min(nr, nc - jj);
            for (int p = 0, d = panel; p < kc; p++, d += nr) {
                System.arraycopy(padded, rows[p0 + p] + j0 + jj, dst, d, cols);
                if (cols < nr) {
                    Arrays.fill(dst, d + cols, d + nr, 0f);
                }
            }
        }
    }

    @Override
    public float[] inPlaceData() {
        return padded;
    }

    @Override
    public int[] inPlaceRows(int k) {
        return rows;
    }

    /**
     * Every panel is read in place: the last row's last panel ends at most {@code (kw-1)*dilW + nr}
     * floats past the last channel, which the slack of {@link #paddedSize} covers.
     */
    @Override
    public int inPlaceColumn(int j0, int cols, int nr, int k) {
        return j0;
    }
}
