package org.dadda.augment.dam;

import org.dadda.augment.data.CategoryKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dadda.augment.data.CategoryData;
import org.dadda.augment.data.DatasetSplit;
import org.dadda.augment.data.MvtecCategory;
import org.dadda.augment.data.SyntheticDatasetGenerator;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;
import org.dadda.tensor.parallel.Parallel;
import org.dadda.tensor.util.Json;
import org.dadda.tensor.util.ProgressBar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DamTest {

    @TempDir
    static Path dir;

    private static CategoryData pill;
    private static CategoryData fabric;

    @BeforeAll
    static void data() {
        SyntheticDatasetGenerator g = new SyntheticDatasetGenerator(new SyntheticDatasetGenerator.Settings(64, 8, 2, 6, 11));
        pill = load(g.writeCategory("synth_pill", dir));
        fabric = load(g.writeCategory("synth_fabric", dir));
    }

    private static CategoryData load(Path root) {
        MvtecCategory c = MvtecCategory.open(root);
        return CategoryData.load(c, DatasetSplit.paper(c, 0), 64);
    }

    private static DataAugmentationModule dam(CategoryData d, String type, DamConfig cfg) {
        return new DataAugmentationModule(cfg, type, CategoryData.images(d.trainGood()),
            CategoryData.images(d.trainDefective(type)), CategoryData.masks(d.trainDefective(type)));
    }

    @Test
    void objectSamplesKeepEveryStepConsistent() {
        DamConfig cfg = DamConfig.defaults(CategoryKind.OBJECT, 5).withMaxTries(20);
        DataAugmentationModule dam = dam(pill, "crack", cfg);
        for (int i = 0; i < 4; i++) {
            DamSample s = dam.sample(i, true);
            DamTrace t = s.trace();
            assertNotNull(t);
            assertFalse(s.mask().isEmpty());
            assertEquals(0, t.offsetY());
            assertEquals(0, t.offsetX());
            assertEquals(s.mask(), t.sourceMask(), "objects paste in place");
            assertTrue(s.tries() >= 1 && s.tries() <= 20);
            assertEquals(s.score().accepted(), s.accepted());
            assertTrue(s.accepted() || s.tries() == 20, "rejected samples only after the last try");
            // Outside the new mask the novel image is the normal image, bit for bit.
            float[] nd = t.normal().data();
            float[] sd = s.image().data();
            int n = 64 * 64;
            for (int k = 0; k < n; k++) {
                if (!s.mask().bits()[k]) {
                    for (int c = 0; c < 3; c++) {
                        assertEquals(nd[c * n + k], sd[c * n + k]);
                    }
                }
            }
            // The new mask stays within the defective region.
            for (int k = 0; k < n; k++) {
                if (s.mask().bits()[k]) {
                    assertTrue(t.defectiveRegion().bits()[k] || nearSet(t.defectiveRegion(), k, 64, 2), "mask pixel " + k + " outside the region");
                }
            }
            assertEquals(t.alignedMask(), t.groundTruth().shifted(t.alignment().dy(), t.alignment().dx()));
            assertTrue(s.times().totalNanos() > 0 && s.times().alignNanos() > 0);
        }
    }

    /** Smoothing may round a corner out by a pixel or two. */
    private static boolean nearSet(Mask m, int k, int w, int r) {
        int y = k / w;
        int x = k % w;
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int yy = y + dy;
                int xx = x + dx;
                if (yy >= 0 && xx >= 0 && yy < m.height() && xx < w && m.get(yy, xx)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void texturesSkipAlignmentAndMoveTheMask() {
        DataAugmentationModule dam = dam(fabric, "hole", DamConfig.defaults(CategoryKind.TEXTURE, 2).withMaxTries(10));
        boolean moved = false;
        for (int i = 0; i < 6; i++) {
            DamSample s = dam.sample(i, true);
            DamTrace t = s.trace();
            assertEquals(0, t.alignment().dy());
            assertEquals(0, t.alignment().dx());
            assertEquals(0, s.times().alignNanos());
            assertEquals(t.sourceMask().shifted(t.offsetY(), t.offsetX()), s.mask());
            assertEquals(t.sourceMask().count(), s.mask().count(), "the offset keeps the mask inside the image");
            moved |= t.offsetY() != 0 || t.offsetX() != 0;
        }
        assertTrue(moved);
    }

    @Test
    void defectLabelIsTheDefectThePatchCarries() {
        // Objects (aligned, pasted in place) and textures (moved): the label is the source's defect
        // mask inside the pasted region, moved with it; never empty; never larger than the region.
        Object[][] cases = {{pill, "crack", CategoryKind.OBJECT}, {fabric, "hole", CategoryKind.TEXTURE}};
        for (Object[] c : cases) {
            DamConfig cfg = DamConfig.defaults((CategoryKind) c[2], 3).withMaxTries(10).withLabel(DamLabel.DEFECT);
            DataAugmentationModule dam = dam((CategoryData) c[0], (String) c[1], cfg);
            DataAugmentationModule paper = dam((CategoryData) c[0], (String) c[1], cfg.withLabel(DamLabel.REGION));
            long defectPixels = 0;
            long regionPixels = 0;
            for (int i = 0; i < 6; i++) {
                DamSample s = dam.sample(i, true);
                DamTrace t = s.trace();
                Mask region = t.sourceMask().shifted(t.offsetY(), t.offsetX());
                Mask carried = t.alignedMask().and(t.sourceMask()).shifted(t.offsetY(), t.offsetX());
                List<Mask> real = CategoryData.masks(((CategoryData) c[0]).trainDefective((String) c[1]));
                assertFalse(s.mask().isEmpty(), c[1] + " sample " + i);
                assertFalse(real.contains(s.mask()), c[1] + " sample " + i + ": a real mask is never a DAM label");
                if (!carried.isEmpty() && !real.contains(carried)) {
                    assertEquals(carried, s.mask(), c[1] + " sample " + i + ": the carried defect pixels");
                    assertEquals(s.mask(), s.mask().and(region), "inside the pasted region");
                } else {
                    assertEquals(region, s.mask(), c[1] + " sample " + i + ": no usable defect label, the region");
                }
                assertTrue(!s.accepted() || !carried.isEmpty() && !real.contains(carried),
                        "an accepted attempt carries a defect pixel and is no real mask");
                defectPixels += s.mask().count();
                regionPixels += paper.sample(i, false).mask().count();
            }
            assertTrue(defectPixels < regionPixels, c[1] + ": defect labels (" + defectPixels
                    + " px) are tighter than the paper's regions (" + regionPixels + " px)");
        }
        assertEquals(DamLabel.DEFECT, DamLabel.parse("Defect"));
        assertThrows(IllegalArgumentException.class, () -> DamLabel.parse("box"));
    }

    @Test
    void sameSeedSameSamplesWhateverTheThreadCount() {
        DamConfig cfg = DamConfig.defaults(CategoryKind.OBJECT, 9).withMaxTries(8);
        int threads = Parallel.threads();
        List<DamSample> one;
        List<DamSample> two;
        try {
            Parallel.setThreads(1);
            one = dam(pill, "colour", cfg).generate(6, ProgressBar.silent(6));
            Parallel.setThreads(2);
            two = dam(pill, "colour", cfg).generate(6, ProgressBar.silent(6));
        } finally {
            Parallel.setThreads(threads);
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(i, one.get(i).index());
            assertEquals(one.get(i).image(), two.get(i).image(), "sample " + i);
            assertEquals(one.get(i).mask(), two.get(i).mask(), "sample " + i);
            assertEquals(one.get(i).tries(), two.get(i).tries());
        }
        assertEquals(one.get(3).image(), dam(pill, "colour", cfg).sample(3).image(), "a sample alone equals the same sample in a batch");
        assertNotEquals(one.get(0).image(), one.get(1).image());
        assertNotEquals(one.get(0).image(), dam(pill, "colour", cfg.withSeed(10)).sample(0).image());
    }

    @Test
    void oneTryKeepsTheFirstCandidate() {
        DamSample s = dam(pill, "missing", DamConfig.defaults(CategoryKind.OBJECT, 1).withMaxTries(1)).sample(0);
        assertEquals(1, s.tries());
    }

    @Test
    void incrementalQualityScoreEqualsTheFullOne() {
        DataAugmentationModule dam = dam(pill, "crack", DamConfig.defaults(CategoryKind.OBJECT, 3).withMaxTries(3));
        for (int i = 0; i < 3; i++) {
            DamSample s = dam.sample(i, true);
            QualityCheck.Score full = dam.qualityCheck().score(s.image());
            QualityCheck.Score inc = dam.qualityCheck().session(s.trace().normal()).score(s.image(), s.mask());
            assertEquals(full.meanDefective(), inc.meanDefective(), 1e-9);
            assertEquals(full.meanNormal(), inc.meanNormal(), 1e-9);
            assertEquals(full.meanDefective(), s.score().meanDefective(), 1e-9);
        }
        QualityCheck q = dam.qualityCheck();
        Image base = pill.trainGood().get(0).image();
        QualityCheck.Score b = q.session(base).score(base, Mask.empty(64, 64));
        assertEquals(q.score(base).meanNormal(), b.meanNormal(), 1e-9);
    }

    @Test
    void qualityReferencesCanBeCapped() {
        DataAugmentationModule dam = dam(pill, "crack", DamConfig.defaults(CategoryKind.OBJECT, 3).withMaxQualityReferences(3));
        assertEquals(3, dam.qualityCheck().normalReferences());
        assertEquals(2, dam.qualityCheck().defectiveReferences(), "2 training defectives, below the cap");
    }

    @Test
    void rejectsBadInput() {
        DamConfig cfg = DamConfig.defaults(CategoryKind.OBJECT, 0);
        List<Image> normals = CategoryData.images(pill.trainGood());
        List<Image> defs = CategoryData.images(pill.trainDefective("crack"));
        List<Mask> masks = CategoryData.masks(pill.trainDefective("crack"));
        assertThrows(IllegalArgumentException.class, () -> new DataAugmentationModule(cfg, "crack", List.of(), defs, masks));
        assertThrows(IllegalArgumentException.class, () -> new DataAugmentationModule(cfg, "crack", normals, defs, masks.subList(0, 1)));
        List<Mask> empty = new ArrayList<>();
        for (Mask m : masks) {
            empty.add(Mask.empty(m.height(), m.width()));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DataAugmentationModule(cfg, "crack", normals, defs, empty));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DataAugmentationModule(cfg, "crack", List.of(Image.zeros(3, 32, 32)), defs, masks));
        assertThrows(IllegalArgumentException.class, () -> DamConfig.defaults(CategoryKind.OBJECT, 0).withMaxTries(0));
    }

    @Test
    void runnerWritesMvtecLayoutAndManifest() throws Exception {
        Path out = dir.resolve("aug");
        List<DamRunner.TypeSummary> sums = DamRunner.augmentCategory(fabric, DamConfig.defaults(CategoryKind.TEXTURE, 4).withMaxTries(4), 3, out, false);
        assertEquals(fabric.defectTypes().size(), sums.size());
        for (String t : fabric.defectTypes()) {
            for (int i = 0; i < 3; i++) {
                String name = String.format("%03d", i);
                Image im = ImageFiles.read(out.resolve("test/" + t + "/" + name + ".png"));
                assertEquals(64, im.width());
                assertFalse(ImageFiles.readMask(out.resolve("ground_truth/" + t + "/" + name + "_mask.png")).isEmpty());
            }
        }
        Map<String, Object> m = Json.object(Json.parse(Files.readString(out.resolve("dam.json")), "dam.json"), "dam.json");
        assertEquals("synth_fabric", m.get("category"));
        assertEquals(3, Json.array(Json.object(m.get("samples"), "samples").get("hole"), "hole").size());
        assertEquals(4L, Json.number(Json.object(Json.object(m.get("config"), "config"), "config").get("maxTries"), "maxTries").longValue());
    }

    @Test
    void fig3GridHasSevenColumnsPerSample() throws Exception {
        DataAugmentationModule dam = dam(pill, "crack", DamConfig.defaults(CategoryKind.OBJECT, 0).withMaxTries(2));
        List<DamSample> rows = List.of(dam.sample(0, true), dam.sample(1, true));
        Image grid = Fig3Grid.compose(rows);
        assertEquals(7 * 64 + 8 * 4, grid.width());
        assertEquals(2 * 64 + 3 * 4, grid.height());
        // The last cell of the first row is the novel sample.
        int x0 = 4 + 6 * (64 + 4);
        assertArrayEquals(new float[] {rows.get(0).image().get(0, 10, 20)}, new float[] {grid.get(0, 4 + 10, x0 + 20)});
        Path png = dir.resolve("fig3.png");
        Fig3Grid.write(rows, png);
        assertEquals(grid.height() + 18, ImageFiles.read(png).height());
        assertThrows(IllegalArgumentException.class, () -> Fig3Grid.compose(List.of(dam.sample(0))));
    }
}
