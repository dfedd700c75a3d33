package org.dadda.tensor;

/**
 * A square-window 2-d pooling over dense {@code [planes, h, w]} (planes = batch x channels):
 * window {@code kh x kw}, one stride and one zero padding for both axes, PyTorch's output size
 * (floor). Average pooling counts padding in the divisor ({@code count_include_pad}, PyTorch's
 * default); max pooling routes a gradient to the first maximum of its window.
 *
 * @param kind   {@link Reduction#MAX} or {@link Reduction#MEAN}
 * @param planes number of independent planes
 * @param h      input height
 * @param w      input width
 * @param kh     window height
 * @param kw     window width
 * @param stride step between windows
 * @param pad    zero padding on every side
 */
public record PoolGeometry(Reduction kind, int planes, int h, int w, int kh, int kw, int stride, int pad) {

    /** Validates sizes and that a window fits the padded input. */
    public PoolGeometry {
        if (kind != Reduction.MAX && kind != Reduction.MEAN) {
            throw new IllegalArgumentException("pool2d: kind must be MAX or MEAN, got " + kind);
        }
        if (planes < 1 || h < 1 || w < 1 || kh < 1 || kw < 1 || stride < 1 || pad < 0) {
            throw new IllegalArgumentException("pool2d: sizes and stride must be positive, padding >= 0: " + planes
                    + " planes of " + h + "x" + w + ", window " + kh + "x" + kw + ", stride " + stride + ", padding " + pad);
        }
        if (h + 2 * pad < kh || w + 2 * pad < kw) {
            throw new IllegalArgumentException("pool2d: window " + kh + "x" + kw + " larger than padded input "
                    + (h + 2 * pad) + "x" + (w + 2 * pad));
        }
    }

    /** Whether this is max pooling. */
    public boolean isMax() {
        return kind == Reduction.MAX;
    }

    /** Output height. */
    public int oh() {
        return (h + 2 * pad - kh) / stride + 1;
    }

    /** Output width. */
    public int ow() {
        return (w + 2 * pad - kw) / stride + 1;
    }

    /** Elements of the input. */
    public int inputSize() {
        return planes * h * w;
    }

    /** Elements of the output. */
    public int outputSize() {
        return planes * oh() * ow();
    }
}
