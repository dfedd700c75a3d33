package org.dadda.tensor;

import java.util.Arrays;

/**
 * Shape bookkeeping of a 2-d convolution over NCHW input with OIHW weights
 * ({@code weight[outChannels][inChannels / groups][kh][kw]}), as in PyTorch's conv2d.
 *
 * @param n         batch size
 * @param c         input channels
 * @param h         input height
 * @param w         input width
 * @param oc        output channels
 * @param kh        kernel height
 * @param kw        kernel width
 * @param strideH   vertical stride
 * @param strideW   horizontal stride
 * @param padH      zero padding added above and below
 * @param padW      zero padding added left and right
 * @param dilH      vertical dilation
 * @param dilW      horizontal dilation
 * @param groups    number of channel groups ({@code c} and {@code oc} divisible by it)
 */
public record ConvGeometry(int n, int c, int h, int w, int oc, int kh, int kw,
                           int strideH, int strideW, int padH, int padW, int dilH, int dilW, int groups) {

    /** Validates the geometry; the message names every inconsistent field. */
    public ConvGeometry {
        if (n < 1 || c < 1 || h < 1 || w < 1 || oc < 1 || kh < 1 || kw < 1) {
            throw new IllegalArgumentException("conv2d: sizes must be positive: " + this);
        }
        if (strideH < 1 || strideW < 1 || dilH < 1 || dilW < 1 || padH < 0 || padW < 0 || groups < 1) {
            throw new IllegalArgumentException("conv2d: stride and dilation must be >= 1, padding >= 0, groups >= 1: " + this);
        }
        if (c % groups != 0 || oc % groups != 0) {
            throw new IllegalArgumentException("conv2d: in channels " + c + " and out channels " + oc
                    + " must both be divisible by groups " + groups);
        }
        if (outH(h, kh, strideH, padH, dilH) < 1 || outH(w, kw, strideW, padW, dilW) < 1) {
            throw new IllegalArgumentException("conv2d: kernel " + kh + "x" + kw + " (dilation " + dilH + "x" + dilW
                    + ") larger than padded input " + (h + 2 * padH) + "x" + (w + 2 * padW));
        }
    }

    private static int outH(int in, int k, int s, int p, int d) {
        return (in + 2 * p - d * (k - 1) - 1) / s + 1;
    }

    /** Output height. */
    public int oh() {
        return outH(h, kh, strideH, padH, dilH);
    }

    /** Output width. */
    public int ow() {
        return outH(w, kw, strideW, padW, dilW);
    }

    /** Input channels per group. */
    public int cPerGroup() {
        return c / groups;
    }

    /** Output channels per group. */
    public int ocPerGroup() {
        return oc / groups;
    }

    /** Input shape {@code [n, c, h, w]}. */
    public int[] inputShape() {
        return new int[] {n, c, h, w};
    }

    /** Weight shape {@code [oc, c / groups, kh, kw]}. */
    public int[] weightShape() {
        return new int[] {oc, c / groups, kh, kw};
    }

    /** Output shape {@code [n, oc, oh, ow]}. */
    public int[] outputShape() {
        return new int[] {n, oc, oh(), ow()};
    }

    /** Multiply-adds of the forward pass (times two gives FLOPs). */
    public long macs() {
        return (long) n * oc * oh() * ow() * cPerGroup() * kh * kw;
    }

    @Override
    public String toString() {
        return "ConvGeometry{input=" + Arrays.toString(new int[] {n, c, h, w}) + ", out channels=" + oc
                + ", kernel=" + kh + "x" + kw + ", stride=" + strideH + "x" + strideW + ", padding=" + padH + "x" + padW
                + ", dilation=" + dilH + "x" + dilW + ", groups=" + groups + "}";
    }
}
