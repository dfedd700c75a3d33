package org.dadda.augment.ops;

import java.util.Arrays;
import org.dadda.augment.image.Image;

/**
 * Histogram matching as scikit-image's {@code exposure.match_histograms} does it for float data:
 * each distinct source value is mapped through the source's cumulative distribution onto the
 * template's inverse cumulative distribution, interpolated linearly between the template's
 * distinct values ({@code numpy.interp} semantics, clamped at both ends).
 */
public final class HistogramMatcher {

    private HistogramMatcher() {
    }

    /**
     * Returns the source values remapped so that their distribution matches the template's.
     *
     * @throws IllegalArgumentException if either array is empty
     */
    public static float[] match(float[] source, float[] template) {
        if (source.length == 0 || template.length == 0) {
            throw new IllegalArgumentException("histogram matching needs non-empty arrays, got "
                + source.length + " source and " + template.length + " template values");
        }
        int n = source.length;
        // Sort (value, index) pairs as one long each: sortable value bits high, index low.
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = ((long) sortableBits(source[i]) << 32) | i;
        }
        Arrays.sort(keys);
        float[] tmpl = template.clone();
        Arrays.sort(tmpl);
        int tu = 0;
        double[] tq = new double[tmpl.length];
        double[] tv = new double[tmpl.length];
        for (int i = 0; i < tmpl.length; i++) {
            if (i + 1 == tmpl.length || tmpl[i + 1] != tmpl[i]) {
                tq[tu] = (double) (i + 1) / tmpl.length;
                tv[tu] = tmpl[i];
                tu++;
            }
        }
        float[] out = new float[n];
        int start = 0;
        for (int i = 0; i < n; i++) {
            int bits = (int) (keys[i] >> 32);
            if (i + 1 == n || (int) (keys[i + 1] >> 32) != bits) {
                double q = (double) (i + 1) / n;
                float v = (float) interp(q, tq, tv, tu);
                for (int j = start; j <= i; j++) {
                    out[(int) keys[j]] = v;
                }
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * Matches every channel of {@code source} to the same channel of {@code reference}; the two
     * may differ in size but not in channel count.
     */
    public static Image match(Image source, Image reference) {
        if (source.channels() != reference.channels()) {
            throw new IllegalArgumentException("histogram matching: channel counts differ, "
                + source.shapeString() + " vs " + reference.shapeString());
        }
        int n = source.planeSize();
        int m = reference.planeSize();
        float[] out = new float[source.data().length];
        for (int c = 0; c < source.channels(); c++) {
            float[] s = Arrays.copyOfRange(source.data(), c * n, (c + 1) * n);
            float[] t = Arrays.copyOfRange(reference.data(), c * m, (c + 1) * m);
            System.arraycopy(match(s, t), 0, out, c * n, n);
        }
        return new Image(source.channels(), source.height(), source.width(), out);
    }

    /** numpy.interp for increasing {@code xp}: clamped outside, exact at knots. */
    static double interp(double x, double[] xp, double[] fp, int len) {
        if (x <= xp[0]) {
            return fp[0];
        }
        if (x >= xp[len - 1]) {
            return fp[len - 1];
        }
        int lo = 0;
        int hi = len - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (xp[mid] <= x) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if (xp[lo] == x) {
            return fp[lo];
        }
        double slope = (fp[lo + 1] - fp[lo]) / (xp[lo + 1] - xp[lo]);
        return slope * (x - xp[lo]) + fp[lo];
    }

    /** Float bits reordered so that signed int order is numeric order (-0 and 0 kept apart, both fine). */
    private static int sortableBits(float f) {
        int b = Float.floatToIntBits(f + 0.0f);
        return b >= 0 ? b : b ^ 0x7FFFFFFF;
    }
}
