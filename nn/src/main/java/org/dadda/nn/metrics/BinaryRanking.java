package org.dadda.nn.metrics;

import java.util.Arrays;

/**
 * Binary scores ranked once, from which AUROC, average precision, the ROC and precision-recall
 * curves and F1-max are read without sorting again.
 *
 * <p>The ranking holds, for every distinct score (a threshold, highest first), the cumulative
 * number of positives and negatives scoring at or above it: scikit-learn's
 * {@code _binary_clf_curve}. Ties are therefore handled exactly as scikit-learn does, thresholds
 * sitting at distinct score values. Scores are sorted as packed primitive {@code long}s, so a
 * ranking of {@code n} scores costs one {@code long[n]} sort and no boxing.
 */
public final class BinaryRanking {

    private final double[] thresholds;
    private final int[] tps;
    private final int[] fps;
    private final int positives;
    private final int negatives;

    private BinaryRanking(double[] thresholds, int[] tps, int[] fps) {
        this.thresholds = thresholds;
        this.tps = tps;
        this.fps = fps;
        this.positives = tps[tps.length - 1];
        this.negatives = fps[fps.length - 1];
    }

    /**
     * Ranks scores against 0/1 labels.
     *
     * @param scores the scores, higher meaning more positive; finite
     * @param labels the labels, each 0 or 1, same length as {@code scores}
     * @return the ranking
     * @throws IllegalArgumentException on empty input, a length mismatch, a label other than 0/1, a
     *     non-finite score, or labels of one class only
     */
    public static BinaryRanking of(float[] scores, int[] labels) {
        ScoreKeys.requireSameLength(scores, labels == null ? -1 : labels.length, "scores", "labels");
        return of(scores, ScoreKeys.binaryLabels(labels, "labels"));
    }

    /**
     * Ranks scores against boolean labels ({@code true} = positive).
     *
     * @param scores the scores, higher meaning more positive; finite
     * @param labels the labels, same length as {@code scores}
     * @return the ranking
     * @throws IllegalArgumentException on empty input, a length mismatch, a non-finite score, or
     *     labels of one class only
     */
    public static BinaryRanking of(float[] scores, boolean[] labels) {
        ScoreKeys.requireSameLength(scores, labels == null ? -1 : labels.length, "scores", "labels");
        ScoreKeys.requireFinite(scores, "scores");
        int n = scores.length;
        long[] packed = new long[n];
        int positives = 0;
        for (int i = 0; i < n; i++) {
            int label = labels[i] ? 1 : 0;
            positives += label;
            packed[i] = ScoreKeys.pack(ScoreKeys.sortKey(scores[i]), label);
        }
        if (positives == 0 || positives == n) {
            throw new IllegalArgumentException("labels contain only " + (positives == 0 ? "negatives" : "positives")
                    + " (" + n + " samples); ranking metrics need both classes");
        }
        Arrays.sort(packed);
        double[] thresholds = new double[n];
        int[] tps = new int[n];
        int[] fps = new int[n];
        int groups = 0;
        int tp = 0;
        int fp = 0;
        // Walk from the highest score down, closing a threshold group whenever the score changes.
        for (int i = n - 1; i >= 0; i--) {
            long p = packed[i];
            if (ScoreKeys.payload(p) == 1) {
                tp++;
            } else {
                fp++;
            }
            if (i == 0 || ScoreKeys.key(packed[i - 1]) != ScoreKeys.key(p)) {
                thresholds[groups] = ScoreKeys.score(ScoreKeys.key(p));
                tps[groups] = tp;
                fps[groups] = fp;
                groups++;
            }
        }
        return new BinaryRanking(Arrays.copyOf(thresholds, groups), Arrays.copyOf(tps, groups),
                Arrays.copyOf(fps, groups));
    }

    /** The number of positive samples. */
    public int positives() {
        return positives;
    }

    /** The number of negative samples. */
    public int negatives() {
        return negatives;
    }

    /** The number of distinct scores. */
    public int thresholdCount() {
        return thresholds.length;
    }

