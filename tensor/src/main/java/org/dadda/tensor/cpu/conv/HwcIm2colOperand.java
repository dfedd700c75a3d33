package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.cpu.gemm.OperandB;

/**
 * The transposed column matrix of one image (one channel group) as a GEMM right operand, for the
 * weight gradient: row {@code q = oy * ow + ox} (output pixel), column {@code (i, j, ci)} (kernel
 * row, kernel column, input channel). It is read from a zero-padded channels-last copy of the image
 * (see {@link #toPaddedHwc}), where consecutive channels of one tap are consecutive floats, so packing
 * copies contiguous runs instead of transposing element by element.
 */
final class HwcIm2colOperand implements OperandB {

    private final float[] hwc;
    private final int[] pixelRows;
    private final int paddedW;
    private final int channels;
    private final int kw;
    private final int dilH;
    private final int dilW;

    /**
     * @param hwc       padded channels-last image from {@link #toPaddedHwc}
     * @param pixelRows from {@link #pixelTable}: where each output pixel's window starts in {@code hwc}
     * @param paddedW   the image's width including both paddings
     * @param channels  channels per group
     * @param kw        kernel width
     * @param dilH      vertical dilation
     * @param dilW      horizontal dilation
     */
    HwcIm2colOperand(float[] hwc, int[] pixelRows, int paddedW, int channels, int kw, int dilH, int dilW) {
        this.hwc = hwc;
        this.pixelRows = pixelRows;
        this.paddedW = paddedW;
        this.channels = channels;
        this.kw = kw;
        this.dilH = dilH;
        this.dilW = dilW;
    }

    /**
     * Writes {@code hwc[((y + padH) * (w + 2 padW) + x + padW) * channels + ci] = x[base + ci*h*w + y*w + x]},
     * zeros in the padding, for rows {@code [y0, y1)} of the padded image.
     */
    static void toPaddedHwc(float[] x, int base, int channels, int h, int w, int padH, int padW,
                            float[] hwc, int y0, int y1) {
        int pw = w + 2 * padW;
        for (int py = y0; py < y1; py++) {
            int rowOut = py * pw * channels;
            int iy = py - padH;
            if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(hwc, rowOut, rowOut + pw * channels, 0f);
                continue;
            }
            java.util.Arrays.fill(hwc, rowOut, rowOut + padW * channels, 0f);
            java.util.Arrays.fill(hwc, rowOut + (padW + w) * channels, rowOut + pw * channels, 0f);
            int inRow = base + iy * w;
            int out0 = rowOut + padW * channels;
            // Blocks of channels keep the reads to a few streams and the writes contiguous.
            for (int c0 = 0; c0 < channels; c0 += 16) {
                int c1 = Math.min(channels, c0 + 16);
                for (int ix = 0; ix < w; ix++) {
                    int o = out0 + ix * channels;
                    int in = inRow + ix;
                    for (int ci = c0; ci < c1; ci++) {
                        hwc[o + ci] = x[in + ci * h * w];
                    }
                }
            }
        }
    }

    /** {@code rows[oy*ow + ox] = (oy*strideH*paddedW + ox*strideW) * channels} for every output pixel. */
    static int[] pixelTable(int oh, int ow, int paddedW, int channels, int strideH, int strideW, int[] rows) {
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                rows[oy * ow + ox] = (oy * strideH * paddedW + ox * strideW) * channels;
            }
        }
        return rows;
    }

    @Override
    public float[] inPlaceData() {
        return hwc;
    }

    @Override
    public int[] inPlaceRows(int k) {
        return pixelRows;
    }

    /** A panel of consecutive channels of one kernel tap is contiguous in every pixel's window: read it in place. */
    @Override
    public int inPlaceColumn(int j0, int cols, int nr, int k) {
        int tap = j0 / channels;
        int ci = j0 - tap * channels;
        if (ci + nr > channels) {
            return -1;
        }
        int ki = tap / kw;
        int kj = tap - ki * kw;
        return (ki * dilH * paddedW + kj * dilW) * channels + ci;
    }

    @Override
    public void packB(float[] dst, int dOff, int p0, int kc, int j0, int nc, int nr) {
        int[] runSrc = new int[nr];
        int[] runDst = new int[nr];
        int[] runLen = new int[nr];
        for (int jj = 0, panel = dOff; jj < nc; jj += nr, panel += nr * kc) {
            int cols = Math.min(nr, nc - jj);
            int runs = 0;
            int k = j0 + jj;
            // Split the panel's columns into runs of consecutive channels of one kernel tap.
            for (int t = 0; t < cols; ) {
                int tap = (k + t) / channels;
                int ci = (k + t) - tap * channels;
                int ki = tap / kw;
                int kj = tap - ki * kw;
                int len = Math.min(cols - t, channels - ci);
                runSrc[runs] = (ki * dilH * paddedW + kj * dilW) * channels + ci;
                runDst[runs] = t;
                runLen[runs] = len;
                runs++;
                t += len;
            }
            for (int p = 0, d = panel; p < kc; p++, d += nr) {
                int pix = pixelRows[p0 + p];
                for (int r = 0; r < runs; r++) {
                    int src = pix + runSrc[r];
                    int at = d + runDst[r];
                    int len = runLen[r];
                    if (len >= 8) {
                        System.arraycopy(hwc, src, dst, at, len);
                    } else {
                        for (int e = 0; e < len; e++) {
                            dst[at + e] = hwc[src + e];
                        }
                    }
                }
                for (int t = cols; t < nr; t++) {
                    dst[d + t] = 0f;
                }
            }
        }
    }
}
