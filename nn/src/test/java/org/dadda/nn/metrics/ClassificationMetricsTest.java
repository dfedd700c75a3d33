package org.dadda.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Multi-class accuracy and confusion matrix against scikit-learn (multiclass.json). */
class ClassificationMetricsTest {

    @Test
    void matchesScikitLearn() {
        Map<String, Object> f = Fixtures.load("multiclass.json");
        int[] actual = Fixtures.ints(f.get("actual"));
        int[] predicted = Fixtures.ints(f.get("predicted"));
        int classes = (int) Fixtures.number(f, "classes");
        assertEquals(Fixtures.number(f, "accuracy"), ClassificationMetrics.accuracy(actual, predicted), 1e-15);
        long[][] cm = ClassificationMetrics.confusionMatrix(actual, predicted, classes);
        List<?> rows = (List<?>) f.get("confusion");
        for (int i = 0; i < classes; i++) {
            int[] expected = Fixtures.ints(rows.get(i));
            long[] row = cm[i];
            assertArrayEquals(java.util.Arrays.stream(expected).asLongStream().toArray(), row, "row " + i);
        }
    }
}
