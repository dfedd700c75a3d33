package org.dadda.augment.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dadda.augment.Fixtures;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.augment.util.SeededRandom;
import org.junit.jupiter.api.Test;

class AlignmentTest {

    @Test
    void fftRoundTripsAndMatchesTheDefinition() {
        SeededRandom r = new SeededRandom(1);
        int n = 16;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = r.nextGaussian();
            im[i] = r.nextGaussian();
        }
        double[] fr = re.clone();
        double[] fi = im.clone();
        Fft.transform(fr, fi, false);
        for (int k = 0; k < n; k++) {
            double sr = 0;
            double si = 0;
            for (int t = 0; t < n; t++) {
                double a = -2 * Math.PI * k * t / n;
                sr += re[t] * Math.cos(a) - im[t] * Math.sin(a);
                si += re[t] * Math.sin(a) + im[t] * Math.cos(a);
            }
            assertEquals(sr, fr[k], 1e-9);
            assertEquals(si, fi[k], 1e-9);
        }
        Fft.transform(fr, fi, true);
        for (int i = 0; i < n; i++) {
            assertEquals(re[i], fr[i], 1e-12);
            assertEquals(im[i], fi[i], 1e-12);
        }
        assertThrows(IllegalArgumentException.class, () -> Fft.transform(new double[12], new double[12], false));
        assertEquals(128, Fft.nextPowerOfTwo(100));
        assertEquals(64, Fft.nextPowerOfTwo(64));
    }

    @Test
    void recoversAKnownTranslation() {
        Image ref = Fixtures.image("astronaut128.png");
        for (int[] s : new int[][] {{5, -7}, {-12, 3}, {0, 0}, {20, 20}}) {
            // moving = ref shifted by -s, so shifting it by +s aligns it again
            Image moving = CrossCorrelationAligner.shift(ref, -s[0], -s[1]);
            CrossCorrelationAligner.Alignment a = new CrossCorrelationAligner(0.5).align(ref, moving);
            assertEquals(s[0], a.dy(), "dy for " + s[0] + "," + s[1]);
            assertEquals(s[1], a.dx(), "dx for " + s[0] + "," + s[1]);
            assertTrue(a.score() > 0.99, "score " + a.score());
        }
    }

    @Test
    void worksOnNonPowerOfTwoSizesAndShiftsMasks() {
        Image ref = Fixtures.image("coffee80x120.png");
        Image moving = CrossCorrelationAligner.shift(ref, 4, -6);
        CrossCorrelationAligner.Alignment a = new CrossCorrelationAligner(0.5).align(ref, moving);
        assertEquals(-4, a.dy());
        assertEquals(6, a.dx());
        Mask m = Mask.empty(80, 120);
        m.set(10, 10, true);
        Mask s = CrossCorrelationAligner.shift(m, a);
        assertTrue(s.get(6, 16));
        assertEquals(1, s.count());
    }

    @Test
    void flatPatchGivesZeroShiftAndSizeMismatchIsAnError() {
        Image flat = Image.zeros(3, 64, 64);
        CrossCorrelationAligner.Alignment a = new CrossCorrelationAligner(0.5).align(Fixtures.image("astronaut64.png"), flat);
        assertEquals(0, a.dy());
        assertEquals(0, a.dx());
        assertThrows(IllegalArgumentException.class, () -> new CrossCorrelationAligner(0.5).align(Image.zeros(3, 32, 32), Image.zeros(3, 32, 30)));
        assertThrows(IllegalArgumentException.class, () -> new CrossCorrelationAligner(0));
    }
}
