package org.dadda.augment.dam;

import java.util.Locale;

/**
 * Which mask a DAM sample is labelled with: what the detector learns as "defect" and what G_M and
 * the fine-tuned G_I learn masks from.
 */
public enum DamLabel {
    /**
     * The augmented mask M' of Algorithm 1 (the paper): the whole pasted region, a union of
     * superpixels around the defect, so it also covers the normal pixels pasted with it.
     */
    REGION,
    /**
     * The defect pixels the sample actually carries (this project's option): the source image's
     * defect mask inside the pasted region, moved with the patch. An attempt that carries no defect
     * pixel does not pass.
     */
    DEFECT;

    /** {@code region} or {@code defect} (case-insensitive). */
    public static DamLabel parse(String s) {
        for (DamLabel l : values()) {
            if (l.name().equalsIgnoreCase(s)) {
                return l;
            }
        }
        throw new IllegalArgumentException("unknown DAM label '" + s + "' (use region or defect)");
    }

    /** The lower-case name used in settings files and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
