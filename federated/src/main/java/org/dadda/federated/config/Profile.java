package org.dadda.federated.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scale of a run, end to end: image resolution, how many DAM and synthesized samples per
 * defect type, the diffusion profile of the same name, and the downstream models' training
 * budgets. {@code quick} is for tests and a first run in minutes on two cores, {@code standard}
 * for one category with usable samples in an afternoon on two cores, {@code cpu} for a larger run
 * on a CPU, {@code paper} for the paper's settings (Sec. IV-A).
 *
 * @param name quick, cpu or paper
 * @param resolution square image side in pixels
 * @param damPerType DAM samples per defect type (the paper: 500)
 * @param damMaxTries DAM attempts per sample before the last is kept (the paper: 100)
 * @param damQualityReferences at most this many references per side in the eq. 4 check (0: all)
 * @param synthPerType synthesized image/mask pairs per defect type (the paper: 500)
 * @param classifierDepth ResNet depth of F_cls (18 or 34; the paper says "ResNet-based" only; 34 matches
 *     the 21.29M parameters of its Table VII)
 * @param classifierEpochs F_cls training epochs
 * @param classifierBatch F_cls batch size
 * @param classifierLr F_cls Adam learning rate
 * @param detectorBase base width of the detection/localization U-Net
 * @param detectorEpochs F_det/loc training epochs
 * @param detectorBatch F_det/loc batch size
 * @param detectorLr F_det/loc Adam learning rate
 * @param fedRounds FedAvg communication rounds for Table III
 * @param diffusion the generative models' settings: a {@link org.dadda.diffusion.profile.DiffusionProfile}
 *     name ({@code quick}, {@code standard}, {@code cpu}, {@code paper}), or {@code tiny:N} for the
 *     small networks and N training steps that tests use (see {@link GenerativeSettings})
 * @param repeats how many times each downstream model (F_cls, F_det/loc) is trained, each with its
 *     own seed, so that the tables give mean ± std (this project's choice: the paper reports single
 *     figures)
 * @param conditioning how the fine-tuned G_I sees the mask: {@code paper} (the gated
 *     cross-attention and mask projection of Sec. III-C, exactly), {@code spatial} (this project's
 *     SPADE-style path at every resolution) or {@code both}
 * @param gateMode the gates of the paper's path (Table IV): {@code both} (the paper's full
 *     module), {@code defect}, {@code normal} or {@code none} (mask projection only)
 * @param damLabel which mask labels a DAM sample: {@code region} (the paper's augmented mask M',
 *     the whole pasted region) or {@code defect} (the defect pixels the pasted patch carries, this
 *     project's option; see {@link org.dadda.augment.dam.DamLabel})
 */
public record Profile(String name, int resolution, int damPerType, int damMaxTries, int damQualityReferences,
                      int synthPerType, int classifierDepth, int classifierEpochs, int classifierBatch,
                      double classifierLr, int detectorBase, int detectorEpochs, int detectorBatch, double detectorLr,
                      int fedRounds, String diffusion, int repeats, String conditioning, String gateMode,
                      String damLabel) {

    /** The conditionings of the fine-tuned G_I, in the order the report lists them. */
    public static final List<String> CONDITIONINGS = List.of("paper", "spatial", "both");
    /** The gate modes of Table IV, in the paper's order. */
    public static final List<String> GATE_MODES = List.of("both", "defect", "normal", "none");
    /** The DAM sample labels, the paper's first. */
    public static final List<String> DAM_LABELS = List.of("region", "defect");

    /** Checks the numbers and names. */
    public Profile {
        if (resolution < 16 || damPerType < 1 || damMaxTries < 1 || damQualityReferences < 0 || synthPerType < 1
                || (classifierDepth != 18 && classifierDepth != 34) || classifierEpochs < 1 || classifierBatch < 1
                || !(classifierLr > 0) || detectorBase < 4 || detectorEpochs < 1 || detectorBatch < 1
                || !(detectorLr > 0) || fedRounds < 1 || diffusion == null || repeats < 1) {
            throw new IllegalArgumentException("profile '" + name + "' has an out-of-range setting: " + this);
        }
        conditioning = choice("conditioning", conditioning, CONDITIONINGS, name);
        gateMode = choice("gate mode", gateMode, GATE_MODES, name);
        damLabel = choice("DAM label", damLabel, DAM_LABELS, name);
        if (conditioning.equals("spatial") && !gateMode.equals("none") && !gateMode.equals("both")) {
            throw new IllegalArgumentException("profile '" + name + "': gate mode '" + gateMode
                    + "' needs the paper's path (conditioning paper or both), not conditioning spatial");
        }
    }

    /**
     * A profile with one repeat and the paper's conditioning and gates (what profiles written before
     * those settings existed meant).
     */
    public Profile(String name, int resolution, int damPerType, int damMaxTries, int damQualityReferences,
                   int synthPerType, int classifierDepth, int classifierEpochs, int classifierBatch,
                   double classifierLr, int detectorBase, int detectorEpochs, int detectorBatch, double detectorLr,
                   int fedRounds, String diffusion) {
        this(name, resolution, damPerType, damMaxTries, damQualityReferences, synthPerType, classifierDepth, classifierEpochs,
                classifierBatch, classifierLr, detectorBase, detectorEpochs, detectorBatch, detectorLr, fedRounds, diffusion, 1,
                "paper", "both", "region");
    }

    /** A profile whose DAM samples carry the paper's label (what profiles written before that setting existed meant). */
    public Profile(String name, int resolution, int damPerType, int damMaxTries, int damQualityReferences,
                   int synthPerType, int classifierDepth, int classifierEpochs, int classifierBatch,
                   double classifierLr, int detectorBase, int detectorEpochs, int detectorBatch, double detectorLr,
                   int fedRounds, String diffusion, int repeats, String conditioning, String gateMode) {
        this(name, resolution, damPerType, damMaxTries, damQualityReferences, synthPerType, classifierDepth, classifierEpochs,
                classifierBatch, classifierLr, detectorBase, detectorEpochs, detectorBatch, detectorLr, fedRounds, diffusion,
                repeats, conditioning, gateMode, "region");
    }

    private static String choice(String what, String value, List<String> allowed, String profile) {
        String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
        if (v.equals("defective")) {
            v = "defect";
        }
        if (!allowed.contains(v)) {
            throw new IllegalArgumentException("profile '" + profile + "': unknown " + what + " '" + value + "' (use "
                    + String.join(", ", allowed) + ")");
        }
        return v;
    }

    /** The same profile with {@code n} repeats of every downstream model. */
    public Profile withRepeats(int n) {
        return new Profile(name, resolution, damPerType, damMaxTries, damQualityReferences, synthPerType, classifierDepth,
                classifierEpochs, classifierBatch, classifierLr, detectorBase, detectorEpochs, detectorBatch, detectorLr, fedRounds,
                diffusion, n, conditioning, gateMode, damLabel);
    }

    /** The same profile with the fine-tuned G_I conditioned by {@code c} with gates {@code gates}. */
    public Profile withConditioning(String c, String gates) {
        return new Profile(name, resolution, damPerType, damMaxTries, damQualityReferences, synthPerType, classifierDepth,
                classifierEpochs, classifierBatch, classifierLr, detectorBase, detectorEpochs, detectorBatch, detectorLr, fedRounds,
                diffusion, repeats, c, gates, damLabel);
    }

    /** The same profile with DAM samples labelled {@code label} ({@code region} or {@code defect}). */
    public Profile withDamLabel(String label) {
        return new Profile(name, resolution, damPerType, damMaxTries, damQualityReferences, synthPerType, classifierDepth,
                classifierEpochs, classifierBatch, classifierLr, detectorBase, detectorEpochs, detectorBatch, detectorLr, fedRounds,
                diffusion, repeats, conditioning, gateMode, label);
    }

    /**
     * Tests, CI and a first run: 32x32, a handful of samples, minutes on two cores. Its generators
     * are too small and too briefly trained to give usable samples; the report says so.
     */
    public static Profile quick() {
        return new Profile("quick", 32, 12, 3, 8, 12, 18, 30, 16, 1e-3, 8, 10, 8, 2e-3, 3, "quick", 1, "both", "both", "defect");
    }

    /**
     * One category, all three stages, in a user's afternoon on two cores (this project's
     * choice, see {@code bench/RESULTS.md}): 32x32, small generators trained for thousands of
     * steps, 100 DAM and 100 synthesized pairs per defect type, three repeats of every downstream
     * model.
     */
    public static Profile standard() {
        return new Profile("standard", 32, 100, 10, 16, 100, 18, 30, 16, 1e-3, 16, 20, 8, 1e-3, 5, "standard", 3, "both",
                "both", "defect");
    }

    /** A larger run on a CPU (hours): 64x64, a hundred samples per defect type. */
    public static Profile cpu() {
        return new Profile("cpu", 64, 100, 20, 30, 100, 18, 30, 16, 1e-3, 16, 20, 8, 1e-3, 10, "cpu", 3, "both", "both", "defect");
    }

    /**
     * The paper's scale (Sec. IV-A): 128x128, 500 DAM samples with at most 100 eq. 4 tries and 500
     * synthesized pairs per defect type; ResNet-34 as Table VII's parameter count implies; the
     * paper's conditioning. The downstream epochs, batches and learning rates, the detector width,
     * the FedAvg rounds and the three repeats are this project's choices; DAM samples carry the
     * paper's label (the augmented region), while the other profiles label them with the defect
     * pixels they carry (see
     * {@code docs/SETTINGS.md}).
     */
    public static Profile paper() {
        return new Profile("paper", 128, 500, 100, 0, 500, 34, 50, 32, 1e-4, 64, 50, 16, 1e-4, 20, "paper", 3, "paper", "both",
                "region");
    }

    /**
     * The profile called {@code name} (case-insensitive).
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Profile named(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "quick" -> quick();
            case "standard" -> standard();
            case "cpu" -> cpu();
            case "paper" -> paper();
            default -> throw new IllegalArgumentException("unknown profile '" + name + "' (use quick, standard, cpu or paper)");
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
                str(m, "diffusion", source), m.containsKey("repeats") ? integer(m, "repeats", source) : 1,
                m.containsKey("conditioning") ? str(m, "conditioning", source) : "paper",
                m.containsKey("gate_mode") ? str(m, "gate_mode", source) : "both",
                m.containsKey("dam_label") ? str(m, "dam_label", source) : "region");
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
        m.put("repeats", repeats);
        m.put("conditioning", conditioning);
        m.put("gate_mode", gateMode);
        m.put("dam_label", damLabel);
        return m;
    }
}
