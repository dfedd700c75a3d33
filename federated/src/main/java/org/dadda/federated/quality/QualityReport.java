package org.dadda.federated.quality;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.federated.node.LabelledPair;
import org.dadda.tensor.Rng;

/**
 * Measures the synthesized pairs of one category on one node ({@code quality.json}) and renders
 * the measurements as a report section. The three measures and the verdict are explained in
 * {@link TwoSampleTest}, {@link MaskPlausibility}, {@link MaskFidelity} and {@link QualityVerdict}.
 *
 * <p>Realism compares synthesized defective images with real defective images of the same type
 * when there are at least {@link #MIN_DEFECTIVE_REFERENCE}, enough for a test that is not low
 * power; otherwise with the category's normal images (unless there are no more of those), and
 * the JSON says which ({@code "reference"}). Synthesized defective images against normal ones
 * differ by the defect as well, so that comparison can show realism but not refute it (see
 * {@link QualityVerdict}).
 */
public final class QualityReport {
    /** File name a run writes {@link #measure}'s result to. */
    public static final String FILE = "quality.json";
    /** Real defective images needed to compare against them: 10 held-out per side after the 50/50 split. */
    public static final int MIN_DEFECTIVE_REFERENCE = 2 * TwoSampleTest.LOW_POWER_HELD_OUT;
    /** {@code "reference"} when realism compared with real defective images of the type. */
    public static final String REFERENCE_DEFECTIVE = "real defective";
    /** {@code "reference"} when realism compared with the category's normal images. */
    public static final String REFERENCE_NORMAL = "normal";

    /**
     * What one defect type contributes.
     *
     * @param synthesized the synthesized pairs of the type
     * @param realDefective the node's real defective images of the type (training share, not test)
     * @param realMasks the node's real masks of the type: acquired and DAM
     * @param realTest the real defective test pairs of the type, for the fidelity ceiling
     */
    public record TypeInputs(List<LabelledPair> synthesized, List<Image> realDefective, List<Mask> realMasks,
                             List<LabelledPair> realTest) {
    }

    /**
     * What a category on a node contributes.
     *
     * @param category the category
     * @param node the node's name
     * @param realNormal the node's normal training images, the realism reference of last resort
     * @param types per defect type, in report order
     * @param detector the maps of a detector trained without the synthesized pairs, or null to skip fidelity
     * @param detectorNote which detector that is, for the reader (e.g. "w/o synthesis variant")
     * @param lossLogs series name to {@code loss.csv} of the generative training, possibly empty
     */
    public record Inputs(String category, String node, List<Image> realNormal, Map<String, TypeInputs> types,
                         MaskFidelity.Maps detector, String detectorNote, Map<String, Path> lossLogs) {
    }

    private QualityReport() {
    }

    /**
     * Measures every type of {@code in}.
     *
     * @param seed seed of the two-sample tests (each type gets its own stream)
     * @param budget the two-sample classifier's budget
     * @return JSON-ready maps, lists, numbers, booleans and strings (NaN written as null)
     */
    public static Map<String, Object> measure(Inputs in, long seed, TwoSampleTest.Budget budget) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("category", in.category());
        out.put("node", in.node());
        out.put("detector", in.detectorNote());
        QualityVerdict.Thresholds t = QualityVerdict.Thresholds.DEFAULT;
        Map<String, Object> th = new LinkedHashMap<>();
        th.put("max_two_sample_accuracy", t.maxTwoSampleAccuracy());
        th.put("min_fidelity_auroc", t.minFidelityAuroc());
        th.put("max_mask_failure_rate", t.maxMaskFailureRate());
        th.put("alpha", t.alpha());
        out.put("thresholds", th);
        Map<String, Object> bj = new LinkedHashMap<>();
        bj.put("epochs", budget.epochs());
        bj.put("batch", budget.batch());
        bj.put("lr", budget.lr());
        bj.put("width", budget.width());
        out.put("budget", bj);
        Map<String, Object> logs = new LinkedHashMap<>();
        in.lossLogs().forEach((k, v) -> logs.put(k, v.toString()));
        out.put("loss_logs", logs);
        Map<String, Object> types = new LinkedHashMap<>();
        Rng rng = new Rng(seed);
        int index = 0;
        for (Map.Entry<String, TypeInputs> e : in.types().entrySet()) {
            types.put(e.getKey(), measureType(in, e.getValue(), rng.fork(index++).nextLong(), budget, t));
        }
        out.put("types", types);
        return out;
    }

    private static Map<String, Object> measureType(Inputs in, TypeInputs ti, long seed, TwoSampleTest.Budget budget,
                                                   QualityVerdict.Thresholds t) {
        List<Image> synthImages = ti.synthesized().stream().map(LabelledPair::image).toList();
        List<Mask> synthMasks = ti.synthesized().stream().map(LabelledPair::mask).toList();
        boolean defectiveRef = ti.realDefective().size() >= MIN_DEFECTIVE_REFERENCE
                || ti.realDefective().size() >= in.realNormal().size();
        List<Image> reference = defectiveRef ? ti.realDefective() : in.realNormal();
        long t0 = System.nanoTime();
        TwoSampleTest.Result real = TwoSampleTest.run(reference, synthImages, budget, seed);
        Map<String, Object> realism = new LinkedHashMap<>();
        realism.put("reference", defectiveRef ? REFERENCE_DEFECTIVE : REFERENCE_NORMAL);
        realism.putAll(real.toJson());
        realism.put("seconds", (System.nanoTime() - t0) / 1e9);

        MaskPlausibility.Result plaus = MaskPlausibility.compare(ti.realMasks(), synthMasks);

        Map<String, Object> fidelity;
        double fidAuroc = Double.NaN;
        double realAuroc = Double.NaN;
        if (in.detector() == null) {
            fidelity = new LinkedHashMap<>(Map.of("skipped", "no detector given"));
        } else {
            MaskFidelity.Result f = MaskFidelity.compare(in.detector(), ti.synthesized(), ti.realTest());
            fidelity = f.toJson();
            fidAuroc = f.synthesized().auroc();
            realAuroc = f.real().auroc();
        }

        QualityVerdict.Verdict v = QualityVerdict.judge(new QualityVerdict.Measures(real.accuracy(), real.pValue(),
                real.lowPower(), !defectiveRef, fidAuroc, realAuroc, plaus.synthesized().failureRate()), t);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("realism", realism);
        m.put("plausibility", plaus.toJson());
        m.put("fidelity", fidelity);
        m.put("verdict", v.toJson());
        return m;
    }
}
