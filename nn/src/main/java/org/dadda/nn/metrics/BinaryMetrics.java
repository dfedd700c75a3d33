package org.dadda.nn.metrics;

/**
 * One-call binary ranking metrics on primitive arrays, matching scikit-learn. Each call ranks the
 * scores once; to read several metrics from the same scores, use {@link BinaryRanking} directly.
 *
 * <p>All methods throw {@link IllegalArgumentException} on empty input, a length mismatch, a label
 * other than 0/1, a non-finite score, or labels of one class only.
 */
public final class BinaryMetrics {

    private BinaryMetrics() {
    }

    /**
     * {@code sklearn.metrics.roc_auc_score}.
     *
     * @param scores scores, higher meaning more positive
     * @param labels 0/1 labels
     * @return the area under the ROC curve
     */
    public static double auroc(float[] scores, int[] labels) {
        return BinaryRanking.of(scores, labels).auroc();
    }

    /**
     * {@code sklearn.metrics.roc_auc_score}.
     *
     * @param scores scores, higher meaning more positive
     * @param labels labels, {@code true} = positive
     * @return the area under the ROC curve
     */
    public static double auroc(float[] scores, boolean[] labels) {
        return BinaryRanking.of(scores, labels).auroc();
    }

    /**
     * {@code sklearn.metrics.average_precision_score}.
     *
     * @param scores scores, higher meaning more positive
     * @param labels 0/1 labels
     * @return the average precision
     */
    public static double averagePrecision(float[] scores, int[] labels) {
        return BinaryRanking.of(scores, labels).averagePrecision();
    }

    /**
     * {@code sklearn.metrics.average_precision_score}.
     *
     * @param scores scores, higher meaning more positive
     * @param labels labels, {@code true} = positive
     * @return the average precision
     */
    public static double averagePrecision(float[] scores, boolean[] labels) {
        return BinaryRanking.of(scores, labels).averagePrecision();
    }

    /**
     * {@code sklearn.metrics.roc_curve} with {@code drop_intermediate=True}.
     *
     * @param scores scores, higher meaning more positive
     * @param labels 0/1 labels
     * @return the curve
     */
    public static RocCurve rocCurve(float[] scores, int[] labels) {
        return BinaryRanking.of(scores, labels).rocCurve();
    }

    /**
     * {@code sklearn.metrics.precision_recall_curve}.
     *
     * @param scores scores, higher meaning more positive
     * @param labels 0/1 labels
     * @return the curve
     */
    public static PrecisionRecallCurve precisionRecallCurve(float[] scores, int[] labels) {
        return BinaryRanking.of(scores, labels).precisionRecallCurve();
    }

    /**
     * The maximum F1 over the precision-recall curve's points.
     *
     * @param scores scores, higher meaning more positive
     * @param labels 0/1 labels
     * @return the maximum, its threshold, precision and recall
     */
    public static F1Max f1Max(float[] scores, int[] labels) {
        return BinaryRanking.of(scores, labels).f1Max();
    }

    /**
     * The maximum F1 over the precision-recall curve's points.
     *
     * @param scores scores, higher meaning more positive
     * @param labels labels, {@code true} = positive
     * @return the maximum, its threshold, precision and recall
     */
    public static F1Max f1Max(float[] scores, boolean[] labels) {
        return BinaryRanking.of(scores, labels).f1Max();
    }
}
