package org.dadda.augment.dam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dadda.augment.image.Image;
import org.dadda.augment.image.LabelMap;
import org.dadda.augment.image.Mask;
import org.dadda.augment.ops.SuperpixelGraph;
import org.dadda.augment.util.SeededRandom;
import org.junit.jupiter.api.Test;

class MaskStepsTest {

    /** A 4x4 grid of 8x8 superpixels on a 32x32 image, labelled row by row. */
    private static SuperpixelGraph grid() {
        int[] l = new int[32 * 32];
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                l[y * 32 + x] = (y / 8) * 4 + x / 8;
            }
        }
        return new SuperpixelGraph(new LabelMap(32, 32, l, 16));
    }

    @Test
    void graphFindsOverlapNeighboursAndNearest() {
        SuperpixelGraph g = grid();
        assertEquals(16, g.count());
        assertEquals(64, g.size(5));
        assertEquals(11.5, g.centroidY(5), 1e-12);
        assertArrayEquals(new int[] {1, 4, 6, 9}, g.neighbours(5));
        Mask m = Mask.empty(32, 32);
        m.set(9, 9, true);
        m.set(9, 17, true);
        assertArrayEquals(new int[] {5, 6}, g.overlapping(m));
        assertArrayEquals(new int[] {1, 2, 4, 5, 6, 7, 9, 10}, g.grow(new int[] {5, 6}));
        assertArrayEquals(new int[] {5, 1, 4}, g.nearest(5, new int[] {1, 4, 5, 6, 9, 15}, 3), "ties go to the lower label");
        assertEquals(128, g.mask(new int[] {0, 15}).count());
    }

    @Test
    void regionIsBoundedByTheMarginAndAugmentedMasksStayInside() {
        SuperpixelGraph g = grid();
        Mask defect = Mask.empty(32, 32);
        defect.set(12, 12, true);
        MaskAugmenter unbounded = new MaskAugmenter(g, 0.5, 0.5, 0, -1);
        MaskAugmenter.Region all = unbounded.defectiveRegion(defect);
        assertArrayEquals(new int[] {1, 4, 5, 6, 9}, all.superpixels());
        MaskAugmenter bounded = new MaskAugmenter(g, 0.5, 0.5, 0, 2);
        MaskAugmenter.Region near = bounded.defectiveRegion(defect);
        assertArrayEquals(new int[] {5}, near.superpixels(), "neighbours farther than the margin drop out");
        SeededRandom r = new SeededRandom(1);
        for (int i = 0; i < 20; i++) {
            MaskAugmenter.Augmented a = unbounded.augment(all, r);
            assertEquals(Math.round(0.5 * 5), a.chosen().length);
            assertEquals(a.target(), a.chosen()[0]);
            assertEquals(g.mask(a.chosen()), a.mask());
            MaskAugmenter.Augmented b = bounded.augment(near, r);
            for (int k = 0; k < 32 * 32; k++) {
                assertTrue(!b.mask().bits()[k] || near.allowed().bits()[k]);
            }
        }
    }

    @Test
    void patchReplacementTouchesOnlyTheMovedMaskAndMatchesHistograms() {
        Image normal = Image.zeros(3, 16, 16);
        Image source = Image.zeros(3, 16, 16);
        for (int i = 0; i < normal.data().length; i++) {
            normal.data()[i] = 0.2f + (i % 7) * 0.01f;
            source.data()[i] = 0.9f - (i % 5) * 0.02f;
        }
        Mask m = Mask.empty(16, 16);
        for (int y = 2; y < 6; y++) {
            for (int x = 3; x < 8; x++) {
                m.set(y, x, true);
            }
        }
        Image raw = PatchReplacer.replace(normal, source, m, 4, 5, false);
        Image matched = PatchReplacer.replace(normal, source, m, 4, 5, true);
        Mask moved = m.shifted(4, 5);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    if (moved.get(y, x)) {
                        assertEquals(source.get(c, y - 4, x - 5), raw.get(c, y, x));
                        float v = matched.get(c, y, x);
                        assertTrue(v >= 0.2f - 1e-6 && v <= 0.26f + 1e-6, "matched values take the covered normal range: " + v);
                    } else {
                        assertEquals(normal.get(c, y, x), raw.get(c, y, x));
                        assertEquals(normal.get(c, y, x), matched.get(c, y, x));
                    }
                }
            }
        }
        Image out = PatchReplacer.replace(normal, source, m, 100, 0, true);
        assertEquals(normal, out, "a patch moved out of the image changes nothing");
    }

    @Test
    void dilationAndSmoothingBehave() {
        Mask m = Mask.empty(20, 20);
        m.set(10, 10, true);
        Mask d = m.dilate(3);
        assertEquals(29, d.count(), "lattice points within distance 3");
        assertTrue(d.get(7, 10) && d.get(10, 13) && !d.get(7, 13));
        Mask sq = Mask.empty(20, 20);
        for (int y = 5; y < 15; y++) {
            for (int x = 5; x < 15; x++) {
                sq.set(y, x, true);
            }
        }
        sq.set(4, 9, true);
        Mask s = org.dadda.augment.ops.GaussianBlur.smooth(sq, 1.0);
        assertTrue(!s.get(4, 9), "a one-pixel spur is smoothed away");
        assertTrue(s.get(10, 10) && !s.get(5, 5), "the interior stays, corners round off");
    }
}
