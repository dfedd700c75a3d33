package org.dadda.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The image- and pixel-level helpers agree with the fixtures and with the flat functions. */
class AnomalyMetricsTest {

    private static Map<String, Object> blobs() {
        return Fixtures.cases("aupro_cases.json").stream().filter(c -> c.get("name").equals("blobs"))
                .findFirst().orElseThrow();
    }

    @Test
    void pixelLevelMatchesScikitLearnAndReference() {
        Map<String, Object> c = blobs();
        int count = (int) Fixtures.number(c, "count");
        int h = (int) Fixtures.number(c, "height");
        int w = (int) Fixtures.number(c, "width");
        float[] scores = Fixtures.floats(c.get("scores"));
        boolean[] masks = Fixtures.booleans(c.get("masks"));
        PixelLevelMetrics flat = AnomalyMetrics.pixelLevel(scores, masks, count, h, w);
        assertEquals(Fixtures.number(c, "pixel_auroc"), flat.auroc(), 1e-12);
        assertEquals(Fixtures.number(c, "pixel_average_precision"), flat.averagePrecision(), 1e-12);
        assertEquals(Fixtures.number(c, "aupro8"), flat.aupro(), 1e-9);

        int pixels = h * w;
        float[][] maps = new float[count][pixels];
        int[][] intMasks = new int[count][pixels];
        boolean[][] boolMasks = new boolean[count][pixels];
        for (int n = 0; n < count; n++) {
            for (int p = 0; p < pixels; p++) {
                maps[n][p] = scores[n * pixels + p];
                boolMasks[n][p] = masks[n * pixels + p];
                intMasks[n][p] = masks[n * pixels + p] ? 1 : 0;
            }
        }
        assertEquals(flat, AnomalyMetrics.pixelLevel(maps, boolMasks, h, w));
        assertEquals(flat, AnomalyMetrics.pixelLevel(maps, intMasks, h, w));
        assertArrayEquals(scores, AnomalyMetrics.flatten(maps, pixels));
    }

    @Test
    void imageLevelFromMapMaxima() {
        Map<String, Object> c = blobs();
        int count = (int) Fixtures.number(c, "count");
        int pixels = (int) (Fixtures.number(c, "height") * Fixtures.number(c, "width"));
        float[] scores = Fixtures.floats(c.get("scores"));
        boolean[] masks = Fixtures.booleans(c.get("masks"));
        float[][] maps = new float[count][pixels];
        boolean[][] boolMasks = new boolean[count][pixels];
        for (int n = 0; n < count; n++) {
            System.arraycopy(scores, n * pixels, maps[n], 0, pixels);
            System.arraycopy(masks, n * pixels, boolMasks[n], 0, pixels);
        }
        boolean[] labels = AnomalyMetrics.imageLabels(boolMasks);
        assertArrayEquals(new boolean[] {true, true, false, true, true}, labels);
        float[] maxima = AnomalyMetrics.maxPerMap(maps);
        ImageLevelMetrics m = AnomalyMetrics.imageLevel(maxima, labels);
        assertEquals(BinaryMetrics.auroc(maxima, labels), m.auroc());
        assertEquals(BinaryMetrics.averagePrecision(maxima, labels), m.averagePrecision());
        assertEquals(BinaryMetrics.f1Max(maxima, labels), m.f1Max());
    }

    @Test
    void rejectsInconsistentMaps() {
        assertThrows(IllegalArgumentException.class,
                () -> AnomalyMetrics.pixelLevel(new float[2][4], new boolean[3][4], 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AnomalyMetrics.pixelLevel(new float[][] {new float[4], new float[3]}, new boolean[2][4], 2, 2));
        assertEquals("score map 1 has 3 values, expected 4", e.getMessage());
    }
}
