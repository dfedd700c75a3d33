package org.dadda.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compares every binary metric with scikit-learn on the cases of binary_cases.json. */
class BinaryMetricsGoldenTest {

    private static final double TOL = 1e-12;

    static Stream<Arguments> cases() {
        return Fixtures.cases("binary_cases.json").stream().map(c -> Arguments.of(c.get("name"), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aurocAndAveragePrecision(String name, Map<String, Object> c) {
        float[] scores = Fixtures.floats(c.get("scores"));
        int[] labels = Fixtures.ints(c.get("labels"));
        assertEquals(Fixtures.number(c, "auroc"), BinaryMetrics.auroc(scores, labels), TOL, "AUROC");
        assertEquals(Fixtures.number(c, "average_precision"), BinaryMetrics.averagePrecision(scores, labels), TOL, "AP");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rocCurves(String name, Map<String, Object> c) {
        BinaryRanking ranking = BinaryRanking.of(Fixtures.floats(c.get("scores")), Fixtures.ints(c.get("labels")));
        assertRoc(Fixtures.map(c, "roc"), ranking.rocCurve());
        assertRoc(Fixtures.map(c, "roc_all"), ranking.rocCurve(false));
        assertEquals(ranking.auroc(), ranking.rocCurve().area(), TOL, "trapezoid area of the dropped curve");
    }

    private static void assertRoc(Map<String, Object> expected, RocCurve actual) {
        assertArrayEquals(Fixtures.doubles(expected.get("fpr")), actual.fpr(), TOL, "fpr");
        assertArrayEquals(Fixtures.doubles(expected.get("tpr")), actual.tpr(), TOL, "tpr");
        double[] tail = Fixtures.doubles(expected.get("thresholds_tail"));
        assertEquals(Double.POSITIVE_INFINITY, actual.thresholds()[0]);
        assertArrayEquals(tail, java.util.Arrays.copyOfRange(actual.thresholds(), 1, actual.size()), 0.0, "thresholds");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void precisionRecallCurve(String name, Map<String, Object> c) {
        PrecisionRecallCurve pr = BinaryMetrics.precisionRecallCurve(Fixtures.floats(c.get("scores")),
                Fixtures.ints(c.get("labels")));
        Map<String, Object> expected = Fixtures.map(c, "pr");
        assertArrayEquals(Fixtures.doubles(expected.get("precision")), pr.precision(), TOL, "precision");
        assertArrayEquals(Fixtures.doubles(expected.get("recall")), pr.recall(), TOL, "recall");
        assertArrayEquals(Fixtures.doubles(expected.get("thresholds")), pr.thresholds(), 0.0, "thresholds");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void f1Max(String name, Map<String, Object> c) {
        F1Max f1 = BinaryMetrics.f1Max(Fixtures.floats(c.get("scores")), Fixtures.ints(c.get("labels")));
        Map<String, Object> expected = Fixtures.map(c, "f1_max");
        assertEquals(Fixtures.number(expected, "f1"), f1.f1(), TOL, "F1");
        assertTrue((Boolean) expected.get("unique"), "fixture maximum should be unique");
        assertEquals(Fixtures.number(expected, "threshold"), f1.threshold(), 0.0, "threshold");
        assertEquals(Fixtures.number(expected, "precision"), f1.precision(), TOL, "precision");
        assertEquals(Fixtures.number(expected, "recall"), f1.recall(), TOL, "recall");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void confusionMatrixAtThreshold(String name, Map<String, Object> c) {
        float[] scores = Fixtures.floats(c.get("scores"));
        int[] labels = Fixtures.ints(c.get("labels"));
        Map<String, Object> expected = Fixtures.map(c, "confusion");
        ConfusionMatrix cm = ConfusionMatrix.atThreshold(scores, ScoreKeys.binaryLabels(labels, "labels"),
                Fixtures.number(expected, "threshold"));
        List<?> rows = (List<?>) expected.get("matrix");
        long[][] matrix = cm.toArray();
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(Fixtures.ints(rows.get(i)), new int[] {(int) matrix[i][0], (int) matrix[i][1]}, "row " + i);
        }
        assertEquals(Fixtures.number(expected, "accuracy"), cm.accuracy(), TOL, "accuracy");
    }
}
