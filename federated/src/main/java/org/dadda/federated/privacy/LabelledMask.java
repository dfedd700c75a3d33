package org.dadda.federated.privacy;

import java.util.regex.Pattern;
import org.dadda.augment.image.Mask;

/**
 * An augmented defect mask with its defect type: the other half of what may cross to the server
 * (eq. 3, {@code (M'_i, y_i) | y_i = 1}). A {@link Mask} holds one bit per pixel, so it can carry
 * a defect's shape but none of its colours or texture.
 */
public final class LabelledMask {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final String name;
    private final String defectType;
    private final Mask mask;
    private final String digest;

    /**
     * A copy of {@code mask} labelled with {@code defectType}, called {@code name} in the upload.
     *
     * @throws IllegalArgumentException when the name or the type is not a plain token
     */
    public LabelledMask(String name, String defectType, Mask mask) {
        if (name == null || !TOKEN.matcher(name).matches()) {
            throw new IllegalArgumentException("mask name '" + name + "' must be a plain token (letters, digits, . _ -)");
        }
        if (defectType == null || !TOKEN.matcher(defectType).matches() || defectType.equals("good")) {
            throw new IllegalArgumentException("defect type '" + defectType + "' of mask " + name
                    + " must be a plain token other than 'good'");
        }
        this.name = name;
        this.defectType = defectType;
        this.mask = mask.copy();
        this.digest = Digests.of(this.mask);
    }

    /** The mask's name in the upload (unique within its defect type). */
    public String name() {
        return name;
    }

    /** The defect type (class label) of the mask. */
    public String defectType() {
        return defectType;
    }

    /** A copy of the mask. */
    public Mask mask() {
        return mask.copy();
    }

    /** Height in pixels. */
    public int height() {
        return mask.height();
    }

    /** Width in pixels. */
    public int width() {
        return mask.width();
    }

    /** SHA-256 of the bits, as written to the upload manifest. */
    public String digest() {
        return digest;
    }
}
