package org.dadda.augment.ops;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;

/**
 * Aligns a moving image (the defective sample) to a reference image (the normal sample) by
 * translation: a centred patch of the moving image is slid over the reference and the position
 * of highest normalised cross-correlation wins. The correlation numerator comes from one FFT
 * product ({@link Fft}), the local reference energies from integral images, so every shift that
 * keeps the patch inside the reference is scored in {@code O(HW log HW)}.
 */
public final class CrossCorrelationAligner {

    /**
     * A translation: the aligned image is {@code aligned(y, x) = moving(y - dy, x - dx)}.
     *
     * @param dy rows to move down
     * @param dx columns to move right
     * @param score normalised cross-correlation at that shift, in [-1, 1]
     */
    public record Alignment(int dy, int dx, double score) {
    }

    private final double cropFraction;

    /**
     * @param cropFraction side of the centred patch as a fraction of the image side, in (0, 1];
     *     shifts of up to {@code (1 - cropFraction) / 2} of the side are found
     */
    public CrossCorrelationAligner(double cropFraction) {
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("cropFraction must be in (0, 1], got " + cropFraction);
        }
        this.cropFraction = cropFraction;
    }

    /** The side fraction of the centred patch. */
    public double cropFraction() {
        return cropFraction;
    }

    /**
     * Finds the translation that best aligns {@code moving} to {@code reference} (compared as gray).
     * A featureless patch gives the zero shift.
     *
     * @throws IllegalArgumentException if the two images differ in height or width
     */
    public Alignment align(Image reference, Image moving) {
        int h = reference.height();
        int w = reference.width();
        if (moving.height() != h || moving.width() != w) {
            throw new IllegalArgumentException("alignment: image sizes differ, " + w + "x" + h + " vs " + moving.width() + "x" + moving.height());
        }
        float[] ref = reference.toGray().data();
        float[] mov = moving.toGray().data();
        int ph = Math.max(1, (int) Math.round(h * cropFraction));
        int pw = Math.max(1, (int) Math.round(w * cropFraction));
        int y0 = (h - ph) / 2;
        int x0 = (w - pw) / 2;

        double mean = 0;
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                mean += mov[(y0 + y) * w + x0 + x];
            }
        }
        mean /= (double) ph * pw;
        int fh = Fft.nextPowerOfTwo(h);
        int fw = Fft.nextPowerOfTwo(w);
        double[] pr = new double[fh * fw];
        double[] pi = new double[fh * fw];
        double patchEnergy = 0;
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                double v = mov[(y0 + y) * w + x0 + x] - mean;
                pr[y * fw + x] = v;
                patchEnergy += v * v;
            }
        }
        if (patchEnergy <= 1e-12) {
            return new Alignment(0, 0, 0);
        }
        double[] rr = new double[fh * fw];
        double[] ri = new double[fh * fw];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                rr[y * fw + x] = ref[y * w + x];
            }
        }
        Fft.transform2d(pr, pi, fh, fw, false);
        Fft.transform2d(rr, ri, fh, fw, false);
        // corr(s) = sum_p patch(p) ref(p + s): the inverse transform of REF * conj(PATCH).
        for (int i = 0; i < rr.length; i++) {
            double a = rr[i];
            double b = ri[i];
            double c = pr[i];
            double d = -pi[i];
            rr[i] = a * c - b * d;
            ri[i] = a * d + b * c;
        }
        Fft.transform2d(rr, ri, fh, fw, true);

        double[] s1 = integral(ref, h, w, false);
        double[] s2 = integral(ref, h, w, true);
        double np = (double) ph * pw;
        double patchNorm = Math.sqrt(patchEnergy);
        int bestY = y0;
        int bestX = x0;
        double best = Double.NEGATIVE_INFINITY;
        for (int sy = 0; sy <= h - ph; sy++) {
            for (int sx = 0; sx <= w - pw; sx++) {
                double sum = boxSum(s1, w, sy, sx, ph, pw);
                double sq = boxSum(s2, w, sy, sx, ph, pw);
                double var = sq - sum * sum / np;
                double score = var > 1e-12 ? rr[sy * fw + sx] / (patchNorm * Math.sqrt(var)) : 0;
                if (score > best) {
                    best = score;
                    bestY = sy;
                    bestX = sx;
                }
            }
        }
        return new Alignment(bestY - y0, bestX - x0, best);
    }

    /** The image moved by {@code (dy, dx)}; uncovered pixels repeat the nearest edge pixel. */
    public static Image shift(Image image, int dy, int dx) {
        int h = image.height();
        int w = image.width();
        float[] src = image.data();
        float[] out = new float[src.length];
        for (int c = 0; c < image.channels(); c++) {
            int base = c * h * w;
            for (int y = 0; y < h; y++) {
                int sy = Math.min(h - 1, Math.max(0, y - dy));
                for (int x = 0; x < w; x++) {
                    int sx = Math.min(w - 1, Math.max(0, x - dx));
                    out[base + y * w + x] = src[base + sy * w + sx];
                }
            }
        }
        return new Image(image.channels(), h, w, out);
    }

    /** The mask moved by the alignment (uncovered pixels clear). */
    public static Mask shift(Mask mask, Alignment a) {
        return mask.shifted(a.dy(), a.dx());
    }

    /** The image moved by the alignment. */
    public static Image shift(Image image, Alignment a) {
        return shift(image, a.dy(), a.dx());
    }

    /** Integral image with a zero first row and column: {@code (h + 1) x (w + 1)}. */
    private static double[] integral(float[] v, int h, int w, boolean squared) {
        double[] s = new double[(h + 1) * (w + 1)];
        for (int y = 0; y < h; y++) {
            double row = 0;
            for (int x = 0; x < w; x++) {
                double p = v[y * w + x];
                row += squared ? p * p : p;
                s[(y + 1) * (w + 1) + x + 1] = s[y * (w + 1) + x + 1] + row;
            }
        }
        return s;
    }

    private static double boxSum(double[] s, int w, int y, int x, int bh, int bw) {
        int W = w + 1;
        return s[(y + bh) * W + x + bw] - s[y * W + x + bw] - s[(y + bh) * W + x] + s[y * W + x];
    }
}
