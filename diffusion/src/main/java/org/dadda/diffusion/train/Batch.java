package org.dadda.diffusion.train;

import java.util.Arrays;
import org.dadda.tensor.Tensor;

/**
 * One training batch: {@code images [B, C, S, S]} in [-1, 1], optional class labels (one per
 * sample, for a class-conditioned network) and optional defect masks {@code [B, 1, S, S]} in
 * {0, 1} (for a mask-conditioned network).
 *
 * @param images  the samples to denoise
 * @param classes class labels, or null
 * @param masks   conditioning masks, or null
 */
public record Batch(Tensor images, int[] classes, Tensor masks) {
    /** Checks that labels and masks match the batch. */
    public Batch {
        if (images.dim() != 4) {
            throw new IllegalArgumentException("Batch: images must be [B, C, S, S], got " + Arrays.toString(images.shape()));
        }
        int b = images.size(0);
        if (classes != null && classes.length != b) {
            throw new IllegalArgumentException("Batch: " + classes.length + " class labels for " + b + " images");
        }
        if (masks != null && (masks.dim() != 4 || masks.size(0) != b || masks.size(1) != 1 || masks.size(2) != images.size(2)
                || masks.size(3) != images.size(3))) {
            throw new IllegalArgumentException("Batch: masks shape " + Arrays.toString(masks.shape()) + " must be [" + b
                    + ", 1, " + images.size(2) + ", " + images.size(3) + "]");
        }
        classes = classes == null ? null : classes.clone();
    }

    /** A copy of the class labels, or null. */
    @Override
    public int[] classes() {
        return classes == null ? null : classes.clone();
    }

    /** An unlabelled batch. */
    public static Batch of(Tensor images) {
        return new Batch(images, null, null);
    }

    /** The batch size. */
    public int size() {
        return images.size(0);
    }
}
