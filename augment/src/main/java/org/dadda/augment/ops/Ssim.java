package org.dadda.augment.ops;

import org.dadda.augment.image.Image;

/**
 * Mean structural similarity as scikit-image's {@code metrics.structural_similarity} computes it
 * with its defaults for float images of data range 1: a 7x7 uniform window, K1 = 0.01,
 * K2 = 0.03, sample covariance (normalised by 48), the mean taken over the window centres whose
 * window lies inside the image (scikit-image crops a 3-pixel border), and for colour images the
 * mean over channels.
 *
 * <p>Because only interior windows count, no border handling is needed. {@link Stats} keeps an
 * image's window means and second moments so that comparing one image with many references
 * costs only the cross term per pair.
 */
public final class Ssim {

    /** Window side. */
    public static final int WINDOW = 7;
    /** Luminance stabiliser constant. */
    public static final double K1 = 0.01;
    /** Contrast stabiliser constant. */
    public static final double K2 = 0.03;

    private static final double C1 = K1 * K1;
    private static final double C2 = K2 * K2;
    private static final int NP = WINDOW * WINDOW;
    private static final double COV_NORM = NP / (NP - 1.0);

    private Ssim() {
    }

    /**
     * Per-image window statistics, reusable across comparisons.
     */
    public static final class Stats {
        final int channels;
        final int height;
        final int width;
        final float[] data;
        /** Per channel, (h - 6) x (w - 6): window mean and window mean of squares. */
        final double[][] mean;
        final double[][] meanSq;

        private Stats(Image image) {
            channels = image.channels();
            height = image.height();
            width = image.width();
            if (height < WINDOW || width < WINDOW) {
                throw new IllegalArgumentException("SSIM needs images of at least " + WINDOW + "x" + WINDOW + ", got " + width + "x" + height);
            }
            data = image.data();
            mean = new double[channels][];
            meanSq = new double[channels][];
            int n = height * width;
            double[] plane = new double[n];
            for (int c = 0; c < channels; c++) {
                for (int i = 0; i < n; i++) {
                    plane[i] = data[c * n + i];
                }
                mean[c] = boxMean(plane, height, width);
                for (int i = 0; i < n; i++) {
                    plane[i] *= plane[i];
                }
                meanSq[c] = boxMean(plane, height, width);
            }
        }

        /** Channels, height and width. */
        String shape() {
            return channels + "x" + height + "x" + width;
        }
    }

    /** Window statistics of {@code image} for repeated comparisons. */
    public static Stats stats(Image image) {
        return new Stats(image);
    }

    /** Mean SSIM of two images of the same shape. */
    public static double ssim(Image a, Image b) {
        a.requireSameShape(b, "SSIM");
        return ssim(stats(a), stats(b));
    }

    /** Mean SSIM from precomputed statistics of two images of the same shape. */
    public static double ssim(Stats a, Stats b) {
        if (a.channels != b.channels || a.height != b.height || a.width != b.width) {
            throw new IllegalArgumentException("SSIM: image shapes differ, " + a.shape() + " vs " + b.shape());
        }
        int h = a.height;
        int w = a.width;
        int n = h * w;
        double[] prod = new double[n];
        double total = 0;
        for (int c = 0; c < a.channels; c++) {
            int base = c * n;
            for (int i = 0; i < n; i++) {
                prod[i] = (double) a.data[base + i] * b.data[base + i];
            }
            double[] uxy = boxMean(prod, h, w);
            double[] ux = a.mean[c];
            double[] uy = b.mean[c];
            double[] uxx = a.meanSq[c];
            double[] uyy = b.meanSq[c];
            double sum = 0;
            for (int i = 0; i < uxy.length; i++) {
                double mx = ux[i];
                double my = uy[i];
                double vx = COV_NORM * (uxx[i] - mx * mx);
                double vy = COV_NORM * (uyy[i] - my * my);
                double vxy = COV_NORM * (uxy[i] - mx * my);
                double num = (2 * mx * my + C1) * (2 * vxy + C2);
                double den = (mx * mx + my * my + C1) * (vx + vy + C2);
                sum += num / den;
            }
            total += sum / uxy.length;
        }
        return total / a.channels;
    }

    /** Means of all 7x7 windows inside an {@code h x w} plane, as an {@code (h - 6) x (w - 6)} array. */
    private static double[] boxMean(double[] v, int h, int w) {
        int ow = w - WINDOW + 1;
        int oh = h - WINDOW + 1;
        double[] rows = new double[h * ow];
        for (int y = 0; y < h; y++) {
            int in = y * w;
            double s = 0;
            for (int x = 0; x < WINDOW; x++) {
                s += v[in + x];
            }
            int out = y * ow;
            rows[out] = s;
            for (int x = 1; x < ow; x++) {
                s += v[in + x + WINDOW - 1] - v[in + x - 1];
                rows[out + x] = s;
            }
        }
        double[] res = new double[oh * ow];
        double[] col = new double[ow];
        for (int y = 0; y < WINDOW; y++) {
            for (int x = 0; x < ow; x++) {
                col[x] += rows[y * ow + x];
            }
        }
        double inv = 1.0 / NP;
        for (int x = 0; x < ow; x++) {
            res[x] = col[x] * inv;
        }
        for (int y = 1; y < oh; y++) {
            int add = (y + WINDOW - 1) * ow;
            int sub = (y - 1) * ow;
            int out = y * ow;
            for (int x = 0; x < ow; x++) {
                col[x] += rows[add + x] - rows[sub + x];
                res[out + x] = col[x] * inv;
            }
        }
        return res;
    }
}
