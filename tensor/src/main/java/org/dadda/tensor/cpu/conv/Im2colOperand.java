package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.cpu.gemm.OperandB;
import java.util.Arrays;

/**
 * The column matrix of one image (one channel group) as a GEMM right operand, packed straight from
 * the image without materialising it: row {@code (ci, i, j)} (input channel, kernel row, kernel
 * column), column {@code q = oy * ow + ox} (output pixel) holds
 * {@code x[ci][oy*strideH - padH + i*dilH][ox*strideW - padW + j*dilW]}, zero outside the image.
 * Padding may be negative (a crop), which the input gradient's equivalent convolution needs.
 */
final class Im2colOperand implements OperandB {

    private final float[] x;
    private final int base;
    private final int h;
    private final int w;
    private final int kh;
    private final int kw;
    private final int strideH;
    private final int strideW;
    private final int padH;
    private final int padW;
    private final int dilH;
    private final int dilW;
    private final int ow;

    /**
     * @param x    images, NCHW
     * @param base index of the first input channel of this image and group
     * @param h    input height
     * @param w    input width
     * @param kh   kernel height
     * @param kw   kernel width
     * @param ow   output width (the output height only bounds the columns the GEMM asks for)
     */
    Im2colOperand(float[] x, int base, int h, int w, int kh, int kw, int strideH, int strideW,
                  int padH, int padW, int dilH, int dilW, int ow) {
        this.x = x;
        this.base = base;
        this.h = h;
        this.w = w;
        this.kh = kh;
        this.kw = kw;
        this.strideH = strideH;
        this.strideW = strideW;
        this.padH = padH;
        this.padW = padW;
        this.dilH = dilH;
        this.dilW = dilW;
        this.ow = ow;
    }

    @Override
    public void packB(float[] dst, int dOff, int p0, int kc, int j0, int nc, int nr) {
        int khw = kh * kw;
        for (int jj = 0, panel = dOff; jj < nc; jj += nr, panel += nr * kc) {
            int cols = Math.min(nr, nc - jj);
            int q0 = j0 + jj;
            int oy0 = q0 / ow;
            int ox0 = q0 - oy0 * ow;
            int ci = p0 / khw;
            int rem = p0 - ci * khw;
            int ki = rem / kw;
            int kj = rem - ki * kw;
            for (int kk = 0, d = panel; kk < kc; kk++, d += nr) {
                fillRow(dst, d, cols, base + ci * h * w, ki * dilH - padH, kj * dilW - padW, oy0, ox0);
                if (cols < nr) {
                    Arrays.fill(dst, d + cols, d + nr, 0f);
                }
                if (++kj == kw) {
                    kj = 0;
                    if (++ki == kh) {
                        ki = 0;
                        ci++;
                    }
                }
            }
        }
    }

    /** Writes {@code cols} output pixels from (oy0, ox0) on, row by row, of one kernel tap of one channel. */
    private void fillRow(float[] dst, int d, int cols, int chan, int dy, int dx, int oy0, int ox0) {
        int oy = oy0;
        int ox = ox0;
        int t = 0;
        while (t < cols) {
            int seg = Math.min(cols - t, ow - ox);
            int iy = oy * strideH + dy;
            int at = d + t;
            if (iy < 0 || iy >= h) {
                Arrays.fill(dst, at, at + seg, 0f);
            } else if (strideW == 1) {
                int row = chan + iy * w;
                int ix0 = ox + dx;
                // Pixels whose input column falls inside [0, w) form one contiguous run.
                int lo = Math.min(seg, Math.max(0, -ix0));
                int hi = Math.max(lo, Math.min(seg, w - ix0));
                if (lo > 0) {
                    Arrays.fill(dst, at, at + lo, 0f);
                }
                if (hi > lo) {
                    System.arraycopy(x, row + ix0 + lo, dst, at + lo, hi - lo);
                }
                if (hi < seg) {
                    Arrays.fill(dst, at + hi, at + seg, 0f);
                }
            } else {
                int row = chan + iy * w;
                int ix0 = ox * strideW + dx;
                // Pixels e whose input column ix0 + e * strideW falls inside [0, w): one run [lo, hi).
                int lo = Math.min(seg, ix0 >= 0 ? 0 : (-ix0 + strideW - 1) / strideW);
                int hi = Math.max(lo, Math.min(seg, ix0 >= w ? 0 : (w - 1 - ix0) / strideW + 1));
                if (lo > 0) {
                    Arrays.fill(dst, at, at + lo, 0f);
                }
                for (int e = lo, src = row + ix0 + lo * strideW; e < hi; e++, src += strideW) {
                    dst[at + e] = x[src];
                }
                if (hi < seg) {
                    Arrays.fill(dst, at + hi, at + seg, 0f);
                }
            }
            t += seg;
            oy++;
            ox = 0;
        }
    }
}
