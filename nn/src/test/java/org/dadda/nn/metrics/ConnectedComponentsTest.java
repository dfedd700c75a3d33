package org.dadda.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labelling against hand-checked patterns and scipy.ndimage.label's region counts. */
class ConnectedComponentsTest {

    private static boolean[] parse(String... rows) {
        int w = rows[0].length();
        boolean[] mask = new boolean[rows.length * w];
        for (int y = 0; y < rows.length; y++) {
            for (int x = 0; x < w; x++) {
                mask[y * w + x] = rows[y].charAt(x) == '#';
            }
        }
        return mask;
    }

    @Test
    void diagonalNeighboursJoinOnlyWithEightConnectivity() {
        boolean[] mask = parse(
                "#..#",
                ".#.#",
                "..#.",
                "#...");
        int[] out = new int[16];
        assertEquals(2, ConnectedComponents.label(mask, 0, 4, 4, Connectivity.EIGHT, 1, out));
        assertArrayEquals(new int[] {
            1, 0, 0, 1,
            0, 1, 0, 1,
            0, 0, 1, 0,
            2, 0, 0, 0}, out);
        assertEquals(5, ConnectedComponents.label(mask, 0, 4, 4, Connectivity.FOUR, 1, out));
        assertArrayEquals(new int[] {
            1, 0, 0, 2,
            0, 3, 0, 2,
            0, 0, 4, 0,
            5, 0, 0, 0}, out);
    }

    @Test
    void uShapeMergesLateIntoOneComponentLabelledByItsFirstPixel() {
        boolean[] mask = parse(
                "#.#.#",
                "#.#.#",
                "#####");
        int[] out = new int[15];
        assertEquals(1, ConnectedComponents.label(mask, 0, 3, 5, Connectivity.FOUR, 7, out));
        for (int i = 0; i < 15; i++) {
            assertEquals(mask[i] ? 7 : 0, out[i]);
        }
    }

    @Test
    void batchNumbersAcrossImagesWithoutCrossingThem() {
        boolean[] masks = new boolean[2 * 2 * 2];
        masks[3] = true; // image 0, bottom right
        masks[4] = true; // image 1, top left: adjacent in memory, not in space
        int[] out = new int[8];
        assertEquals(2, ConnectedComponents.labelBatch(masks, 2, 2, 2, Connectivity.EIGHT, out));
        assertArrayEquals(new int[] {0, 0, 0, 1, 2, 0, 0, 0}, out);
    }

    @Test
    void regionCountsMatchScipy() {
        for (Map<String, Object> c : Fixtures.cases("aupro_cases.json")) {
            int count = (int) Fixtures.number(c, "count");
            int h = (int) Fixtures.number(c, "height");
            int w = (int) Fixtures.number(c, "width");
            boolean[] masks = Fixtures.booleans(c.get("masks"));
            int[] out = new int[masks.length];
            assertEquals((int) Fixtures.number(c, "regions8"),
                    ConnectedComponents.labelBatch(masks, count, h, w, Connectivity.EIGHT, out), c.get("name") + " 8");
            assertEquals((int) Fixtures.number(c, "regions4"),
                    ConnectedComponents.labelBatch(masks, count, h, w, Connectivity.FOUR, out), c.get("name") + " 4");
        }
    }
}
