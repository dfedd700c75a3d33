package org.dadda.federated.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.federated.node.LabelledPair;
import org.dadda.tensor.Rng;
import org.junit.jupiter.api.Test;

class MaskFidelityTest {
    private static List<LabelledPair> pairs(int n, Rng rng) {
        List<LabelledPair> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Mask m = Fixtures.disc(32, 8 + rng.nextInt(16), 8 + rng.nextInt(16), 3 + rng.nextInt(4));
            out.add(new LabelledPair("crack", "s" + i, m.toImage(), m));
        }
        return out;
    }

    @Test
    void mapsEqualToMasksScorePerfectly() {
        // The "detector" returns the image, which is the mask drawn as an image.
        MaskFidelity.Maps oracle = images -> images.stream().map(Image::data).toArray(float[][]::new);
        MaskFidelity.Result r = MaskFidelity.compare(oracle, pairs(10, new Rng(1)), pairs(5, new Rng(2)));
        assertEquals(1.0, r.synthesized().auroc(), 1e-12);
        assertEquals(1.0, r.synthesized().averagePrecision(), 1e-12);
        assertEquals(1.0, r.synthesized().massInside(), 1e-12);
        assertEquals(1.0, r.real().auroc(), 1e-12);
        assertEquals(10, r.synthesized().images());
    }

    @Test
    void randomMapsScoreChance() {
        Rng noise = new Rng(5);
        MaskFidelity.Maps random = images -> {
            float[][] out = new float[images.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = new float[32 * 32];
                for (int p = 0; p < out[i].length; p++) {
                    out[i][p] = noise.nextFloat();
                }
            }
            return out;
        };
        MaskFidelity.Scores s = MaskFidelity.score(random, pairs(40, new Rng(3)));
        assertTrue(Math.abs(s.auroc() - 0.5) < 0.03, "auroc " + s.auroc());
        assertTrue(Math.abs(s.massInside() - s.areaFraction()) < 0.02, "mass " + s.massInside() + " area " + s.areaFraction());
    }

    @Test
    void undefinedWithoutForegroundOrPairs() {
        MaskFidelity.Scores none = MaskFidelity.score(new float[][] {{0.1f, 0.2f}}, new boolean[][] {{false, false}});
        assertTrue(Double.isNaN(none.auroc()));
        assertTrue(Double.isNaN(MaskFidelity.score(images -> new float[0][], List.of()).auroc()));
    }
}
