package org.dadda.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Invalid or one-class input is rejected with a message saying what is wrong. */
class DegenerateInputTest {

    private static void rejects(Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void emptyInput() {
        rejects(() -> BinaryMetrics.auroc(new float[0], new int[0]), "empty");
        rejects(() -> ClassificationMetrics.accuracy(new int[0], new int[0]), "empty");
        rejects(() -> ConfusionMatrix.of(new boolean[0], new boolean[0]), "empty");
    }

    @Test
    void oneClassOnly() {
        rejects(() -> BinaryMetrics.auroc(new float[] {0.1f, 0.2f}, new int[] {1, 1}), "only positives");
        rejects(() -> BinaryMetrics.averagePrecision(new float[] {0.1f, 0.2f}, new int[] {0, 0}), "only negatives");
        rejects(() -> BinaryMetrics.f1Max(new float[] {0.1f}, new boolean[] {true}), "both classes");
    }

    @Test
    void lengthMismatch() {
        rejects(() -> BinaryMetrics.auroc(new float[] {0.1f, 0.2f}, new int[] {1, 0, 1}), "length mismatch");
        rejects(() -> ClassificationMetrics.confusionMatrix(new int[] {1}, new int[] {1, 0}, 2), "length mismatch");
        rejects(() -> ConfusionMatrix.of(new int[] {1}, new int[] {1, 0}), "length mismatch");
    }

    @Test
    void invalidValues() {
        rejects(() -> BinaryMetrics.auroc(new float[] {0.1f, 0.2f}, new int[] {1, 2}), "labels[1] is 2");
        rejects(() -> BinaryMetrics.auroc(new float[] {Float.NaN, 0.2f}, new int[] {1, 0}), "scores[0] is NaN");
        rejects(() -> BinaryMetrics.auroc(new float[] {0.2f, Float.POSITIVE_INFINITY}, new int[] {1, 0}), "finite");
        rejects(() -> ClassificationMetrics.confusionMatrix(new int[] {3}, new int[] {1}, 3), "actual[0] = 3");
        rejects(() -> BinaryMetrics.auroc(null, new int[] {1}), "scores is null");
        rejects(() -> BinaryMetrics.auroc(new float[] {1f}, (boolean[]) null), "labels is null");
        rejects(() -> Aupro.compute(new float[4], null, 1, 2, 2), "masks is null");
    }

    @Test
    void auproRejectsBadMasksAndSizes() {
        float[] scores = new float[8];
        rejects(() -> Aupro.compute(scores, new boolean[8], 2, 2, 2), "no anomalous pixel");
        boolean[] all = new boolean[8];
        java.util.Arrays.fill(all, true);
        rejects(() -> Aupro.compute(scores, all, 2, 2, 2), "no normal pixel");
        rejects(() -> Aupro.compute(scores, new boolean[8], 3, 2, 2), "need 12");
        rejects(() -> Aupro.compute(scores, new boolean[7], 2, 2, 2), "length mismatch");
        boolean[] some = new boolean[8];
        some[0] = true;
        rejects(() -> Aupro.compute(scores, some, 2, 2, 2, 1.5, Connectivity.EIGHT), "fprLimit");
        rejects(() -> Aupro.compute(scores, some, 2, 2, 2, 0, Connectivity.EIGHT), "fprLimit");
    }

    @Test
    void confusionMatrixCountsAndRates() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {1, 1, 0, 0, 1}, new int[] {1, 0, 0, 1, 1});
        assertEquals(new ConfusionMatrix(1, 1, 1, 2), cm);
        assertEquals(0.6, cm.accuracy(), 1e-15);
        assertEquals(2.0 / 3, cm.precision(), 1e-15);
        assertEquals(2.0 / 3, cm.recall(), 1e-15);
        assertEquals(0.5, cm.falsePositiveRate(), 1e-15);
        assertEquals(2.0 / 3, cm.f1(), 1e-15);
        assertEquals(0, new ConfusionMatrix(3, 0, 0, 0).precision());
    }

    @Test
    void negativeZeroTiesWithZero() {
        float[] scores = {-0.0f, 0.0f, 1f, -1f};
        BinaryRanking r = BinaryRanking.of(scores, new int[] {1, 0, 1, 0});
        assertEquals(3, r.thresholdCount());
        assertEquals((1 + 0.5 + 1 + 1) / 4, r.auroc(), 1e-15);
    }
}
