package org.dadda.federated.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dadda.augment.image.Mask;
import org.dadda.tensor.Rng;
import org.junit.jupiter.api.Test;

class MaskPlausibilityTest {
    private static final List<Mask> REAL = List.of(Fixtures.disc(32, 10, 10, 4), Fixtures.disc(32, 20, 16, 6),
            Fixtures.disc(32, 16, 22, 3));

    @Test
    void blobIsAcceptedEmptyAndNoiseAndFullAreNot() {
        MaskPlausibility.Limits limits = MaskPlausibility.Limits.of(REAL);
        assertEquals(MaskPlausibility.MIN_COMPONENT_LIMIT, limits.components());
        assertNull(MaskPlausibility.failure(MaskPlausibility.stats(Fixtures.disc(32, 12, 18, 5)), limits));
        assertEquals(MaskPlausibility.Failure.EMPTY, MaskPlausibility.failure(MaskPlausibility.stats(Mask.empty(32, 32)), limits));
        Mask noise = Fixtures.saltAndPepper(32, 0.5, new Rng(3));
        MaskPlausibility.Stats ns = MaskPlausibility.stats(noise);
        assertTrue(ns.components() > 20, "components " + ns.components());
        assertEquals(MaskPlausibility.Failure.NOISE, MaskPlausibility.failure(ns, limits));
        Mask full = Fixtures.disc(32, 16, 16, 40);
        assertEquals(MaskPlausibility.Failure.COVERS_IMAGE, MaskPlausibility.failure(MaskPlausibility.stats(full), limits));
    }

    @Test
    void blobWithSpecksAndThreeEqualPartsAreNotNoise() {
        MaskPlausibility.Limits limits = MaskPlausibility.Limits.of(REAL);
        Mask specks = Fixtures.disc(32, 16, 16, 6);
        for (int i = 0; i < 8; i++) {
            specks.set(1, 2 + 3 * i, true);
        }
        assertNull(MaskPlausibility.failure(MaskPlausibility.stats(specks), limits));
        Mask three = Fixtures.disc(32, 5, 5, 3);
        for (Mask m : List.of(Fixtures.disc(32, 5, 25, 3), Fixtures.disc(32, 25, 15, 3))) {
            for (int p = 0; p < m.bits().length; p++) {
                three.bits()[p] |= m.bits()[p];
            }
        }
        MaskPlausibility.Stats s = MaskPlausibility.stats(three);
        assertEquals(3, s.components());
        assertNull(MaskPlausibility.failure(s, limits));
    }

    @Test
    void statsAndFailureRatePerType() {
        Mask twoPixels = Mask.empty(4, 4);
        twoPixels.set(0, 0, true);
        twoPixels.set(1, 1, true); // diagonal: one 8-connected component
        twoPixels.set(3, 3, true);
        MaskPlausibility.Stats s = MaskPlausibility.stats(twoPixels);
        assertEquals(2, s.components());
        assertEquals(3 / 16.0, s.areaFraction(), 1e-12);
        assertEquals(2 / 3.0, s.largestShare(), 1e-12);

        Rng rng = new Rng(1);
        List<Mask> synth = List.of(Fixtures.disc(32, 10, 10, 5), Fixtures.disc(32, 20, 20, 5), Mask.empty(32, 32),
                Fixtures.saltAndPepper(32, 0.5, rng));
        MaskPlausibility.Result r = MaskPlausibility.compare(REAL, synth);
        assertEquals(0.5, r.synthesized().failureRate(), 1e-12);
        assertEquals(1, r.synthesized().empty());
        assertEquals(1, r.synthesized().noise());
        assertEquals(0.0, r.real().failureRate(), 1e-12);
        assertEquals(3, r.real().count());
        assertEquals(0.5, r.toJson().get("failure_rate"));
    }
}
