package org.dadda.federated.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.tensor.Rng;
import org.junit.jupiter.api.Test;

class TwoSampleTestTest {
    private static final TwoSampleTest.Budget BUDGET = TwoSampleTest.Budget.defaults();

    @Test
    void sameDistributionScoresNearChance() {
        double sum = 0;
        int seeds = 3;
        for (int s = 0; s < seeds; s++) {
            Rng rng = new Rng(100 + s);
            List<Image> a = Fixtures.textures(40, 3, 16, 0.2f, 0.8f, rng.fork(1));
            List<Image> b = Fixtures.textures(40, 3, 16, 0.2f, 0.8f, rng.fork(2));
            TwoSampleTest.Result r = TwoSampleTest.run(a, b, BUDGET, s);
            assertTrue(r.computed());
            assertEquals(20, r.heldOutPerSide());
            assertFalse(r.lowPower());
            sum += r.accuracy();
        }
        double mean = sum / seeds;
        assertTrue(Math.abs(mean - 0.5) <= 0.15, "mean accuracy " + mean);
    }

    @Test
    void brightAgainstDarkIsTriviallyTold() {
        Rng rng = new Rng(7);
        List<Image> dark = Fixtures.textures(40, 1, 16, 0.0f, 0.45f, rng.fork(1));
        List<Image> bright = Fixtures.textures(40, 3, 16, 0.55f, 1.0f, rng.fork(2));
        TwoSampleTest.Result r = TwoSampleTest.run(dark, bright, BUDGET, 3);
        assertTrue(r.accuracy() >= 0.9, "accuracy " + r.accuracy());
        assertEquals(1, r.channels(), "a grayscale side makes the comparison grayscale");
        assertTrue(r.pValue() < 1e-6, "p " + r.pValue());
    }

    @Test
    void faintStripeIsTold() {
        Rng rng = new Rng(21);
        List<Image> plain = Fixtures.textures(30, 3, 32, 0f, 1f, rng.fork(1));
        List<Image> striped = Fixtures.textures(30, 3, 32, 0f, 1f, rng.fork(2));
        for (Image im : striped) {
            for (int c = 0; c < 3; c++) {
                for (int y = 14; y < 17; y++) {
                    for (int x = 0; x < 32; x++) {
                        im.set(c, y, x, 0.5f + 0.5f * im.get(c, y, x));
                    }
                }
            }
        }
        TwoSampleTest.Result r = TwoSampleTest.run(plain, striped, BUDGET, 4);
        assertTrue(r.accuracy() >= 0.9, "accuracy " + r.accuracy());
    }

    @Test
    void fewImagesAreFlaggedLowPowerAndResultsRepeat() {
        Rng rng = new Rng(9);
        List<Image> a = Fixtures.textures(6, 3, 16, 0f, 1f, rng.fork(1));
        List<Image> b = Fixtures.textures(11, 3, 16, 0f, 1f, rng.fork(2));
        TwoSampleTest.Result r = TwoSampleTest.run(a, b, new TwoSampleTest.Budget(3, 4, 1e-3, 4), 5);
        assertEquals(3, r.heldOutPerSide());
        assertEquals(3, r.trainPerSide());
        assertEquals(11, r.synthesizedAvailable());
        assertTrue(r.lowPower());
        assertEquals(r, TwoSampleTest.run(a, b, new TwoSampleTest.Budget(3, 4, 1e-3, 4), 5));
    }

    @Test
    void tooFewImagesAreSkippedNotGuessed() {
        TwoSampleTest.Result r = TwoSampleTest.run(Fixtures.textures(1, 3, 16, 0f, 1f, new Rng(1)),
                Fixtures.textures(5, 3, 16, 0f, 1f, new Rng(2)), BUDGET, 1);
        assertFalse(r.computed());
        assertNotNull(r.skipped());
        assertTrue(Double.isNaN(r.accuracy()));
    }

    @Test
    void binomialTailIsExact() {
        assertEquals(1.0, TwoSampleTest.binomialTail(0, 10), 1e-12);
        assertEquals(1 / 1024.0, TwoSampleTest.binomialTail(10, 10), 1e-12);
        assertEquals(11 / 1024.0, TwoSampleTest.binomialTail(9, 10), 1e-12);
    }
}
