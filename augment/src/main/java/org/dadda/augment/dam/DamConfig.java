package org.dadda.augment.dam;

import org.dadda.augment.data.CategoryKind;
import org.dadda.augment.ops.QuickShift;

/**
 * Settings of the Data Augmentation Module.
 *
 * @param kind texture or object: selects alignment versus random offset
 * @param superpixels quick shift parameters
 * @param cropFraction side of the centred patch used for alignment, as a fraction of the image side
 * @param pMin lower end of the fraction p ~ U(pMin, pMax) of the defective region's superpixels kept
 * @param pMax upper end of that fraction
 * @param maskSmoothingSigma Gaussian sigma, in pixels, used to smooth the new mask (0: none)
 * @param maskMarginFraction new masks stay within the defect mask dilated by this fraction of
 *     the image side (see {@link MaskAugmenter}); negative: no bound, the paper's literal rule
 * @param maxTries attempts per sample before the last one is kept regardless of eq. 4
 * @param matchHistograms whether to match the pasted patch's histogram to the normal patch's
 * @param maxQualityReferences at most this many defective and this many normal references in
 *     eq. 4 (a fixed seeded subset when there are more); 0 uses them all, as the paper does
 * @param label which mask labels a sample: the paper's augmented region or the defect pixels it carries
 * @param seed base seed; sample {@code i} of defect type {@code t} uses a seed derived from (seed, t, i)
 */
public record DamConfig(
    CategoryKind kind,
    QuickShift.Params superpixels,
    double cropFraction,
    double pMin,
    double pMax,
    double maskSmoothingSigma,
    double maskMarginFraction,
    int maxTries,
    boolean matchHistograms,
    int maxQualityReferences,
    DamLabel label,
    long seed) {

    /** Validates the settings. */
    public DamConfig {
        if (kind == null || superpixels == null || label == null) {
            throw new IllegalArgumentException("DAM kind, superpixel parameters and label are required");
        }
        if (!(cropFraction > 0 && cropFraction <= 1)) {
            throw new IllegalArgumentException("DAM cropFraction must be in (0, 1], got " + cropFraction);
        }
        if (!(pMin > 0 && pMin <= pMax && pMax <= 1)) {
            throw new IllegalArgumentException("DAM needs 0 < pMin <= pMax <= 1, got " + pMin + ", " + pMax);
        }
        if (!(maskSmoothingSigma >= 0)) {
            throw new IllegalArgumentException("DAM maskSmoothingSigma must be >= 0, got " + maskSmoothingSigma);
        }
        if (!(maskMarginFraction < 1) || Double.isNaN(maskMarginFraction)) {
            throw new IllegalArgumentException("DAM maskMarginFraction must be below 1 (negative: unbounded), got " + maskMarginFraction);
        }
        if (maxTries < 1) {
            throw new IllegalArgumentException("DAM maxTries must be >= 1, got " + maxTries);
        }
        if (maxQualityReferences < 0) {
            throw new IllegalArgumentException("DAM maxQualityReferences must be >= 0, got " + maxQualityReferences);
        }
    }

    /**
     * The paper's settings for a kind: quick shift (ratio 0.5, kernel 3, max distance 6), a
     * centred crop of three quarters of the side for alignment, p in [0.65, 0.85] for objects and
     * [0.35, 0.65] for textures, mask smoothing sigma 1.5 px, new masks within 5% of the side of
     * the defect, 100 tries, histogram matching, all references, samples labelled with the
     * augmented region.
     */
    public static DamConfig defaults(CategoryKind kind, long seed) {
        return new DamConfig(kind, QuickShift.Params.dam(), 0.75, kind.defaultPMin(), kind.defaultPMax(), 1.5, 0.05, 100, true, 0, DamLabel.REGION, seed);
    }

    /** The margin in pixels for images of the given size; -1 when unbounded. */
    public int maskMarginPixels(int height, int width) {
        return maskMarginFraction < 0 ? -1 : (int) Math.round(maskMarginFraction * 0.5 * (height + width));
    }

    /** This configuration with another seed. */
    public DamConfig withSeed(long newSeed) {
        return new DamConfig(kind, superpixels, cropFraction, pMin, pMax, maskSmoothingSigma, maskMarginFraction, maxTries, matchHistograms, maxQualityReferences, label, newSeed);
    }

    /** This configuration with another try limit. */
    public DamConfig withMaxTries(int tries) {
        return new DamConfig(kind, superpixels, cropFraction, pMin, pMax, maskSmoothingSigma, maskMarginFraction, tries, matchHistograms, maxQualityReferences, label, seed);
    }

    /** This configuration with another alignment crop fraction. */
    public DamConfig withCropFraction(double fraction) {
        return new DamConfig(kind, superpixels, fraction, pMin, pMax, maskSmoothingSigma, maskMarginFraction, maxTries, matchHistograms, maxQualityReferences, label, seed);
    }

    /** This configuration with another mask margin (negative: the paper's unbounded region). */
    public DamConfig withMaskMarginFraction(double fraction) {
        return new DamConfig(kind, superpixels, cropFraction, pMin, pMax, maskSmoothingSigma, fraction, maxTries, matchHistograms, maxQualityReferences, label, seed);
    }

    /** This configuration with another cap on the eq. 4 references. */
    public DamConfig withMaxQualityReferences(int max) {
        return new DamConfig(kind, superpixels, cropFraction, pMin, pMax, maskSmoothingSigma, maskMarginFraction, maxTries, matchHistograms, max, label, seed);
    }

    /** This configuration with samples labelled by {@code newLabel}. */
    public DamConfig withLabel(DamLabel newLabel) {
        return new DamConfig(kind, superpixels, cropFraction, pMin, pMax, maskSmoothingSigma, maskMarginFraction, maxTries, matchHistograms, maxQualityReferences, newLabel, seed);
    }
}
