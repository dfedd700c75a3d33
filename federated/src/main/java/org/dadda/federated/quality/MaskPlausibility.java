package org.dadda.federated.quality;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Mask;
import org.dadda.nn.metrics.ConnectedComponents;
import org.dadda.nn.metrics.Connectivity;

/**
 * Whether synthesized masks look like the real masks of their defect type: area, number of
 * connected components and how much of the mask its largest component holds, and a per-mask
 * failure flag for the two ways a mask generator visibly breaks, collapsing to nothing and
 * dissolving into noise. A failed mask is a wrong label for the detector trained on it, whatever
 * the image looks like.
 *
 * <p>The failure thresholds are relative to the real masks of the type, so that a type whose real
 * defects are many scattered specks (e.g. contamination) is not judged by the shape of a scratch:
 * <ul>
 *   <li><b>empty</b>: no foreground pixel;</li>
 *   <li><b>noise</b>: more components than {@link Limits#components} and the largest holds under
 *       {@link #MIN_LARGEST_SHARE} of the mask; both are needed, since a real defect may be a
 *       blob with a few satellite specks (many components, one dominant) or two or three equal
 *       parts (no dominant one, few components);</li>
 *   <li><b>covers the image</b>: area fraction above {@link Limits#area}, where nothing is left
 *       to call normal.</li>
 * </ul>
 * Components use 8-connectivity, as AUPRO does for the same masks.
 */
public final class MaskPlausibility {
    /** A noise mask's largest component holds less than this share of its pixels. */
    public static final double MIN_LARGEST_SHARE = 0.5;
    /** Component limit when real masks are missing or all have fewer components. */
    public static final int MIN_COMPONENT_LIMIT = 4;
    /** Area limit when real masks are missing, and the most it can grow to. */
    public static final double MAX_AREA_LIMIT = 0.9;
    /** The least the area limit can shrink to, for types whose real defects are all small. */
    public static final double MIN_AREA_LIMIT = 0.5;

    /**
     * Shape statistics of one mask.
     *
     * @param areaFraction foreground pixels over all pixels
     * @param components 8-connected components
     * @param largestShare the largest component's pixels over the mask's pixels (0 for an empty mask)
     */
    public record Stats(double areaFraction, int components, double largestShare) {
    }

    /**
     * The failure limits derived from the real masks.
     *
     * @param components more components than this (with no dominant one) is noise: the real
     *     masks' maximum, at least {@link #MIN_COMPONENT_LIMIT}
     * @param area a larger area fraction covers the image: twice the largest real area, between
     *     {@link #MIN_AREA_LIMIT} and {@link #MAX_AREA_LIMIT}
     */
    public record Limits(int components, double area) {
        /** Limits for a type with these real masks (defaults when there are none). */
        public static Limits of(List<Mask> real) {
            int comp = MIN_COMPONENT_LIMIT;
            double area = 0;
            for (Mask m : real) {
                Stats s = stats(m);
                comp = Math.max(comp, s.components());
                area = Math.max(area, s.areaFraction());
            }
            double a = real.isEmpty() ? MAX_AREA_LIMIT : Math.max(MIN_AREA_LIMIT, Math.min(MAX_AREA_LIMIT, 2 * area));
            return new Limits(comp, a);
        }
    }

