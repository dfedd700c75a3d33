package org.dadda.nn.metrics;

/**
 * Points of a receiver operating characteristic curve, in the layout of scikit-learn's
 * {@code roc_curve}: thresholds decrease, and point {@code i} is the false/true positive rate when
 * every score {@code >= thresholds[i]} is called positive. The first point is (0, 0) with threshold
 * {@code +Infinity} (scikit-learn 1.3 and later; 1.2 used {@code max score + 1}).
 *
 * <p>The arrays are not copied; treat them as read-only.
 *
 * @param fpr false positive rates, non-decreasing, from 0 to 1
 * @param tpr true positive rates, non-decreasing, from 0 to 1
 * @param thresholds the score thresholds, decreasing, {@code thresholds[0] = +Infinity}
 */
public record RocCurve(double[] fpr, double[] tpr, double[] thresholds) {

    /** Checks that the three arrays describe the same points. */
    public RocCurve {
        if (fpr.length != tpr.length || fpr.length != thresholds.length) {
            throw new IllegalArgumentException("ROC curve arrays differ in length: fpr " + fpr.length
                    + ", tpr " + tpr.length + ", thresholds " + thresholds.length);
        }
    }

    /** The number of points. */
    public int size() {
        return fpr.length;
    }

    /** Area under the curve by the trapezoidal rule. */
    public double area() {
        double area = 0;
        for (int i = 1; i < fpr.length; i++) {
            area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) * 0.5;
        }
        return area;
    }
}
