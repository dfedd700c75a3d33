package org.dadda.augment.dam;

import org.dadda.augment.image.Mask;
import org.dadda.augment.ops.GaussianBlur;
import org.dadda.augment.ops.SuperpixelGraph;
import org.dadda.augment.util.SeededRandom;

/**
 * Mask creation and augmentation (paper, Sec. III-A): the superpixels of the normal image that
 * the defect mask touches (mask-superpixel product) are grown by their adjacent superpixels into
 * the defective region; a new mask is a random target superpixel of that region plus its nearest
 * superpixels (by centroid), a fraction p ~ U(pMin, pMax) of the region in all, smoothed.
 *
 * <p>One guard is added to the paper's description: the region is confined to the defect mask
 * dilated by a margin. On real photographs flat areas (an object's background) form very large
 * superpixels, and a single one touching the defect would otherwise turn most of the image into
 * "defect". A negative margin turns the guard off (the paper's literal union of superpixels).
 */
public final class MaskAugmenter {

    /**
     * One augmented mask.
     *
     * @param mask the smoothed new mask
     * @param target the randomly chosen superpixel
     * @param p the drawn fraction
     * @param chosen the superpixels united before smoothing, nearest first
     */
    public record Augmented(Mask mask, int target, double p, int[] chosen) {
    }

    /**
     * The defective region of one defect mask.
     *
     * @param superpixels the grown superpixel set that reaches into {@code allowed}, ascending
     * @param allowed the pixels a new mask may cover (the dilated defect mask, or all)
     */
    public record Region(int[] superpixels, Mask allowed) {
        /** The region's pixels: its superpixels within the allowed area. */
        public Mask pixels(SuperpixelGraph graph) {
            return graph.mask(superpixels).and(allowed);
        }
    }

    private final SuperpixelGraph graph;
    private final double pMin;
    private final double pMax;
    private final double smoothingSigma;
    private final int margin;

    /**
     * @param graph superpixels of the normal image
     * @param pMin lower end of the kept fraction
     * @param pMax upper end of the kept fraction
     * @param smoothingSigma Gaussian sigma in pixels for the final smoothing (0: none)
     * @param margin pixels by which the defect mask is dilated to bound new masks; negative for no bound
     */
    public MaskAugmenter(SuperpixelGraph graph, double pMin, double pMax, double smoothingSigma, int margin) {
        if (!(pMin > 0 && pMin <= pMax && pMax <= 1)) {
            throw new IllegalArgumentException("need 0 < pMin <= pMax <= 1, got " + pMin + ", " + pMax);
        }
        this.graph = graph;
        this.pMin = pMin;
        this.pMax = pMax;
        this.smoothingSigma = smoothingSigma;
        this.margin = margin;
    }

    /**
     * The defective region: superpixels overlapping {@code defectMask} plus their neighbours, kept
     * where they reach into the defect mask dilated by the margin.
     *
     * @throws IllegalArgumentException if the mask is empty or its size differs from the superpixels'
     */
    public Region defectiveRegion(Mask defectMask) {
        int[] hit = graph.overlapping(defectMask);
        if (hit.length == 0) {
            throw new IllegalArgumentException("the defect mask is empty: no defective superpixels");
        }
        int[] grown = graph.grow(hit);
        if (margin < 0) {
            boolean[] all = new boolean[defectMask.height() * defectMask.width()];
            java.util.Arrays.fill(all, true);
            return new Region(grown, new Mask(defectMask.height(), defectMask.width(), all));
        }
        Mask allowed = defectMask.dilate(margin);
        return new Region(graph.overlapping(graph.mask(grown).and(allowed)), allowed);
    }

    /** Draws one new mask from {@code region} with {@code rng}. */
    public Augmented augment(Region region, SeededRandom rng) {
        int[] sp = region.superpixels();
        if (sp.length == 0) {
            throw new IllegalArgumentException("empty defective region");
        }
        int target = sp[rng.nextInt(sp.length)];
        double p = rng.nextDouble(pMin, pMax);
        int k = Math.max(1, (int) Math.round(p * sp.length));
        int[] chosen = graph.nearest(target, sp, k);
        Mask raw = graph.mask(chosen).and(region.allowed());
        Mask smooth = GaussianBlur.smooth(raw, smoothingSigma);
        // A region thinner than the blur can vanish; then the unsmoothed mask is the honest answer.
        return new Augmented(smooth.isEmpty() ? raw : smooth, target, p, chosen);
    }

    /** The superpixel graph. */
    public SuperpixelGraph graph() {
        return graph;
    }
}