    /**
     * A summary of a set of masks.
     *
     * @param count masks
     * @param meanArea mean area fraction
     * @param medianArea median area fraction
     * @param meanComponents mean component count
     * @param maxComponents largest component count
     * @param meanLargestShare mean share of the largest component (non-empty masks only)
     * @param empty empty masks
     * @param noise noise masks
     * @param coversImage masks over the area limit
     */
    public record Summary(int count, double meanArea, double medianArea, double meanComponents, int maxComponents,
                          double meanLargestShare, int empty, int noise, int coversImage) {
        /** Failed masks over all masks, NaN when there are none. */
        public double failureRate() {
            return count == 0 ? Double.NaN : (empty + noise + coversImage) / (double) count;
        }

        /** The summary as plain JSON values. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("area_mean", Jsons.num(meanArea));
            m.put("area_median", Jsons.num(medianArea));
            m.put("components_mean", Jsons.num(meanComponents));
            m.put("components_max", maxComponents);
            m.put("largest_share_mean", Jsons.num(meanLargestShare));
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("empty", empty);
            f.put("noise", noise);
            f.put("covers_image", coversImage);
            m.put("failures", f);
            m.put("failure_rate", Jsons.num(failureRate()));
            return m;
        }
    }

    /**
     * Synthesized masks against the real ones of the same type.
     *
     * @param real the real masks under the same rules (their failure rate should be 0; if not, the
     *     rules misjudge this type)
     * @param synthesized the synthesized masks
     * @param limits the limits used
     */
    public record Result(Summary real, Summary synthesized, Limits limits) {
        /** The result as plain JSON values. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("real", real.toJson());
            m.put("synthesized", synthesized.toJson());
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("component_limit", limits.components());
            l.put("area_limit", limits.area());
            l.put("min_largest_share", MIN_LARGEST_SHARE);
            m.put("limits", l);
            m.put("failure_rate", Jsons.num(synthesized.failureRate()));
            return m;
        }
    }

    /** What is wrong with a mask. */
    public enum Failure {
        /** No foreground. */
        EMPTY,
        /** Scattered components with no dominant one. */
        NOISE,
        /** Nearly the whole image. */
        COVERS_IMAGE
    }

    private MaskPlausibility() {
    }

    /** Compares {@code synthesized} with {@code real}, both of one defect type. */
    public static Result compare(List<Mask> real, List<Mask> synthesized) {
        Limits limits = Limits.of(real);
        return new Result(summarize(real, limits), summarize(synthesized, limits), limits);
    }

    /** The statistics of one mask. */
    public static Stats stats(Mask m) {
        int h = m.height();
        int w = m.width();
        int[] labels = new int[h * w];
        int n = ConnectedComponents.label(m.bits(), 0, h, w, Connectivity.EIGHT, 1, labels);
        int[] sizes = new int[n + 1];
        for (int l : labels) {
            sizes[l]++;
        }
        int fg = h * w - sizes[0];
        int largest = 0;
        for (int i = 1; i <= n; i++) {
            largest = Math.max(largest, sizes[i]);
        }
        return new Stats(fg / (double) (h * w), n, fg == 0 ? 0 : largest / (double) fg);
    }

    /** The failure of a mask with statistics {@code s} under {@code limits}, or null when it is plausible. */
    public static Failure failure(Stats s, Limits limits) {
        if (s.components() == 0) {
            return Failure.EMPTY;
        }
        if (s.areaFraction() > limits.area()) {
            return Failure.COVERS_IMAGE;
        }
        if (s.components() > limits.components() && s.largestShare() < MIN_LARGEST_SHARE) {
            return Failure.NOISE;
        }
        return null;
    }

    /** Summarizes {@code masks} under {@code limits}. */
    public static Summary summarize(List<Mask> masks, Limits limits) {
        int n = masks.size();
        double[] areas = new double[n];
        double compSum = 0;
        int compMax = 0;
        double shareSum = 0;
        int nonEmpty = 0;
        int[] failures = new int[Failure.values().length];
        for (int i = 0; i < n; i++) {
            Stats s = stats(masks.get(i));
            areas[i] = s.areaFraction();
            compSum += s.components();
            compMax = Math.max(compMax, s.components());
            if (s.components() > 0) {
                shareSum += s.largestShare();
                nonEmpty++;
            }
            Failure f = failure(s, limits);
            if (f != null) {
                failures[f.ordinal()]++;
            }
        }
        return new Summary(n, n == 0 ? Double.NaN : Arrays.stream(areas).sum() / n, median(areas),
                n == 0 ? Double.NaN : compSum / n, compMax, nonEmpty == 0 ? Double.NaN : shareSum / nonEmpty,
                failures[Failure.EMPTY.ordinal()], failures[Failure.NOISE.ordinal()], failures[Failure.COVERS_IMAGE.ordinal()]);
    }

    private static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }
}
