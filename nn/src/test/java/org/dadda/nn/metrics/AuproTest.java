package org.dadda.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** AUPRO against the numpy re-implementation of anomalib's algorithm (aupro_cases.json). */
class AuproTest {

    private static final double TOL = 1e-9;

    static Stream<Arguments> cases() {
        return Fixtures.cases("aupro_cases.json").stream().map(c -> Arguments.of(c.get("name"), c));
    }

    private static void assertValue(double expected, double actual, String what) {
        if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), what + ": expected NaN, got " + actual);
        } else {
            assertEquals(expected, actual, TOL, what);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesReference(String name, Map<String, Object> c) {
        int count = (int) Fixtures.number(c, "count");
        int h = (int) Fixtures.number(c, "height");
        int w = (int) Fixtures.number(c, "width");
        float[] scores = Fixtures.floats(c.get("scores"));
        boolean[] masks = Fixtures.booleans(c.get("masks"));
        ProCurve curve = Aupro.curve(scores, masks, count, h, w, 0.3, Connectivity.EIGHT);
        assertEquals((int) Fixtures.number(c, "grid_size"), curve.fpr().length, "grid size");
        assertValue(Fixtures.number(c, "aupro8"), curve.aupro(), "AUPRO 8-connected");
        assertValue(Fixtures.number(c, "aupro8"), Aupro.compute(scores, masks, count, h, w), "default AUPRO");
        assertValue(Fixtures.number(c, "aupro4"),
                Aupro.compute(scores, masks, count, h, w, 0.3, Connectivity.FOUR), "AUPRO 4-connected");
        assertValue(Fixtures.number(c, "aupro8_limit05"),
                Aupro.compute(scores, masks, count, h, w, 0.5, Connectivity.EIGHT), "AUPRO limit 0.5");
        if (c.containsKey("curve8")) {
            Map<String, Object> expected = Fixtures.map(c, "curve8");
            assertArrayEquals(Fixtures.doubles(expected.get("fpr")), curve.fpr(), TOL, "curve fpr");
            assertArrayEquals(Fixtures.doubles(expected.get("pro")), curve.pro(), TOL, "curve pro");
        }
    }

    @Test
    void separatedContinuousScoresGiveAlmostOne() {
        int count = 3;
        int h = 16;
        int w = 16;
        Random random = new Random(5);
        boolean[] masks = new boolean[count * h * w];
        float[] scores = new float[masks.length];
        for (int i = 0; i < masks.length; i++) {
            int y = (i / w) % h;
            int x = i % w;
            masks[i] = i / (h * w) != 1 && y >= 4 && y < 9 && x >= 3 && x < 7 + (i / (h * w));
            scores[i] = (masks[i] ? 2f : 0f) + random.nextFloat();
        }
        double aupro = Aupro.compute(scores, masks, count, h, w);
        assertTrue(aupro > 0.99 && aupro <= 1.0 + 1e-12, "AUPRO " + aupro);
    }

    @Test
    void millionPixelsFinish() {
        int count = 16;
        int h = 256;
        int w = 256;
        Random random = new Random(11);
        boolean[] masks = new boolean[count * h * w];
        float[] scores = new float[masks.length];
        for (int n = 0; n < count; n++) {
            for (int r = 0; r < 3; r++) {
                int cy = random.nextInt(h);
                int cx = random.nextInt(w);
                int radius = 3 + random.nextInt(20);
                for (int y = Math.max(0, cy - radius); y < Math.min(h, cy + radius); y++) {
                    for (int x = Math.max(0, cx - radius); x < Math.min(w, cx + radius); x++) {
                        if ((y - cy) * (y - cy) + (x - cx) * (x - cx) <= radius * radius) {
                            masks[(n * h + y) * w + x] = true;
                        }
                    }
                }
            }
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = random.nextFloat() + (masks[i] ? 0.4f : 0f);
        }
        PixelLevelMetrics m = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> AnomalyMetrics.pixelLevel(scores, masks, count, h, w));
        assertTrue(m.aupro() > 0.1 && m.aupro() < 1, "AUPRO " + m.aupro());
        assertTrue(m.auroc() > 0.6 && m.auroc() < 1, "AUROC " + m.auroc());
    }
}
