package org.dadda.augment.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The seeding helpers of this module; JSON, atomic files and progress bars are tested in tensor. */
class UtilTest {

    @Test
    void seededRandomIsDeterministicAndInRange() {
        SeededRandom a = new SeededRandom(5);
        SeededRandom b = new SeededRandom(5);
        int[] counts = new int[7];
        double sum = 0;
        double sq = 0;
        for (int i = 0; i < 70_000; i++) {
            assertEquals(a.nextLong(), b.nextLong());
            int k = a.nextInt(7);
            b.nextInt(7);
            counts[k]++;
            double g = a.nextGaussian();
            b.nextGaussian();
            sum += g;
            sq += g * g;
            double d = a.nextDouble(2, 3);
            b.nextDouble(2, 3);
            assertTrue(d >= 2 && d < 3);
        }
        for (int c : counts) {
            assertTrue(Math.abs(c - 10_000) < 500, "counts " + java.util.Arrays.toString(counts));
        }
        assertEquals(0, sum / 70_000, 0.02);
        assertEquals(1, sq / 70_000, 0.03);
        assertThrows(IllegalArgumentException.class, () -> a.nextInt(0));
        for (int i = 0; i < 100; i++) {
            int v = a.nextIntInclusive(-3, 3);
            assertTrue(v >= -3 && v <= 3);
        }
    }

    @Test
    void derivedSeedsDependOnEveryPartAndItsOrder() {
        long s = Seeds.derive(1, "crack", 3);
        assertEquals(s, Seeds.derive(1, "crack", 3));
        assertNotEquals(s, Seeds.derive(2, "crack", 3));
        assertNotEquals(s, Seeds.derive(1, "hole", 3));
        assertNotEquals(s, Seeds.derive(1, "crack", 4));
        assertNotEquals(Seeds.derive(1, "a", "b"), Seeds.derive(1, "b", "a"));
    }
}
