package org.dadda.nn.metrics;

/**
 * Accuracy and confusion matrix for class indices (binary or multi-class), matching
 * {@code sklearn.metrics.accuracy_score} and {@code sklearn.metrics.confusion_matrix}.
 */
public final class ClassificationMetrics {

    private ClassificationMetrics() {
    }

    /**
     * Fraction of samples whose predicted class equals the actual class.
     *
     * @param actual the true class of each sample
     * @param predicted the predicted class of each sample, same length
     * @return the accuracy in [0, 1]
     * @throws IllegalArgumentException on null or empty input or a length mismatch
     */
    public static double accuracy(int[] actual, int[] predicted) {
        requirePair(actual, predicted);
        long correct = 0;
        for (int i = 0; i < actual.length; i++) {
            if (actual[i] == predicted[i]) {
                correct++;
            }
        }
        return (double) correct / actual.length;
    }

    /**
     * Counts of (actual, predicted) pairs: entry {@code [i][j]} is the number of samples of class
     * {@code i} predicted as class {@code j} (rows are true classes, as in scikit-learn).
     *
     * @param actual the true class of each sample, in {@code [0, numClasses)}
     * @param predicted the predicted class of each sample, in {@code [0, numClasses)}, same length
     * @param numClasses the number of classes, at least 1
     * @return a {@code numClasses x numClasses} matrix
     * @throws IllegalArgumentException on null or empty input, a length mismatch or a class out of range
     */
    public static long[][] confusionMatrix(int[] actual, int[] predicted, int numClasses) {
        requirePair(actual, predicted);
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be >= 1, got " + numClasses);
        }
        long[][] counts = new long[numClasses][numClasses];
        for (int i = 0; i < actual.length; i++) {
            int a = actual[i];
            int p = predicted[i];
            if (a < 0 || a >= numClasses) {
                throw new IllegalArgumentException("actual[" + i + "] = " + a + " is outside [0, " + numClasses + ")");
            }
            if (p < 0 || p >= numClasses) {
                throw new IllegalArgumentException("predicted[" + i + "] = " + p + " is outside [0, " + numClasses + ")");
            }
            counts[a][p]++;
        }
        return counts;
    }

    private static void requirePair(int[] actual, int[] predicted) {
        if (actual == null || predicted == null) {
            throw new IllegalArgumentException("actual and predicted must not be null");
        }
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("length mismatch: actual has " + actual.length
                    + " samples but predicted has " + predicted.length);
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("actual is empty");
        }
    }
}
