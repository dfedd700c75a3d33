package org.dadda.federated.downstream;

import java.util.Locale;

/**
 * The training sets the downstream models are trained on, side by side in one run (the honest
 * baselines): acquired samples only, DAM samples only, and D-ADDA's synthesized plus acquired
 * samples.
 */
public enum Variant {
    /** The node's acquired defective training images only. */
    REAL("real", "real training samples only"),
    /** The DAM samples only (the paper's DAM baseline). */
    DAM("dam", "DAM samples only"),
    /** Synthesized (stage 3) plus acquired samples: D-ADDA. */
    DADDA("dadda", "D-ADDA: synthesized + acquired samples");

    private final String id;
    private final String description;

    Variant(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** Short name used in folder names and tables. */
    public String id() {
        return id;
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
        throw new IllegalArgumentException("unknown training-set variant '" + id + "' (use real, dam or dadda)");
    }
}
