package org.dadda.federated.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The scale of a run, end to end: image resolution, how many DAM and synthesized samples per
 * defect type, the diffusion profile of the same name, and the downstream models' training
 * budgets. {@code quick} is for tests and a first run in minutes on two cores, {@code cpu} for a
 * real run overnight on a CPU, {@code paper} for the paper's settings (Sec. IV-A).
 *
 * @param name quick, cpu or paper
 * @param resolution square image side in pixels
 * @param damPerType DAM samples per defect type (the paper: 500)
 * @param damMaxTries DAM attempts per sample before the last is kept (the paper: 100)
 * @param damQualityReferences at most this many references per side in the eq. 4 check (0: all)
 * @param synthPerType synthesized image/mask pairs per defect type (the paper: 500)
 * @param classifierDepth ResNet depth of F_cls (18 or 34; the paper: 34)
 * @param classifierEpochs F_cls training epochs
 * @param classifierBatch F_cls batch size
 * @param classifierLr F_cls Adam learning rate
 * @param detectorBase base width of the detection/localization U-Net
 * @param detectorEpochs F_det/loc training epochs
 * @param detectorBatch F_det/loc batch size
 * @param detectorLr F_det/loc Adam learning rate
 * @param fedRounds FedAvg communication rounds for Table III
 * @param diffusion the generative models' settings: a {@link org.dadda.diffusion.DiffusionProfile}
 *     name ({@code quick}, {@code cpu}, {@code paper}), or {@code tiny:N} for the small networks
 *     and N training steps that tests use (see {@link GenerativeSettings})
 */
public record Profile(String name, int resolution, int damPerType, int damMaxTries, int damQualityReferences,
                      int synthPerType, int classifierDepth, int classifierEpochs, int classifierBatch,
                      double classifierLr, int detectorBase, int detectorEpochs, int detectorBatch, double detectorLr,
                      int fedRounds, String diffusion) {

    /** Checks the numbers. */
    public Profile {
        if (resolution < 16 || damPerType < 1 || damMaxTries < 1 || damQualityReferences < 0 || synthPerType < 1
                || (classifierDepth != 18 && classifierDepth != 34) || classifierEpochs < 1 || classifierBatch < 1
                || !(classifierLr > 0) || detectorBase < 4 || detectorEpochs < 1 || detectorBatch < 1
                || !(detectorLr > 0) || fedRounds < 1 || diffusion == null) {
            throw new IllegalArgumentException("profile '" + name + "' has an out-of-range setting: " + this);
        }
    }

    /** Tests, CI and a first run: 32x32, a handful of samples, minutes on two cores. */
    public static Profile quick() {
        return new Profile("quick", 32, 12, 3, 8, 12, 18, 30, 16, 1e-3, 8, 10, 8, 2e-3, 3, "quick");
    }

    /** A real run on a CPU (hours): 64x64, a hundred samples per defect type. */
    public static Profile cpu() {
        return new Profile("cpu", 64, 100, 20, 30, 100, 18, 30, 16, 1e-3, 16, 20, 8, 1e-3, 10, "cpu");
    }

    /** The paper's settings (Sec. IV-A): 128x128, 500 DAM and 500 synthesized samples per defect type, ResNet-34. */
    public static Profile paper() {
        return new Profile("paper", 128, 500, 100, 0, 500, 34, 50, 32, 1e-4, 64, 50, 16, 1e-4, 20, "paper");
    }

    /**
     * The profile called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Profile named(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "quick" -> quick();
            case "cpu" -> cpu();
            case "paper" -> paper();
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' (use quick, cpu or paper)");
        };
    }

    /**
     * A profile from the map {@link #toMap} wrote.
     *
     * @throws IllegalArgumentException naming the field that is missing or malformed
     */
    public static Profile fromMap(Map<?, ?> m, String source) {
        String cls = str(m, "classifier", source);
        if (!cls.startsWith("resnet")) {
            throw new IllegalArgumentException(source + ": field 'classifier' must be resnet18 or resnet34, got " + cls);
        }
        return new Profile(str(m, "name", source), integer(m, "resolution", source), integer(m, "dam_per_type", source),
                integer(m, "dam_max_tries", source), integer(m, "dam_quality_references", source),
                integer(m, "synth_per_type", source), Integer.parseInt(cls.substring(6)),
                integer(m, "classifier_epochs", source), integer(m, "classifier_batch", source),
                number(m, "classifier_lr", source), integer(m, "detector_base", source),
                integer(m, "detector_epochs", source), integer(m, "detector_batch", source),
                number(m, "detector_lr", source), integer(m, "fedavg_rounds", source),
                str(m, "diffusion", source));
    }

    private static String str(Map<?, ?> m, String key, String source) {
        if (!(m.get(key) instanceof String s)) {
            throw new IllegalArgumentException(source + ": field '" + key + "' must be a string, got " + m.get(key));
        }
        return s;
    }

    private static double number(Map<?, ?> m, String key, String source) {
        if (!(m.get(key) instanceof Number n)) {
            throw new IllegalArgumentException(source + ": field '" + key + "' must be a number, got " + m.get(key));
        }
        return n.doubleValue();
    }

    private static int integer(Map<?, ?> m, String key, String source) {
        double v = number(m, key, source);
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(source + ": field '" + key + "' must be an integer, got " + m.get(key));
        }
        return (int) v;
    }

    /** The settings as plain JSON values (for run.json and the report). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("resolution", resolution);
        m.put("dam_per_type", damPerType);
        m.put("dam_max_tries", damMaxTries);
        m.put("dam_quality_references", damQualityReferences);
        m.put("synth_per_type", synthPerType);
        m.put("classifier", "resnet" + classifierDepth);
        m.put("classifier_epochs", classifierEpochs);
        m.put("classifier_batch", classifierBatch);
        m.put("classifier_lr", classifierLr);
        m.put("detector_base", detectorBase);
        m.put("detector_epochs", detectorEpochs);
        m.put("detector_batch", detectorBatch);
        m.put("detector_lr", detectorLr);
        m.put("fedavg_rounds", fedRounds);
        m.put("diffusion", diffusion);
        return m;
    }
}
