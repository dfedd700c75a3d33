package org.dadda.augment.dam;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.image.ImageFiles;
import org.dadda.tensor.util.Json;
import org.dadda.tensor.util.ProgressBar;

/**
 * Runs the DAM over every defect type of a loaded category and writes the augmented set in
 * MVTec layout: {@code out/test/<type>/NNN.png}, {@code out/ground_truth/<type>/NNN_mask.png},
 * and {@code out/dam.json} with the settings, a summary per type and a record per sample.
 */
public final class DamRunner {

    /**
     * What the DAM did for one defect type.
     *
     * @param type defect type
     * @param samples samples written
     * @param accepted samples for which eq. 4 held (the rest are the last of maxTries attempts)
     * @param meanTries mean attempts per sample
     * @param meanTimes mean time per step and sample
     */
    public record TypeSummary(String type, int samples, int accepted, double meanTries, StepTimes meanTimes) {
    }

    private DamRunner() {
    }

    /**
     * Augments every defect type of {@code data} with {@code perType} samples each, written under {@code out}.
     *
     * @param progress whether to show a progress bar per type on standard error
     */
    public static List<TypeSummary> augmentCategory(CategoryData data, DamConfig config, int perType, Path out, boolean progress) {
        if (perType < 1) {
            throw new IllegalArgumentException("samples per defect type must be >= 1, got " + perType);
        }
        List<TypeSummary> summaries = new ArrayList<>();
        Map<String, Object> perTypeRecords = new LinkedHashMap<>();
        for (String type : data.defectTypes()) {
            DataAugmentationModule dam = new DataAugmentationModule(config, type,
                CategoryData.images(data.trainGood()), CategoryData.images(data.trainDefective(type)), CategoryData.masks(data.trainDefective(type)));
            DamSample[] done = new DamSample[perType];
            try (ProgressBar bar = progress ? ProgressBar.builder("DAM " + data.category() + "/" + type, perType).unit("img").build() : ProgressBar.silent(perType)) {
                dam.generate(perType, s -> {
                    String name = String.format("%03d", s.index());
                    ImageFiles.writePng(s.image(), out.resolve("test").resolve(type).resolve(name + ".png"));
                    ImageFiles.writePng(s.mask(), out.resolve("ground_truth").resolve(type).resolve(name + "_mask.png"));
                    done[s.index()] = withoutPixels(s);
                }, bar);
            }
            summaries.add(summarise(type, done));
            List<Object> records = new ArrayList<>();
            for (DamSample s : done) {
                records.add(record(s));
            }
            perTypeRecords.put(type, records);
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("category", data.category());
        manifest.put("kind", data.kind().name().toLowerCase(java.util.Locale.ROOT));
        manifest.put("resolution", data.resolution());
        manifest.put("config", config(config));
        List<Object> sums = new ArrayList<>();
        for (TypeSummary t : summaries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", t.type());
            m.put("samples", t.samples());
            m.put("accepted", t.accepted());
            m.put("meanTries", t.meanTries());
            m.put("meanMillis", times(t.meanTimes()));
            sums.add(m);
        }
        manifest.put("summary", sums);
        manifest.put("samples", perTypeRecords);
        try {
            Json.writeFile(out.resolve("dam.json"), manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return summaries;
    }

    /** The sample's bookkeeping without its pixels, so that hundreds of them can be kept for the manifest. */
    private static DamSample withoutPixels(DamSample s) {
        return new DamSample(s.defectType(), s.index(), null, null, s.normalIndex(), s.defectiveIndex(), s.tries(), s.accepted(), s.score(), s.times(), null);
    }

    private static TypeSummary summarise(String type, DamSample[] done) {
        int accepted = 0;
        long tries = 0;
        long sp = 0;
        long al = 0;
        long mk = 0;
        long q = 0;
        long tot = 0;
        for (DamSample s : done) {
            accepted += s.accepted() ? 1 : 0;
            tries += s.tries();
            sp += s.times().superpixelNanos();
            al += s.times().alignNanos();
            mk += s.times().maskNanos();
            q += s.times().qualityNanos();
            tot += s.times().totalNanos();
        }
        int n = done.length;
        return new TypeSummary(type, n, accepted, (double) tries / n, new StepTimes(sp / n, al / n, mk / n, q / n, tot / n));
    }

    private static Map<String, Object> record(DamSample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", s.index());
        m.put("normal", s.normalIndex());
        m.put("defective", s.defectiveIndex());
        m.put("tries", s.tries());
        m.put("accepted", s.accepted());
        m.put("ssimDefective", s.score().meanDefective());
        m.put("ssimNormal", s.score().meanNormal());
        return m;
    }

    private static Map<String, Object> times(StepTimes t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("superpixels", t.superpixelNanos() / 1e6);
        m.put("alignment", t.alignNanos() / 1e6);
        m.put("maskCreationAndAugmentation", t.maskNanos() / 1e6);
        m.put("qualityAssessment", t.qualityNanos() / 1e6);
        m.put("total", t.totalNanos() / 1e6);
        return m;
    }

    /** The settings as a JSON-ready map. */
    public static Map<String, Object> config(DamConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", c.kind().name().toLowerCase(java.util.Locale.ROOT));
        m.put("quickshiftRatio", c.superpixels().ratio());
        m.put("quickshiftKernelSize", c.superpixels().kernelSize());
        m.put("quickshiftMaxDist", c.superpixels().maxDist());
        m.put("quickshiftSigma", c.superpixels().sigma());
        m.put("cropFraction", c.cropFraction());
        m.put("pMin", c.pMin());
        m.put("pMax", c.pMax());
        m.put("maskSmoothingSigma", c.maskSmoothingSigma());
        m.put("maskMarginFraction", c.maskMarginFraction());
        m.put("maxTries", c.maxTries());
        m.put("matchHistograms", c.matchHistograms());
        m.put("maxQualityReferences", c.maxQualityReferences());
        m.put("label", c.label().id());
        m.put("seed", c.seed());
        return m;
    }
}
