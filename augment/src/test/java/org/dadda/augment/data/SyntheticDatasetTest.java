package org.dadda.augment.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.Mask;
import org.dadda.augment.util.SeededRandom;
import org.dadda.tensor.parallel.Parallel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDatasetTest {

    @TempDir
    Path dir;

    private static final SyntheticDatasetGenerator GEN = new SyntheticDatasetGenerator(SyntheticDatasetGenerator.Settings.defaults(3));

    @Test
    void twoTexturesAndTwoObjectsWithThreeDefectTypesEach() {
        int textures = 0;
        int objects = 0;
        for (String c : SyntheticDatasetGenerator.categories()) {
            assertTrue(SyntheticDatasetGenerator.defectTypes(c).size() >= 3, c);
            if (CategoryKind.of(c) == CategoryKind.TEXTURE) {
                textures++;
            } else {
                objects++;
            }
        }
        assertTrue(textures >= 2 && objects >= 2);
        assertThrows(IllegalArgumentException.class, () -> SyntheticDatasetGenerator.defectTypes("nope"));
        assertThrows(IllegalArgumentException.class, () -> GEN.defective("synth_pill", "hole", 0));
    }

    @Test
    void deterministicBySeedAndNormalImagesVary() {
        for (String c : SyntheticDatasetGenerator.categories()) {
            Image a = GEN.normal(c, "train", 0);
            assertEquals(a, GEN.normal(c, "train", 0), c);
            assertNotEquals(a, GEN.normal(c, "train", 1), c);
            assertNotEquals(a, new SyntheticDatasetGenerator(SyntheticDatasetGenerator.Settings.defaults(4)).normal(c, "train", 0), c);
            for (String t : SyntheticDatasetGenerator.defectTypes(c)) {
                SyntheticDatasetGenerator.Defective d = GEN.defective(c, t, 2);
                assertEquals(d.image(), GEN.defective(c, t, 2).image());
                assertEquals(d.mask(), GEN.defective(c, t, 2).mask());
            }
        }
    }

    @Test
    void masksAreExactlyTheChangedPixelsInsideTheObject() {
        for (String c : SyntheticDatasetGenerator.categories()) {
            for (String t : SyntheticDatasetGenerator.defectTypes(c)) {
                for (int i = 0; i < 3; i++) {
                    SeededRandom r = new SeededRandom(100 + i);
                    SyntheticScenes.Scene scene = SyntheticScenes.render(c, 64, r);
                    SyntheticDefects.Painted p = SyntheticDefects.paint(t, scene, r);
                    Mask m = p.mask();
                    assertTrue(m.count() >= 12 / 4, c + "/" + t + " mask too small: " + m.count());
                    float[] before = scene.image().data();
                    float[] after = p.image().data();
                    int n = 64 * 64;
                    for (int k = 0; k < n; k++) {
                        boolean changed = before[k] != after[k] || before[n + k] != after[n + k] || before[2 * n + k] != after[2 * n + k];
                        assertEquals(changed, m.bits()[k], c + "/" + t + " pixel " + k);
                        if (m.bits()[k]) {
                            assertTrue(scene.support().bits()[k], c + "/" + t + " defect outside the object");
                        }
                    }
                }
            }
        }
    }

    @Test
    void writesMvtecLayoutIndependentlyOfThreadCount() throws Exception {
        SyntheticDatasetGenerator g = new SyntheticDatasetGenerator(new SyntheticDatasetGenerator.Settings(32, 3, 1, 2, 5));
        int threads = Parallel.threads();
        Path a;
        Path b;
        try {
            Parallel.setThreads(1);
            a = g.writeCategory("synth_washer", dir.resolve("a"));
            Parallel.setThreads(2);
            b = g.writeCategory("synth_washer", dir.resolve("b"));
        } finally {
            Parallel.setThreads(threads);
        }
        for (String rel : new String[] {"train/good/002.png", "test/good/000.png", "test/crack/001.png", "ground_truth/missing/001_mask.png"}) {
            assertTrue(Files.isRegularFile(a.resolve(rel)), rel);
            assertArrayEquals(Files.readAllBytes(a.resolve(rel)), Files.readAllBytes(b.resolve(rel)), rel);
        }
        assertTrue(Files.isRegularFile(a.resolve("synthetic.json")));
        MvtecCategory c = MvtecCategory.open(a);
        assertEquals(SyntheticDatasetGenerator.defectTypes("synth_washer").stream().sorted().toList(), c.defectTypes());
        assertFalse(c.trainGood().isEmpty());
    }
}
