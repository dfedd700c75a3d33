package org.dadda.augment.ops;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;

/**
 * Separable Gaussian smoothing with SciPy's {@code gaussian_filter} semantics: kernel radius
 * {@code (int) (truncate * sigma + 0.5)}, weights {@code exp(-x^2 / (2 sigma^2))} normalised to
 * sum 1, and "reflect" borders ({@code d c b a | a b c d | d c b a}).
 */
public final class GaussianBlur {

    /** SciPy's default truncation, in standard deviations. */
    public static final double DEFAULT_TRUNCATE = 4.0;

    private GaussianBlur() {
    }

    /** The normalised 1-D kernel of length {@code 2 * radius + 1}. */
    public static double[] kernel(double sigma, double truncate) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive, got " + sigma);
        }
        int radius = (int) (truncate * sigma + 0.5);
        double[] k = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            double v = Math.exp(-0.5 * i * i / (sigma * sigma));
            k[i + radius] = v;
            sum += v;
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }

    /**
     * Blurs {@code planes} consecutive {@code height x width} planes of {@code data} in place.
     * A {@code sigma} of zero leaves the data unchanged, as SciPy does.
     */
    public static void blurPlanes(double[] data, int planes, int height, int width, double sigma, double truncate) {
        if (sigma == 0) {
            return;
        }
        double[] k = kernel(sigma, truncate);
        int radius = k.length / 2;
        int[] xIdx = reflectIndex(width, radius);
        int[] yIdx = reflectIndex(height, radius);
        double[] line = new double[Math.max(width, height)];
        for (int p = 0; p < planes; p++) {
            int base = p * height * width;
            for (int y = 0; y < height; y++) {
                int row = base + y * width;
                for (int x = 0; x < width; x++) {
                    double acc = 0;
                    for (int j = 0; j < k.length; j++) {
                        acc += k[j] * data[row + xIdx[x + j]];
                    }
                    line[x] = acc;
                }
                System.arraycopy(line, 0, data, row, width);
            }
            for (int x = 0; x < width; x++) {
                for (int y = 0; y < height; y++) {
                    double acc = 0;
                    for (int j = 0; j < k.length; j++) {
                        acc += k[j] * data[base + yIdx[y + j] * width + x];
                    }
                    line[y] = acc;
                }
                for (int y = 0; y < height; y++) {
                    data[base + y * width + x] = line[y];
                }
            }
        }
    }

    /** A blurred copy of {@code image} (every channel), truncated at {@value #DEFAULT_TRUNCATE} sigma. */
    public static Image blur(Image image, double sigma) {
        float[] src = image.data();
        double[] d = new double[src.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = src[i];
        }
        blurPlanes(d, image.channels(), image.height(), image.width(), sigma, DEFAULT_TRUNCATE);
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return new Image(image.channels(), image.height(), image.width(), out);
    }

    /**
     * Smooths a binary mask: blur its 0/1 image and keep the pixels at or above one half, which
     * rounds corners and removes one-pixel spurs while keeping the mask's extent. Only the mask's
     * bounding box, grown by the kernel radius plus one, is blurred: outside it the result is
     * clear anyway, and inside it the crop gives the same values as the whole image would.
     */
    public static Mask smooth(Mask mask, double sigma) {
        if (sigma == 0) {
            return mask.copy();
        }
        int[] bb = mask.boundingBox();
        if (bb == null) {
            return mask.copy();
        }
        int h = mask.height();
        int w = mask.width();
        int r = kernel(sigma, DEFAULT_TRUNCATE).length / 2 + 1;
        int y0 = Math.max(0, bb[0] - r);
        int y1 = Math.min(h - 1, bb[2] + r);
        int x0 = Math.max(0, bb[1] - r);
        int x1 = Math.min(w - 1, bb[3] + r);
        int ch = y1 - y0 + 1;
        int cw = x1 - x0 + 1;
        double[] crop = new double[ch * cw];
        boolean[] b = mask.bits();
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                crop[y * cw + x] = b[(y0 + y) * w + x0 + x] ? 1 : 0;
            }
        }
        blurPlanes(crop, 1, ch, cw, sigma, DEFAULT_TRUNCATE);
        boolean[] out = new boolean[h * w];
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                out[(y0 + y) * w + x0 + x] = crop[y * cw + x] >= 0.5;
            }
        }
        return new Mask(h, w, out);
    }

    /** For output i and tap j, {@code idx[i + j]} is the source index of {@code i + j - radius}, reflected. */
    private static int[] reflectIndex(int n, int radius) {
        int[] idx = new int[n + 2 * radius];
        int period = 2 * n;
        for (int i = 0; i < idx.length; i++) {
            int s = Math.floorMod(i - radius, period);
            idx[i] = s < n ? s : period - 1 - s;
        }
        return idx;
    }
}
