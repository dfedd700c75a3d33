package org.dadda.augment.dam;

import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.augment.ops.Ssim;
import org.dadda.tensor.parallel.Parallel;

/**
 * The data quality assessment of eq. 4: a novel sample is kept when its mean SSIM to the
 * training defective images is at least its mean SSIM to the normal images.
 *
 * <p>The references' SSIM window statistics are computed once. A DAM sample tries many
 * candidates that all equal one base normal image outside a small mask, so a {@link Session}
 * keeps, per reference, a summed-area table of the base image's window SSIMs; a candidate then
 * costs only the windows its mask touches: SSIM = (base total - base windows in region +
 * candidate windows in region) / window count. This is the same number as a full computation
 * (up to rounding), at a fraction of the cost.
 */
public final class QualityCheck {

    /**
     * The two sides of eq. 4.
     *
     * @param meanDefective mean SSIM to the defective references
     * @param meanNormal mean SSIM to the normal references
     */
    public record Score(double meanDefective, double meanNormal) {
        /** Whether eq. 4 holds. */
        public boolean accepted() {
            return meanDefective >= meanNormal;
        }
    }

    private final Ssim.Stats[] defective;
    private final Ssim.Stats[] normal;

    /**
     * @throws IllegalArgumentException if either list is empty or the images differ in shape
     */
    public QualityCheck(List<Image> defectiveRefs, List<Image> normalRefs) {
        if (defectiveRefs.isEmpty() || normalRefs.isEmpty()) {
            throw new IllegalArgumentException("eq. 4 needs at least one defective and one normal reference, got "
                + defectiveRefs.size() + " and " + normalRefs.size());
        }
        Image first = defectiveRefs.get(0);
        for (Image im : defectiveRefs) {
            first.requireSameShape(im, "quality check references");
        }
        for (Image im : normalRefs) {
            first.requireSameShape(im, "quality check references");
        }
        defective = stats(defectiveRefs);
        normal = stats(normalRefs);
    }

    private static Ssim.Stats[] stats(List<Image> images) {
        Ssim.Stats[] out = new Ssim.Stats[images.size()];
        Parallel.forEach(out.length, i -> out[i] = Ssim.stats(images.get(i)));
        return out;
    }

    /** Scores a candidate against both reference sets with full SSIM computations. */
    public Score score(Image candidate) {
        Ssim.Stats s = Ssim.stats(candidate);
        return new Score(mean(s, defective), mean(s, normal));
    }

    private static double mean(Ssim.Stats s, Ssim.Stats[] refs) {
        double sum = 0;
        for (Ssim.Stats r : refs) {
            sum += Ssim.ssim(s, r);
        }
        return sum / refs.length;
    }

    /** Starts scoring candidates that differ from {@code base} only inside a mask. */
    public Session session(Image base) {
        return new Session(base);
    }

    /** Number of defective references. */
    public int defectiveReferences() {
        return defective.length;
    }

    /** Number of normal references. */
    public int normalReferences() {
        return normal.length;
    }

    /** Scores edits of one base image incrementally; not thread-safe (one per sample). */
    public final class Session {
        private final Image base;
        private final double[][] defTables;
        private final double[][] normTables;
        private final int rows;
        private final int cols;
        private final double norm;

        private Session(Image base) {
            this.base = base;
            Ssim.Stats bs = Ssim.stats(base);
            rows = bs.windowRows();
            cols = bs.windowCols();
            norm = Ssim.normaliser(bs);
            defTables = tables(bs, defective);
            normTables = tables(bs, normal);
        }

        private double[][] tables(Ssim.Stats bs, Ssim.Stats[] refs) {
            double[][] t = new double[refs.length][];
            for (int r = 0; r < refs.length; r++) {
                t[r] = summedArea(Ssim.windowSums(bs, refs[r]));
            }
            return t;
        }

        /**
         * Scores {@code candidate}, which must equal the base image wherever {@code changed} is clear.
         * An empty mask scores the base image itself.
         */
        public Score score(Image candidate, Mask changed) {
            base.requireSameShape(candidate, "quality check candidate");
            int[] bb = changed.boundingBox();
            if (bb == null) {
                return new Score(total(defTables) / defTables.length / norm, total(normTables) / normTables.length / norm);
            }
            // Windows whose 7x7 support meets the changed pixels' bounding box.
            int wy0 = Math.max(0, bb[0] - Ssim.WINDOW + 1);
            int wy1 = Math.min(rows - 1, bb[2]);
            int wx0 = Math.max(0, bb[1] - Ssim.WINDOW + 1);
            int wx1 = Math.min(cols - 1, bb[3]);
            if (wy0 > wy1 || wx0 > wx1) {
                return score(base, Mask.empty(changed.height(), changed.width()));
            }
            Ssim.Region region = Ssim.region(candidate, wy0, wy1, wx0, wx1);
            return new Score(mean(region, defective, defTables), mean(region, normal, normTables));
        }

        private double mean(Ssim.Region region, Ssim.Stats[] refs, double[][] tables) {
            double sum = 0;
            for (int r = 0; r < refs.length; r++) {
                double[] t = tables[r];
                double inside = rect(t, region.windowRow0(), region.windowRow1(), region.windowCol0(), region.windowCol1());
                double whole = rect(t, 0, rows - 1, 0, cols - 1);
                sum += (whole - inside + Ssim.regionSum(region, refs[r])) / norm;
            }
            return sum / refs.length;
        }

        private double total(double[][] tables) {
            double s = 0;
            for (double[] t : tables) {
                s += rect(t, 0, rows - 1, 0, cols - 1);
            }
            return s;
        }

        private double[] summedArea(double[] m) {
            double[] s = new double[(rows + 1) * (cols + 1)];
            for (int y = 0; y < rows; y++) {
                double row = 0;
                for (int x = 0; x < cols; x++) {
                    row += m[y * cols + x];
                    s[(y + 1) * (cols + 1) + x + 1] = s[y * (cols + 1) + x + 1] + row;
                }
            }
            return s;
        }

        private double rect(double[] s, int y0, int y1, int x0, int x1) {
            int w = cols + 1;
            return s[(y1 + 1) * w + x1 + 1] - s[y0 * w + x1 + 1] - s[(y1 + 1) * w + x0] + s[y0 * w + x0];
        }
    }
}