    /**
     * Area under the ROC curve, as {@code sklearn.metrics.roc_auc_score}. Computed from integer
     * counts (each tie group contributes a trapezoid), so it is exact up to one final division.
     *
     * @return the AUROC in [0, 1]
     */
    public double auroc() {
        long twiceArea = 0;
        long prevTp = 0;
        long prevFp = 0;
        for (int g = 0; g < thresholds.length; g++) {
            twiceArea += (fps[g] - prevFp) * (tps[g] + prevTp);
            prevTp = tps[g];
            prevFp = fps[g];
        }
        return twiceArea / (2.0 * positives * (double) negatives);
    }

    /**
     * Average precision, exactly as {@code sklearn.metrics.average_precision_score}: the step-wise
     * sum over thresholds of {@code (R_n - R_(n-1)) P_n}, without interpolation.
     *
     * @return the AP in (0, 1]
     */
    public double averagePrecision() {
        double sum = 0;
        int prevTp = 0;
        for (int g = 0; g < thresholds.length; g++) {
            int newPositives = tps[g] - prevTp;
            if (newPositives != 0) {
                sum += newPositives * ((double) tps[g] / (tps[g] + fps[g]));
            }
            prevTp = tps[g];
        }
        return sum / positives;
    }

    /**
     * The ROC curve as scikit-learn's {@code roc_curve} with its default
     * {@code drop_intermediate=True}.
     *
     * @return the curve
     */
    public RocCurve rocCurve() {
        return rocCurve(true);
    }

    /**
     * The ROC curve as scikit-learn's {@code roc_curve}.
     *
     * @param dropIntermediate drop thresholds where both the false and the true positive counts
     *     advance by the same step as before (scikit-learn's rule: such points lie on a straight
     *     segment and do not change the plot or the area)
     * @return the curve, starting at (0, 0) with threshold {@code +Infinity}
     */
    public RocCurve rocCurve(boolean dropIntermediate) {
        int m = thresholds.length;
        int[] keep = new int[m];
        int kept = 0;
        for (int g = 0; g < m; g++) {
            boolean interior = g > 0 && g < m - 1;
            if (dropIntermediate && m > 2 && interior
                    && fps[g + 1] - 2 * fps[g] + fps[g - 1] == 0
                    && tps[g + 1] - 2 * tps[g] + tps[g - 1] == 0) {
                continue;
            }
            keep[kept++] = g;
        }
        double[] fpr = new double[kept + 1];
        double[] tpr = new double[kept + 1];
        double[] thr = new double[kept + 1];
        thr[0] = Double.POSITIVE_INFINITY;
        for (int k = 0; k < kept; k++) {
            int g = keep[k];
            fpr[k + 1] = (double) fps[g] / negatives;
            tpr[k + 1] = (double) tps[g] / positives;
            thr[k + 1] = thresholds[g];
        }
        return new RocCurve(fpr, tpr, thr);
    }

    /**
     * The precision-recall curve as scikit-learn's {@code precision_recall_curve}: one point per
     * distinct score, thresholds increasing, closed by (precision 1, recall 0).
     *
     * @return the curve
     */
    public PrecisionRecallCurve precisionRecallCurve() {
        int m = thresholds.length;
        double[] precision = new double[m + 1];
        double[] recall = new double[m + 1];
        double[] thr = new double[m];
        for (int g = 0; g < m; g++) {
            int k = m - 1 - g;
            precision[k] = (double) tps[g] / (tps[g] + fps[g]);
            recall[k] = (double) tps[g] / positives;
            thr[k] = thresholds[g];
        }
        precision[m] = 1;
        recall[m] = 0;
        return new PrecisionRecallCurve(precision, recall, thr);
    }

    /**
     * The best F1 over the points of the precision-recall curve. F1 is evaluated as
     * {@code 2 tp / (2 tp + fp + fn)}, algebraically equal to {@code 2PR / (P + R)} but exact for
     * equal ratios, so ties between points are real ties; among them the lowest threshold wins.
     *
     * @return the maximum and its threshold
     */
    public F1Max f1Max() {
        double best = -1;
        int bestGroup = -1;
        // Lowest threshold first, so that a later equal value does not replace the first maximum.
        for (int g = thresholds.length - 1; g >= 0; g--) {
            double f1 = 2.0 * tps[g] / (2.0 * tps[g] + fps[g] + (positives - tps[g]));
            if (f1 > best) {
                best = f1;
                bestGroup = g;
            }
        }
        int tp = tps[bestGroup];
        return new F1Max(best, thresholds[bestGroup], (double) tp / (tp + fps[bestGroup]), (double) tp / positives);
    }
}
