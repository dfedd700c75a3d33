package org.dadda.tensor;

/**
 * A normalisation of dense {@code [n, c, hw]} followed by a per-channel affine map. Group
 * normalisation takes statistics over each sample's group of {@code c / groups} channels (saved
 * as {@code [n, groups]}); batch normalisation over each channel across the batch (saved as
 * {@code [c]}). The saved mean and reciprocal standard deviation feed the backward pass.
 *
 * @param kind   which statistics
 * @param n      batch size
 * @param c      channels
 * @param hw     elements per channel plane
 * @param groups channel groups (group normalisation; {@code c} for batch normalisation)
 * @param eps    added to the variance
 */
public record NormGeometry(Kind kind, int n, int c, int hw, int groups, double eps) {

    /** Which statistics a normalisation takes. */
    public enum Kind {
        /** Per sample and group of channels (GroupNorm, Wu and He 2018). */
        GROUP,
        /** Per channel across the batch, with batch statistics (BatchNorm in training). */
        BATCH
    }

    /** Validates sizes and that the groups divide the channels. */
    public NormGeometry {
        if (n < 1 || c < 1 || hw < 1 || groups < 1) {
            throw new IllegalArgumentException(kind + " norm: sizes must be positive: n " + n + ", c " + c + ", hw " + hw
                    + ", groups " + groups);
        }
        if (c % groups != 0) {
            throw new IllegalArgumentException("group norm: " + c + " channels are not divisible by " + groups + " groups");
        }
    }

    /** Group normalisation of {@code [n, c, hw]} in {@code groups} groups. */
    public static NormGeometry group(int n, int c, int hw, int groups, double eps) {
        return new NormGeometry(Kind.GROUP, n, c, hw, groups, eps);
    }

    /** Batch normalisation of {@code [n, c, hw]}. */
    public static NormGeometry batch(int n, int c, int hw, double eps) {
        return new NormGeometry(Kind.BATCH, n, c, hw, c, eps);
    }

    /** Number of saved statistics: {@code n * groups} or {@code c}. */
    public int statistics() {
        return kind == Kind.GROUP ? n * groups : c;
    }
}
