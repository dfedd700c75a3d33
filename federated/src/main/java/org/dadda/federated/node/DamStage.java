package org.dadda.federated.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.dadda.augment.dam.DamConfig;
import org.dadda.augment.dam.DamSample;
import org.dadda.augment.dam.DataAugmentationModule;
import org.dadda.augment.dam.StepTimes;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.util.Seeds;
import org.dadda.federated.config.Profile;
import org.dadda.federated.run.Progress;
import org.dadda.federated.run.Files2;
import org.dadda.tensor.util.ProgressBar;

/**
 * The Data Augmentation Module step of stage 1 (Sec. III-A, Algorithm 1): for every defect type,
 * {@code damPerType} novel defective image/mask pairs from the node's normal and defective
 * training images, written in MVTec layout, with per-step timings for the paper's Table VI.
 */
public final class DamStage {
    /** Sub-folder of the stage-1 folder that holds the DAM pairs. */
    public static final String FOLDER = "dam";
    /** File of the per-type timings. */
    public static final String TIMINGS = "dam_timings.json";

    private DamStage() {
    }

    /** The DAM settings of a run: the paper's defaults scaled by the profile, samples labelled as it says. */
    public static DamConfig config(NodeData data, Profile profile, long seed, String nodeId) {
        return DamConfig.defaults(data.kind(), Seeds.derive(seed, "dam", nodeId))
                .withMaxTries(profile.damMaxTries())
                .withMaxQualityReferences(profile.damQualityReferences())
                .withLabel(org.dadda.augment.dam.DamLabel.parse(profile.damLabel()));
    }

    /** Runs the DAM for every defect type into {@code stageDir}; returns the samples by type. */
    public static Map<String, List<LabelledPair>> run(NodeData data, Profile profile, long seed, String nodeId, Path stageDir,
                                                      boolean progress) {
        DamConfig cfg = config(data, profile, seed, nodeId);
        List<org.dadda.augment.image.Image> normals = CategoryData.images(data.trainGood());
        Map<String, List<LabelledPair>> out = new LinkedHashMap<>();
        Map<String, Object> timings = new LinkedHashMap<>();
        for (String type : data.defectTypes()) {
            List<LabelledPair> train = data.trainDefective().get(type);
            List<org.dadda.augment.image.Image> images = new ArrayList<>();
            List<org.dadda.augment.image.Mask> masks = new ArrayList<>();
            for (LabelledPair p : train) {
                images.add(p.image());
                masks.add(p.mask());
            }
            DataAugmentationModule dam = new DataAugmentationModule(cfg, type, normals, images, masks);
            List<DamSample> samples;
            try (ProgressBar bar = Progress.bar("DAM " + data.name() + "/" + type, profile.damPerType(), "img", progress)) {
                samples = dam.generate(profile.damPerType(), bar);
            }
            List<LabelledPair> pairs = new ArrayList<>();
            for (DamSample s : samples) {
                LabelledPair p = new LabelledPair(type, String.format("%04d", s.index()), s.image(), s.mask());
                PairFolder.write(stageDir.resolve(FOLDER), p);
                pairs.add(p);
            }
            out.put(type, pairs);
            timings.put(type, timingSummary(samples));
        }
        Files2.writeJson(stageDir.resolve(TIMINGS), timings);
        return out;
    }

    /** Mean and standard deviation, in seconds, of every Table VI step over the samples of one type. */
    static Map<String, Object> timingSummary(List<DamSample> samples) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", samples.size());
        long accepted = samples.stream().filter(DamSample::accepted).count();
        m.put("accepted_by_quality_check", accepted);
        m.put("mean_tries", samples.stream().mapToInt(DamSample::tries).average().orElse(Double.NaN));
        // Superpixels are computed once per normal image and shared; average over samples that paid for them.
        m.put("superpixel_extraction", stats(samples, StepTimes::superpixelNanos, true));
        m.put("alignment", stats(samples, StepTimes::alignNanos, false));
        m.put("mask_creation_and_augmentation", stats(samples, StepTimes::maskNanos, false));
        m.put("data_quality_assessment", stats(samples, StepTimes::qualityNanos, false));
        m.put("total", stats(samples, StepTimes::totalNanos, false));
        return m;
    }

    private static Map<String, Object> stats(List<DamSample> samples, ToLongFunction<StepTimes> f, boolean nonZeroOnly) {
        double sum = 0;
        double sq = 0;
        int n = 0;
        for (DamSample s : samples) {
            long v = f.applyAsLong(s.times());
            if (nonZeroOnly && v == 0) {
                continue;
            }
            double sec = v / 1e9;
            sum += sec;
            sq += sec * sec;
            n++;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        double mean = n == 0 ? 0 : sum / n;
        m.put("mean_s", mean);
        m.put("std_s", n < 2 ? 0 : Math.sqrt(Math.max(0, (sq - n * mean * mean) / (n - 1))));
        m.put("count", n);
        return m;
    }
}
