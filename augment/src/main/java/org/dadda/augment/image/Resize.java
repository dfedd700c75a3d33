package org.dadda.augment.image;

/**
 * Resizes images and masks, each axis on its own: an axis that shrinks averages the exact area
 * each output pixel covers (box/area filter, so no aliasing), an axis that grows interpolates
 * bilinearly between pixel centres with clamped edges.
 */
public final class Resize {

    private Resize() {
    }

    /** Resizes every channel of {@code image} to {@code width x height}; the same size returns a copy. */
    public static Image image(Image image, int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (width == image.width() && height == image.height()) {
            return image.copy();
        }
        Weights wx = Weights.of(image.width(), width);
        Weights wy = Weights.of(image.height(), height);
        int inW = image.width();
        int inH = image.height();
        int ch = image.channels();
        float[] src = image.data();
        float[] out = new float[ch * width * height];
        float[] tmp = new float[inH * width];
        for (int c = 0; c < ch; c++) {
            int inBase = c * inH * inW;
            for (int y = 0; y < inH; y++) {
                wx.apply(src, inBase + y * inW, 1, tmp, y * width, 1);
            }
            int outBase = c * height * width;
            for (int x = 0; x < width; x++) {
                wy.apply(tmp, x, width, out, outBase + x, width);
            }
        }
        return new Image(ch, height, width, out);
    }

    /**
     * Resizes a mask: the mask is resized as a 0/1 image and re-thresholded at one half, so that
     * a pixel is set when most of the area it covers was set; when no output pixel is covered that
     * much (a scratch thinner than the shrink factor), at half the largest coverage instead, so
     * that a defect never disappears from its mask.
     */
    public static Mask mask(Mask mask, int width, int height) {
        if (width == mask.width() && height == mask.height()) {
            return mask.copy();
        }
        Image coverage = image(mask.toImage(), width, height);
        // A defect thinner than the shrink factor covers under half of every output pixel and would
        // vanish at 0.5; the threshold drops to half the largest coverage so it survives, thin.
        float max = 0;
        for (float v : coverage.data()) {
            max = Math.max(max, v);
        }
        return Mask.threshold(coverage, max > 0 ? Math.min(0.5f, max / 2) : 0.5f);
    }

    /** Sparse 1-D resampling weights: output i reads {@code count[i]} inputs from {@code first[i]}. */
    private static final class Weights {
        final int[] first;
        final int[] count;
        final float[][] w;

        private Weights(int n) {
            first = new int[n];
            count = new int[n];
            w = new float[n][];
        }

        static Weights of(int in, int out) {
            return out < in ? area(in, out) : bilinear(in, out);
        }

        /** Output pixel i covers input interval [i*s, (i+1)*s); each input weighs its overlap. */
        static Weights area(int in, int out) {
            Weights ws = new Weights(out);
            double s = (double) in / out;
            for (int i = 0; i < out; i++) {
                double lo = i * s;
                double hi = Math.min(in, (i + 1) * s);
                int a = (int) Math.floor(lo);
                int b = Math.min(in, (int) Math.ceil(hi));
                float[] w = new float[b - a];
                for (int j = a; j < b; j++) {
                    w[j - a] = (float) ((Math.min(hi, j + 1) - Math.max(lo, j)) / s);
                }
                ws.first[i] = a;
                ws.count[i] = b - a;
                ws.w[i] = w;
            }
            return ws;
        }

        /** Half-pixel-centre bilinear interpolation, edges clamped. */
        static Weights bilinear(int in, int out) {
            Weights ws = new Weights(out);
            double s = (double) in / out;
            for (int i = 0; i < out; i++) {
                double x = (i + 0.5) * s - 0.5;
                if (x <= 0) {
                    ws.first[i] = 0;
                    ws.count[i] = 1;
                    ws.w[i] = new float[] {1f};
                } else if (x >= in - 1) {
                    ws.first[i] = in - 1;
                    ws.count[i] = 1;
                    ws.w[i] = new float[] {1f};
                } else {
                    int a = (int) Math.floor(x);
                    float f = (float) (x - a);
                    ws.first[i] = a;
                    ws.count[i] = 2;
                    ws.w[i] = new float[] {1f - f, f};
                }
            }
            return ws;
        }

        void apply(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride) {
            for (int i = 0; i < first.length; i++) {
                float[] wi = w[i];
                int p = srcOff + first[i] * srcStride;
                float acc = 0;
                for (int k = 0; k < count[i]; k++) {
                    acc += wi[k] * src[p + k * srcStride];
                }
                dst[dstOff + i * dstStride] = acc;
            }
        }
    }
}
