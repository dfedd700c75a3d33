package org.dadda.nn.metrics;

/**
 * Points of a precision-recall curve, in the layout of scikit-learn's
 * {@code precision_recall_curve} (version 1.1 and later, no truncation at full recall): thresholds
 * increase, point {@code i < thresholds.length} is the precision/recall when every score
 * {@code >= thresholds[i]} is called positive, and a last point (precision 1, recall 0) without a
 * threshold closes the curve.
 *
 * <p>The arrays are not copied; treat them as read-only.
 *
 * @param precision precision per point, {@code thresholds.length + 1} values, the last being 1
 * @param recall recall per point, non-increasing, {@code thresholds.length + 1} values, the last being 0
 * @param thresholds the distinct scores, increasing
 */
public record PrecisionRecallCurve(double[] precision, double[] recall, double[] thresholds) {

    /** Checks that the arrays describe the same points. */
    public PrecisionRecallCurve {
        if (precision.length != recall.length || precision.length != thresholds.length + 1) {
            throw new IllegalArgumentException("precision-recall arrays differ in length: precision "
                    + precision.length + ", recall " + recall.length + ", thresholds " + thresholds.length
                    + " (expected thresholds + 1 points)");
        }
    }

    /** The number of points, including the closing (1, 0) point. */
    public int size() {
        return precision.length;
    }
}
