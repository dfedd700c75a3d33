package org.dadda.nn.metrics;

/**
 * The per-region overlap (PRO) curve up to a false positive rate limit, as anomalib's AUPRO
 * builds it: the per-region true positive rate averaged over all ground-truth regions, against the
 * averaged false positive rate, resampled on a common grid.
 *
 * <p>The arrays are not copied; treat them as read-only.
 *
 * @param fpr averaged false positive rate per grid point (the last point sits at about {@code fprLimit})
 * @param pro averaged per-region overlap (true positive rate) per grid point
 * @param fprLimit the false positive rate limit the curve was cut at
 */
public record ProCurve(double[] fpr, double[] pro, double fprLimit) {

    /** Checks that the arrays describe the same points. */
    public ProCurve {
        if (fpr.length != pro.length || fpr.length == 0) {
            throw new IllegalArgumentException("PRO curve arrays must be non-empty and equally long: fpr "
                    + fpr.length + ", pro " + pro.length);
        }
    }

    /**
     * The normalised area under the curve (AUPRO): the points are stably sorted by false positive
     * rate, integrated by the trapezoidal rule, and divided by the last point's false positive rate
     * (about {@code fprLimit}), as anomalib does. A curve of a single point (the global ROC jumps
     * straight past the limit) gives NaN, as in anomalib.
     *
     * @return the AUPRO, normally in [0, 1]
     */
    public double aupro() {
        int[] order = StableOrder.ascending(fpr);
        double area = 0;
        for (int k = 1; k < order.length; k++) {
            int a = order[k - 1];
            int b = order[k];
            area += (fpr[b] - fpr[a]) * (pro[b] + pro[a]) * 0.5;
        }
        return area / fpr[fpr.length - 1];
    }
}
