package org.dadda.tensor;

/**
 * A change of resolution of dense {@code [planes, h, w]} to {@code [planes, oh, ow]}: adaptive
 * average pooling (any output size, PyTorch's bins) and nearest upsampling (an output an integer
 * multiple of the input) share it.
 *
 * @param planes number of independent planes (batch x channels)
 * @param h      input height
 * @param w      input width
 * @param oh     output height
 * @param ow     output width
 */
public record ResizeGeometry(int planes, int h, int w, int oh, int ow) {

    /** Validates that every size is positive. */
    public ResizeGeometry {
        if (planes < 1 || h < 1 || w < 1 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException("resize: sizes must be positive: " + planes + " planes, " + h + "x" + w
                    + " to " + oh + "x" + ow);
        }
    }

    /** Nearest upsampling of {@code [planes, h, w]} by integer factors. */
    public static ResizeGeometry upsample(int planes, int h, int w, int sh, int sw) {
        return new ResizeGeometry(planes, h, w, h * sh, w * sw);
    }

    /** Vertical upsampling factor; the output must be an integer multiple of the input. */
    public int scaleH() {
        return integerScale(oh, h, "height");
    }

    /** Horizontal upsampling factor; the output must be an integer multiple of the input. */
    public int scaleW() {
        return integerScale(ow, w, "width");
    }

    private static int integerScale(int out, int in, String axis) {
        if (out % in != 0) {
            throw new IllegalArgumentException("upsample: output " + axis + " " + out + " is not a multiple of " + in);
        }
        return out / in;
    }

    /** Elements of the input. */
    public int inputSize() {
        return planes * h * w;
    }

    /** Elements of the output. */
    public int outputSize() {
        return planes * oh * ow;
    }
}
