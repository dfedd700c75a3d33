package org.dadda.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A million scores (regenerated with the fixture script's splitmix64 generator) against
 * scikit-learn, with a loose time limit that only catches accidental quadratic behaviour.
 */
class LargeInputTest {

    /** The generator of make_metrics_fixtures.py's splitmix_data. */
    static void splitmix(long seed, float[] scores, boolean[] labels) {
        for (int i = 0; i < scores.length; i++) {
            long z = seed + (i + 1L) * 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            scores[i] = (float) ((z >>> 40) / (double) (1 << 24));
            double u = ((z >>> 8) & 0xFFFF) / 65536.0;
            labels[i] = u < 0.15 + 0.5 * (double) scores[i];
        }
    }

    @Test
    void millionScoresMatchScikitLearn() {
        Map<String, Object> expected = Fixtures.load("large_splitmix.json");
        int n = (int) Fixtures.number(expected, "n");
        float[] scores = new float[n];
        boolean[] labels = new boolean[n];
        splitmix((long) Fixtures.number(expected, "seed"), scores, labels);
        BinaryRanking ranking = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> BinaryRanking.of(scores, labels));
        assertEquals((int) Fixtures.number(expected, "positives"), ranking.positives());
        assertEquals((int) Fixtures.number(expected, "distinct_scores"), ranking.thresholdCount());
        assertEquals(Fixtures.number(expected, "auroc"), ranking.auroc(), 1e-12);
        assertEquals(Fixtures.number(expected, "average_precision"), ranking.averagePrecision(), 1e-10);
        Map<String, Object> f1 = Fixtures.map(expected, "f1_max");
        assertTrue((Boolean) f1.get("unique"));
        F1Max actual = ranking.f1Max();
        assertEquals(Fixtures.number(f1, "f1"), actual.f1(), 1e-12);
        assertEquals(Fixtures.number(f1, "threshold"), actual.threshold());
        assertEquals(ranking.positives() + ranking.negatives(), n);
    }
}
