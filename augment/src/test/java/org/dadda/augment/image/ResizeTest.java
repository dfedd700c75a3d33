package org.dadda.augment.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResizeTest {

    @Test
    void integerShrinkAveragesBlocks() {
        Image im = Image.zeros(1, 4, 4);
        for (int i = 0; i < 16; i++) {
            im.data()[i] = i;
        }
        Image s = Resize.image(im, 2, 2);
        assertEquals((0 + 1 + 4 + 5) / 4f, s.get(0, 0, 0), 1e-6);
        assertEquals((10 + 11 + 14 + 15) / 4f, s.get(0, 1, 1), 1e-6);
    }

    @Test
    void fractionalShrinkWeighsCoveredArea() {
        Image im = new Image(1, 1, 3, new float[] {0, 3, 6});
        Image s = Resize.image(im, 2, 1);
        // output 0 covers [0, 1.5): 1 * 0 + 0.5 * 3, over 1.5
        assertEquals(1f, s.get(0, 0, 0), 1e-6);
        assertEquals(5f, s.get(0, 0, 1), 1e-6);
    }

    @Test
    void constantStaysConstantAndMeanIsKeptWhenShrinking() {
        Image im = Image.zeros(3, 37, 53);
        java.util.Arrays.fill(im.data(), 0.25f);
        for (int[] sz : new int[][] {{16, 16}, {100, 70}, {53, 10}}) {
            Image r = Resize.image(im, sz[0], sz[1]);
            for (float v : r.data()) {
                assertEquals(0.25f, v, 1e-6);
            }
        }
        Image g = Image.zeros(1, 30, 30);
        double mean = 0;
        for (int i = 0; i < 900; i++) {
            g.data()[i] = (i * 37 % 101) / 100f;
            mean += g.data()[i];
        }
        Image r = Resize.image(g, 10, 10);
        double m2 = 0;
        for (float v : r.data()) {
            m2 += v;
        }
        assertEquals(mean / 900, m2 / 100, 1e-5);
    }

    @Test
    void enlargingInterpolatesBilinearly() {
        Image im = new Image(1, 1, 2, new float[] {0, 1});
        Image r = Resize.image(im, 4, 1);
        // centres at -0.25, 0.25, 0.75, 1.25 in input coordinates
        assertEquals(0f, r.get(0, 0, 0), 1e-6);
        assertEquals(0.25f, r.get(0, 0, 1), 1e-6);
        assertEquals(0.75f, r.get(0, 0, 2), 1e-6);
        assertEquals(1f, r.get(0, 0, 3), 1e-6);
    }

    @Test
    void masksAreResizedAndReThresholded() {
        Mask m = Mask.empty(8, 8);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                m.set(y, x, true);
            }
        }
        m.set(7, 7, true);
        Mask r = Resize.mask(m, 4, 4);
        assertTrue(r.get(0, 0) && r.get(1, 1));
        assertFalse(r.get(3, 3), "a lone pixel covers a quarter of its block");
        assertEquals(4, r.count());
    }

    @Test
    void aDefectThinnerThanTheShrinkFactorSurvivesAsAThinLine() {
        Mask m = Mask.empty(128, 128);
        for (int x = 10; x < 120; x++) {
            m.set(61, x, true);
        }
        Mask r = Resize.mask(m, 32, 32);
        assertFalse(r.isEmpty(), "a one-pixel scratch must not vanish at a quarter of the size");
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertEquals(y == 15 && x >= 2 && x < 30, r.get(y, x), "pixel " + y + "," + x);
            }
        }
    }

    @Test
    void aThinScratchBesideALargeDefectSurvivesAndSpecksDoNot() {
        Mask m = Mask.empty(256, 256);
        for (int y = 20; y < 100; y++) {
            for (int x = 20; x < 100; x++) {
                m.set(y, x, true); // a large blob: under the old global rule it kept the threshold at one half
            }
        }
        for (int x = 40; x < 220; x++) {
            m.set(180, x, true); // a one-pixel scratch, 180 pixels long
        }
        m.set(240, 240, true); // a speck, far smaller than the shrink factor of 8
        Mask r = Resize.mask(m, 32, 32);
        assertTrue(r.get(5, 5), "the blob stays");
        int scratch = 0;
        for (int x = 0; x < 32; x++) {
            scratch += r.get(22, x) ? 1 : 0;
            for (int y = 0; y < 32; y++) {
                if (r.get(y, x) && y != 22 && !(y >= 2 && y < 13 && x >= 2 && x < 13)) {
                    throw new AssertionError("unexpected pixel " + y + "," + x);
                }
            }
        }
        assertTrue(scratch >= 20, "the scratch survives as a line of the output row it lies in: " + scratch);
        assertFalse(r.get(30, 30), "a speck is not magnified into a defect pixel");
    }

    @Test
    void aMaskOfOnlyASpeckKeepsItsDefect() {
        Mask m = Mask.empty(256, 256);
        m.set(100, 100, true);
        assertEquals(1, Resize.mask(m, 32, 32).count(), "a defective image never loses its defect");
    }
}
