package org.dadda.tensor.cpu.conv;

import org.dadda.tensor.cpu.gemm.DenseOperand;
import org.dadda.tensor.cpu.gemm.OperandB;

import org.junit.jupiter.api.Test;

import static org.dadda.tensor.cpu.KernelTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every GEMM operand packs exactly the matrix it stands for, and its in-place view (when it offers
 * one) reads the same values, for blocks that start and end anywhere.
 */
class OperandPackingTest {

    private static final int NR = 8;
    private static final int MR = 4;

    /** Checks a packed B block against {@code expected(p, j)}, zero past the block's columns. */
    private interface MatrixB {
        float at(int p, int j);
    }

    private static void checkPackB(String what, OperandB op, int k, int n, MatrixB expected) {
        int[][] blocks = {{0, k, 0, n}, {1, k - 1, 3, n - 3}, {k / 2, k - k / 2, n / 2, n - n / 2}};
        for (int[] blk : blocks) {
            int p0 = blk[0];
            int kc = blk[1];
            int j0 = blk[2];
            int nc = blk[3];
            float[] dst = new float[5 + (nc + NR - 1) / NR * NR * kc];
            op.packB(dst, 5, p0, kc, j0, nc, NR);
            for (int jj = 0; jj < nc; jj += NR) {
                for (int p = 0; p < kc; p++) {
                    for (int t = 0; t < NR; t++) {
                        float want = jj + t < nc ? expected.at(p0 + p, j0 + jj + t) : 0f;
                        assertEquals(want, dst[5 + jj * kc + p * NR + t], 0f,
                                what + ": packed element (" + (p0 + p) + ", " + (j0 + jj + t) + ")");
                    }
                }
            }
            float[] data = op.inPlaceData();
            if (data == null) {
                continue;
            }
            int[] rows = op.inPlaceRows(k);
            for (int j = 0; j + NR <= n; j++) {
                int col = op.inPlaceColumn(j, NR, NR, k);
                if (col < 0) {
                    continue;
                }
                for (int p = 0; p < k; p++) {
                    for (int t = 0; t < NR; t++) {
                        assertEquals(expected.at(p, j + t), data[rows[p] * op.inPlaceLd() + col + t], 0f,
                                what + ": in-place element (" + p + ", " + (j + t) + ")");
                    }
                }
            }
        }
    }

    @Test
    void denseOperandsPackTheirMatrix() {
        int m = 11;
        int k = 13;
        int ld = 17;
        float[] a = random(3 + 20 * ld, 1);
        for (boolean trans : new boolean[] {false, true}) {
            DenseOperand op = new DenseOperand(a, 3, ld, trans);
            checkPackB("dense B trans=" + trans, op, k, m,
                    (p, j) -> trans ? a[3 + j * ld + p] : a[3 + p * ld + j]);
            float[] dst = new float[(m + MR - 1) / MR * MR * k];
            op.packA(dst, 0, 0, m, 0, k, MR, 2f);
            for (int i = 0; i < (m + MR - 1) / MR * MR; i++) {
                for (int p = 0; p < k; p++) {
                    float want = i < m ? 2f * (trans ? a[3 + p * ld + i] : a[3 + i * ld + p]) : 0f;
                    assertEquals(want, dst[(i / MR) * MR * k + p * MR + i % MR], 0f, "dense A trans=" + trans);
                    if (i < m) {
                        int off = op.inPlaceOffset(i / MR * MR, 0) + (i % MR) * op.rowStride() + p * op.depthStride();
                        assertEquals(want / 2f, a[off], 0f, "dense A in place trans=" + trans);
                    }
                }
            }
        }
    }

    @Test
    void paddedImageOperandIsTheStride1ColumnMatrix() {
        int channels = 3;
        int h = 5;
        int w = 6;
        int kh = 3;
        int kw = 2;
        int padH = 1;
        int padW = 2;
        int dilH = 1;
        int dilW = 2;
        float[] x = random(7 + channels * h * w, 2);
        int pw = w + 2 * padW;
        int oh = h + 2 * padH - dilH * (kh - 1);
        float[] padded = new float[PaddedImageOperand.paddedSize(channels, h, w, padH, padW, kw, dilW, NR)];
        java.util.Arrays.fill(padded, Float.NaN);
        PaddedImageOperand.pad(x, 7, channels, h, w, padH, padW, kw, dilW, NR, padded, 0, 1);
        PaddedImageOperand.pad(x, 7, channels, h, w, padH, padW, kw, dilW, NR, padded, 1, channels);
        int[] rows = PaddedImageOperand.rowTable(channels, h, w, padH, padW, kh, kw, dilH, dilW, new int[channels * kh * kw]);
        PaddedImageOperand op = new PaddedImageOperand(padded, rows);
        checkPackB("padded image", op, channels * kh * kw, oh * pw, (p, q) -> {
            int ci = p / (kh * kw);
            int i = p % (kh * kw) / kw;
            int j = p % kw;
            int oy = q / pw;
            int ox = q % pw;
            int iy = oy - padH + i * dilH;
            int ix = ox - padW + j * dilW;
            if (ox + j * dilW >= pw) {
                // Junk column: its window runs into the next padded row; the conv drops these columns.
                return padded[rows[p] + q];
            }
            return iy >= 0 && iy < h && ix >= 0 && ix < w ? x[7 + (ci * h + iy) * w + ix] : 0f;
        });
    }

    @Test
    void channelsLastOperandIsTheTransposedColumnMatrix() {
        int channels = 20;
        int h = 6;
        int w = 5;
        int kh = 2;
        int kw = 3;
        int stride = 2;
        int pad = 1;
        int dil = 1;
        float[] x = random(channels * h * w, 3);
        int ph = h + 2 * pad;
        int pw = w + 2 * pad;
        int oh = (h + 2 * pad - dil * (kh - 1) - 1) / stride + 1;
        int ow = (w + 2 * pad - dil * (kw - 1) - 1) / stride + 1;
        float[] hwc = new float[ph * pw * channels];
        HwcIm2colOperand.toPaddedHwc(x, 0, channels, h, w, pad, pad, hwc, 0, 3);
        HwcIm2colOperand.toPaddedHwc(x, 0, channels, h, w, pad, pad, hwc, 3, ph);
        int[] pixels = HwcIm2colOperand.pixelTable(oh, ow, pw, channels, stride, stride, new int[oh * ow]);
        HwcIm2colOperand op = new HwcIm2colOperand(hwc, pixels, pw, channels, kw, dil, dil);
        checkPackB("channels-last", op, oh * ow, kh * kw * channels, (q, col) -> {
            int tap = col / channels;
            int ci = col % channels;
            int i = tap / kw;
            int j = tap % kw;
            int iy = q / ow * stride - pad + i * dil;
            int ix = q % ow * stride - pad + j * dil;
            return iy >= 0 && iy < h && ix >= 0 && ix < w ? x[(ci * h + iy) * w + ix] : 0f;
        });
    }
}
