package org.dadda.federated.downstream;

import java.util.Locale;

/**
 * The training sets the downstream models are trained on, side by side in one run. Every variant
 * holds the node's real (acquired) defective training images; the others add the same number of
 * samples per defect type ({@link TrainingSets}), so that a difference between two columns comes
 * from what was added, not from how much or from the real images alone.
 */
public enum Variant {
    /** The node's acquired defective training images only. */
    REAL("real", "real training samples only"),
    /** Real samples plus DAM samples (the paper's DAM baseline). */
    DAM("dam", "real + DAM samples"),
    /** Real samples plus synthesized (stage 3) pairs: D-ADDA. */
    DADDA("dadda", "D-ADDA: real + synthesized samples"),
    /** Real samples plus half DAM, half synthesized pairs (same added count as the others). */
    DADDA_DAM("dadda+dam", "real + DAM + synthesized samples");

    private final String id;
    private final String description;

    Variant(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Short name used in options and JSON. */
    public String id() {
        return id;
    }

    /** The folder name of repeat {@code repeat} (0-based) of this variant's models. */
    public String folder(int repeat) {
        String base = id.replace('+', '-');
        return repeat == 0 ? base : base + "-r" + (repeat + 1);
    }

    /** Whether the training set holds synthesized pairs (needs stage 3's synthesis). */
    public boolean synthesized() {
        return this == DADDA || this == DADDA_DAM;
    }

    /** What the training set holds. */
    public String description() {
        return description;
    }

    /** The label in the report's tables. */
    public String label() {
        return switch (this) {
            case REAL -> "Real";
            case DAM -> "DAM";
            case DADDA -> "D-ADDA";
            case DADDA_DAM -> "D-ADDA+DAM";
        };
    }

    /**
     * The variant called {@code id}.
     *
     * @throws IllegalArgumentException listing the known ones
     */
    public static Variant of(String id) {
        for (Variant v : values()) {
            if (v.id.equals(id.toLowerCase(Locale.ROOT))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown training-set variant '" + id + "' (use real, dam, dadda or dadda+dam)");
    }
}
