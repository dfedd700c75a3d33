package org.dadda.federated.quality;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per defect type, whether the synthesized pairs are fit to train on: "usable" only when all
 * three measures were computed and pass, "not usable" when any measure fails with enough
 * evidence, and "not shown" otherwise. A missing measure never counts as a pass: the D-ADDA
 * results are only evidence for the method when its synthesized data is shown to be sound.
 *
 * <p>Thresholds ({@link Thresholds#DEFAULT}):
 * <ul>
 *   <li><b>realism</b>, two-sample held-out accuracy at most 0.75: halfway between chance (0.5)
 *       and trivially fake (1.0). A small network trained from scratch on a few dozen images
 *       reaches 0.6-0.7 on subtle differences (textures, sharpness) that do not keep a detector
 *       from learning the defect, while a fake it tells apart three times out of four differs
 *       in what every image looks like. With fewer than {@link TwoSampleTest#LOW_POWER_HELD_OUT}
 *       held-out images per side a pass is not shown (0.75 is within two standard errors of
 *       0.5), and a fail counts only when the one-sided p-value against chance is below 0.05.
 *       When the reference was the normal images (too few real defective ones), the classifier
 *       may have seen the defect itself, so only a pass counts and a fail is "not shown".</li>
 *   <li><b>mask fidelity</b>, pixel AUROC of a real-data detector on the synthesized pairs at
 *       least 0.85: the detector's maps must rank the masked pixels above the rest nearly as a
 *       working localizer does on real defects (MVTec detectors trained from scratch at low
 *       resolution reach about 0.85-0.95 pixel AUROC on real test images). A low AUROC counts
 *       against the masks only when the detector's real ceiling reaches 0.85; a weaker detector
 *       cannot tell bad masks from its own weakness, and the measure is "not shown".</li>
 *   <li><b>mask plausibility</b>, failure rate at most 10%: every failed mask is a wrong label
 *       (an empty mask marks a defective image normal, a noise mask marks random pixels
 *       defective); segmentation training tolerates label noise of a few percent, and
 *       above one in ten the wrong labels are a sizeable share of the defective signal of
 *       the type. Real masks fail these rules at 0%.</li>
 * </ul>
 */
public final class QualityVerdict {
    /** The outcome. */
    public enum Status {
        /** All measures computed and passed. */
        USABLE("usable"),
        /** At least one measure failed. */
        NOT_USABLE("not usable"),
        /** No measure failed, but at least one could not be computed or was inconclusive. */
        NOT_SHOWN("not shown");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        /** The words used in JSON and the report. */
        public String label() {
            return label;
        }
    }

    /**
     * The thresholds.
     *
     * @param maxTwoSampleAccuracy highest held-out accuracy that still counts as realistic
     * @param minFidelityAuroc lowest pixel AUROC on the synthesized pairs
     * @param maxMaskFailureRate highest share of failed masks
     * @param alpha significance a low-power realism fail must reach
     */
    public record Thresholds(double maxTwoSampleAccuracy, double minFidelityAuroc, double maxMaskFailureRate, double alpha) {
        /** 0.75, 0.85, 10% and 0.05, justified in the class comment. */
        public static final Thresholds DEFAULT = new Thresholds(0.75, 0.85, 0.10, 0.05);
    }

    /**
     * The measures of one type, NaN where not computed.
     *
     * @param accuracy two-sample held-out accuracy
     * @param pValue its one-sided p-value against 0.5
     * @param lowPower fewer held-out images than {@link TwoSampleTest#LOW_POWER_HELD_OUT} per side
     * @param normalReference the real side was normal images, not real defective ones
     * @param fidelityAuroc pixel AUROC on the synthesized pairs
     * @param realAuroc pixel AUROC on the real defective test pairs (the ceiling)
     * @param maskFailureRate failed synthesized masks over all
     */
    public record Measures(double accuracy, double pValue, boolean lowPower, boolean normalReference, double fidelityAuroc,
                           double realAuroc, double maskFailureRate) {
    }

    /**
     * A verdict.
     *
     * @param status usable, not usable or not shown
     * @param reasons one sentence per measure, failures first
     */
    public record Verdict(Status status, List<String> reasons) {
        /** The verdict as plain JSON values. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("status", status.label());
            m.put("reasons", new ArrayList<>(reasons));
            return m;
        }
    }

    private enum Outcome { PASS, FAIL, UNKNOWN }

    private QualityVerdict() {
    }

    /** Judges {@code m} under {@code t}. */
    public static Verdict judge(Measures m, Thresholds t) {
        List<String> fails = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> passes = new ArrayList<>();
        sort(realism(m, t), fails, unknown, passes);
        sort(fidelity(m, t), fails, unknown, passes);
        sort(plausibility(m, t), fails, unknown, passes);
        List<String> reasons = new ArrayList<>(fails);
        reasons.addAll(unknown);
        reasons.addAll(passes);
        Status s = !fails.isEmpty() ? Status.NOT_USABLE : !unknown.isEmpty() ? Status.NOT_SHOWN : Status.USABLE;
        return new Verdict(s, reasons);
    }

    private record Finding(Outcome outcome, String text) {
    }

    private static void sort(Finding f, List<String> fails, List<String> unknown, List<String> passes) {
        (f.outcome() == Outcome.FAIL ? fails : f.outcome() == Outcome.UNKNOWN ? unknown : passes).add(f.text());
    }

    private static Finding realism(Measures m, Thresholds t) {
        if (Double.isNaN(m.accuracy())) {
            return new Finding(Outcome.UNKNOWN, "realism not measured (too few images)");
        }
        String acc = "two-sample accuracy " + f2(m.accuracy()) + (m.normalReference() ? " against normal images" : "");
        if (m.accuracy() <= t.maxTwoSampleAccuracy()) {
            return m.lowPower()
                    ? new Finding(Outcome.UNKNOWN, acc + " <= " + f2(t.maxTwoSampleAccuracy()) + " but on too few held-out images to show realism")
                    : new Finding(Outcome.PASS, acc + " <= " + f2(t.maxTwoSampleAccuracy()));
        }
        if (m.normalReference()) {
            return new Finding(Outcome.UNKNOWN, acc + " > " + f2(t.maxTwoSampleAccuracy())
                    + ", inconclusive: the classifier may have seen the defects rather than unrealistic images");
        }
        if (m.lowPower() && !(m.pValue() < t.alpha())) {
            return new Finding(Outcome.UNKNOWN, acc + " > " + f2(t.maxTwoSampleAccuracy()) + " on too few held-out images (p = "
                    + f3(m.pValue()) + ")");
        }
        return new Finding(Outcome.FAIL, "synthesized images are told apart from real ones (" + acc + " > "
                + f2(t.maxTwoSampleAccuracy()) + ")");
    }

    private static Finding fidelity(Measures m, Thresholds t) {
        if (Double.isNaN(m.fidelityAuroc())) {
            return new Finding(Outcome.UNKNOWN, "mask fidelity not measured");
        }
        String auc = "pixel AUROC on synthesized pairs " + f3(m.fidelityAuroc()) + " (real ceiling "
                + (Double.isNaN(m.realAuroc()) ? "n/a" : f3(m.realAuroc())) + ")";
        if (m.fidelityAuroc() >= t.minFidelityAuroc()) {
            return new Finding(Outcome.PASS, auc + " >= " + f2(t.minFidelityAuroc()));
        }
        if (!(m.realAuroc() >= t.minFidelityAuroc())) {
            return new Finding(Outcome.UNKNOWN, auc + " < " + f2(t.minFidelityAuroc())
                    + ", inconclusive: the detector does not reach it on real defects either");
        }
        return new Finding(Outcome.FAIL, "synthesized masks do not mark the synthesized defects (" + auc + " < "
                + f2(t.minFidelityAuroc()) + ")");
    }

    private static Finding plausibility(Measures m, Thresholds t) {
        if (Double.isNaN(m.maskFailureRate())) {
            return new Finding(Outcome.UNKNOWN, "mask plausibility not measured (no synthesized masks)");
        }
        String rate = "mask failure rate " + pct(m.maskFailureRate());
        if (m.maskFailureRate() <= t.maxMaskFailureRate()) {
            return new Finding(Outcome.PASS, rate + " <= " + pct(t.maxMaskFailureRate()));
        }
        return new Finding(Outcome.FAIL, "synthesized masks are empty or noise too often (" + rate + " > "
                + pct(t.maxMaskFailureRate()) + ")");
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * v);
    }
}
