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
     * Resizes a mask. A pixel is set when most of the area it covers was set (the mask resized as
     * a 0/1 image, thresholded at one half). When shrinking, that would erase defects thinner than
     * the shrink factor, so each connected defect (4-connected) of at least {@code factor} pixels
     * ({@code factor} = the larger side ratio: a one-pixel-wide scratch at least one output pixel
     * long) that lost most of its area keeps the output pixels where its own coverage is at least
     * half its largest: a thin scratch stays a thin line beside a large blob. Specks smaller than
     * that may vanish (noise in imperfect masks is not magnified), unless the whole mask would
     * become empty: then the mask is thresholded at half its largest coverage, so a defective
     * image never loses its defect.
     */
    public static Mask mask(Mask mask, int width, int height) {
        if (width == mask.width() && height == mask.height()) {
            return mask.copy();
        }
        Image coverage = image(mask.toImage(), width, height);
        Mask out = Mask.threshold(coverage, 0.5f);
        if (width < mask.width() || height < mask.height()) {
            keepThinDefects(mask, out);
        }
        if (out.isEmpty() && !mask.isEmpty()) {
            float max = 0;
            for (float v : coverage.data()) {
                max = Math.max(max, v);
            }
            return Mask.threshold(coverage, Math.min(0.5f, max / 2));
        }
        return out;
    }

    /** Restores, in {@code out}, the defects of {@code src} that thresholding erased (see {@link #mask}). */
    private static void keepThinDefects(Mask src, Mask out) {
        int sw = src.width();
        int sh = src.height();
        int w = out.width();
        int h = out.height();
        Weights wx = Weights.of(sw, w);
        Weights wy = Weights.of(sh, h);
        int[][] xo = wx.outputsOf(sw);
        float[][] xw = wx.weightsOf(xo);
        int[][] yo = wy.outputsOf(sh);
        float[][] yw = wy.weightsOf(yo);
        double factor = Math.max((double) sw / w, (double) sh / h);
        boolean[] bits = src.bits();
        boolean[] seen = new boolean[bits.length];
        int[] queue = new int[bits.length];
        float[] cov = new float[w * h];
        int[] touched = new int[w * h];
        for (int start = 0; start < bits.length; start++) {
            if (!bits[start] || seen[start]) {
                continue;
            }
            // Breadth-first walk of one 4-connected defect.
            int head = 0;
            int tail = 0;
            queue[tail++] = start;
            seen[start] = true;
            while (head < tail) {
                int p = queue[head++];
                int y = p / sw;
                int x = p % sw;
                if (x > 0 && bits[p - 1] && !seen[p - 1]) {
                    seen[p - 1] = true;
                    queue[tail++] = p - 1;
                }
                if (x < sw - 1 && bits[p + 1] && !seen[p + 1]) {
                    seen[p + 1] = true;
                    queue[tail++] = p + 1;
                }
                if (y > 0 && bits[p - sw] && !seen[p - sw]) {
                    seen[p - sw] = true;
                    queue[tail++] = p - sw;
                }
                if (y < sh - 1 && bits[p + sw] && !seen[p + sw]) {
                    seen[p + sw] = true;
                    queue[tail++] = p + sw;
                }
            }
            if (tail < factor) {
                continue;
            }
            // The defect's own coverage of each output pixel, over the output pixels it touches.
            int n = 0;
            for (int q = 0; q < tail; q++) {
                int p = queue[q];
                int y = p / sw;
                int x = p % sw;
                for (int a = 0; a < yo[y].length; a++) {
                    for (int b = 0; b < xo[x].length; b++) {
                        float v = yw[y][a] * xw[x][b];
                        if (v == 0) {
                            continue;
                        }
                        int o = yo[y][a] * w + xo[x][b];
                        if (cov[o] == 0) {
                            touched[n++] = o;
                        }
                        cov[o] += v;
                    }
                }
            }
            float total = 0;
            float kept = 0;
            float max = 0;
            for (int k = 0; k < n; k++) {
                int o = touched[k];
                total += cov[o];
                max = Math.max(max, cov[o]);
                if (out.get(o / w, o % w)) {
                    kept += cov[o];
                }
            }
            if (kept < 0.5f * total) {
                for (int k = 0; k < n; k++) {
                    int o = touched[k];
                    if (cov[o] >= max / 2) {
                        out.set(o / w, o % w, true);
                    }
                }
            }
            for (int k = 0; k < n; k++) {
                cov[touched[k]] = 0;
            }
        }
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

        /** For each input index, the outputs that read it (the inverse of {@code first}/{@code count}). */
        int[][] outputsOf(int in) {
            int[] n = new int[in];
            for (int i = 0; i < first.length; i++) {
                for (int k = 0; k < count[i]; k++) {
                    n[first[i] + k]++;
                }
            }
            int[][] out = new int[in][];
            for (int j = 0; j < in; j++) {
                out[j] = new int[n[j]];
                n[j] = 0;
            }
            for (int i = 0; i < first.length; i++) {
                for (int k = 0; k < count[i]; k++) {
                    int j = first[i] + k;
                    out[j][n[j]++] = i;
                }
            }
            return out;
        }

        /** The weights matching {@code outs}, what {@link #outputsOf} returned. */
        float[][] weightsOf(int[][] outs) {
            int in = outs.length;
            float[][] ws = new float[in][];
            for (int j = 0; j < in; j++) {
                ws[j] = new float[outs[j].length];
                for (int t = 0; t < outs[j].length; t++) {
                    int i = outs[j][t];
                    ws[j][t] = w[i][j - first[i]];
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
