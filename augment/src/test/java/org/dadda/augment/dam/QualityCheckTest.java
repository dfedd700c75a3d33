package org.dadda.augment.dam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dadda.augment.image.Image;
import org.junit.jupiter.api.Test;

/**
 * The eq. 4 decision on candidates whose answer is known: one that carries the defect the
 * defective references carry is kept, one that looks like the normal references is rejected.
 */
class QualityCheckTest {
    private static final int S = 48;

    /** A smooth gradient with mild noise; {@code defect} adds a dark scratch band across the middle. */
    private static Image image(long seed, boolean defect) {
        Random r = new Random(seed);
        Image im = Image.zeros(3, S, S);
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                float v = 0.35f + 0.3f * x / S + 0.03f * (float) r.nextGaussian();
                if (defect && Math.abs(y - x) < 4 && x > 8 && x < 40) {
                    v = 0.05f + 0.03f * (float) r.nextGaussian();
                }
                for (int c = 0; c < 3; c++) {
                    im.set(c, y, x, Math.max(0, Math.min(1, v)));
                }
            }
        }
        return im;
    }

    private static List<Image> images(long seed, int n, boolean defect) {
        List<Image> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(image(seed + i, defect));
        }
        return out;
    }

    @Test
    void acceptsAKnownGoodCandidateAndRejectsAKnownBadOne() {
        QualityCheck q = new QualityCheck(images(100, 4, true), images(200, 6, false));
        QualityCheck.Score good = q.score(image(999, true));
        QualityCheck.Score bad = q.score(image(998, false));
        assertTrue(good.accepted(), "a candidate with the references' defect must pass eq. 4: " + good);
        assertFalse(bad.accepted(), "a candidate that is just a normal image must fail eq. 4: " + bad);
    }

    @Test
    void theIncrementalSessionDecidesAsTheFullCheck() {
        QualityCheck q = new QualityCheck(images(100, 4, true), images(200, 6, false));
        Image base = image(998, false);
        Image candidate = image(999, true);
        org.dadda.augment.image.Mask region = new org.dadda.augment.image.Mask(S, S, new boolean[S * S]);
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                region.set(y, x, true);
            }
        }
        assertTrue(q.session(base).score(candidate, region).accepted());
        assertFalse(q.session(base).score(base, org.dadda.augment.image.Mask.empty(S, S)).accepted());
    }
}
