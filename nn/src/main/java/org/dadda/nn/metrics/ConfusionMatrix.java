package org.dadda.nn.metrics;

/**
 * Counts of a binary confusion matrix, positive class 1.
 *
 * @param tn true negatives
 * @param fp false positives
 * @param fn false negatives
 * @param tp true positives
 */
public record ConfusionMatrix(long tn, long fp, long fn, long tp) {

    /** Rejects negative counts. */
    public ConfusionMatrix {
        if (tn < 0 || fp < 0 || fn < 0 || tp < 0) {
            throw new IllegalArgumentException("confusion counts must be >= 0: tn=" + tn + " fp=" + fp
                    + " fn=" + fn + " tp=" + tp);
        }
    }

    /**
     * Counts predictions against actual labels.
     *
     * @param actual the true labels
     * @param predicted the predicted labels, same length
     * @return the counts
     * @throws IllegalArgumentException on a length mismatch or empty input
     */
    public static ConfusionMatrix of(boolean[] actual, boolean[] predicted) {
        if (actual == null || predicted == null) {
            throw new IllegalArgumentException("actual and predicted labels must not be null");
        }
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("length mismatch: actual has " + actual.length
                    + " labels but predicted has " + predicted.length);
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("actual labels are empty");
        }
        long tn = 0, fp = 0, fn = 0, tp = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i]) {
                if (predicted[i]) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (predicted[i]) {
                fp++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tn, fp, fn, tp);
    }

    /**
     * Counts 0/1 predictions against 0/1 labels.
     *
     * @param actual the true labels, each 0 or 1
     * @param predicted the predicted labels, each 0 or 1, same length
     * @return the counts
     * @throws IllegalArgumentException on a value other than 0/1, a length mismatch or empty input
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted) {
        return of(ScoreKeys.binaryLabels(actual, "actual"), ScoreKeys.binaryLabels(predicted, "predicted"));
    }

    /**
     * Counts the predictions made by calling every score {@code >= threshold} positive (the
     * convention of the ROC and precision-recall curves).
     *
     * @param scores the scores, finite
     * @param actual the true labels, same length
     * @param threshold the decision threshold
     * @return the counts
     */
    public static ConfusionMatrix atThreshold(float[] scores, boolean[] actual, double threshold) {
        ScoreKeys.requireSameLength(scores, actual == null ? -1 : actual.length, "scores", "actual");
        ScoreKeys.requireFinite(scores, "scores");
        boolean[] predicted = new boolean[scores.length];
        for (int i = 0; i < scores.length; i++) {
            predicted[i] = scores[i] >= threshold;
        }
        return of(actual, predicted);
    }

    /** The total number of samples. */
    public long total() {
        return tn + fp + fn + tp;
    }

    /** Fraction of correct predictions. */
    public double accuracy() {
        return (double) (tp + tn) / total();
    }

    /** {@code tp / (tp + fp)}, 0 when nothing is predicted positive (scikit-learn's zero_division=0). */
    public double precision() {
        return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    }

    /** {@code tp / (tp + fn)}, 0 when there are no positives. */
    public double recall() {
        return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    }

    /** {@code fp / (fp + tn)}, 0 when there are no negatives. */
    public double falsePositiveRate() {
        return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
    }

    /** {@code 2 tp / (2 tp + fp + fn)}, 0 when that is 0/0. */
    public double f1() {
        long denominator = 2 * tp + fp + fn;
        return denominator == 0 ? 0 : 2.0 * tp / denominator;
    }

    /** The counts as scikit-learn's {@code confusion_matrix} lays them out: {@code [[tn, fp], [fn, tp]]}. */
    public long[][] toArray() {
        return new long[][] {{tn, fp}, {fn, tp}};
    }
}
