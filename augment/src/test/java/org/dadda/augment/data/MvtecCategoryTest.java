package org.dadda.augment.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MvtecCategoryTest {

    @TempDir
    Path dir;

    private Path synthetic(String category) {
        return new SyntheticDatasetGenerator(new SyntheticDatasetGenerator.Settings(48, 4, 2, 5, 9)).writeCategory(category, dir);
    }

    @Test
    void readsASyntheticCategory() {
        MvtecCategory c = MvtecCategory.open(synthetic("synth_pill"));
        assertEquals("synth_pill", c.name());
        assertEquals(CategoryKind.OBJECT, c.kind());
        assertEquals(4, c.trainGood().size());
        assertEquals(2, c.testGood().size());
        assertEquals(List.of("colour", "crack", "missing"), c.defectTypes());
        DefectiveFile f = c.defective("crack").get(2);
        assertEquals("002", f.stem());
        assertTrue(f.mask().toString().endsWith("ground_truth/crack/002_mask.png"));
        assertEquals("test/crack/002.png", c.relative(f.image()));
        assertEquals(f.image(), c.resolve("test/crack/002.png"));
        assertThrows(IllegalArgumentException.class, () -> c.defective("dent"));
    }

    @Test
    void reportsEveryProblemNamingTheFiles() throws IOException {
        Path root = synthetic("synth_fabric");
        Files.delete(root.resolve("ground_truth/hole/001_mask.png"));
        ImageFiles.writePng(Mask.empty(10, 12), root.resolve("ground_truth/colour/002_mask.png"));
        Files.writeString(root.resolve("train/good/broken.png"), "not a png");
        Files.writeString(root.resolve("train/good/notes.txt"), "ignored: not an image extension");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MvtecCategory.open(root));
        String msg = e.getMessage();
        assertTrue(msg.contains("3 problems"), msg);
        assertTrue(msg.contains("without a mask") && msg.contains("test/hole/001.png"), msg);
        assertTrue(msg.contains("mask size 12x10 differs from image size 48x48") && msg.contains("colour/002_mask.png"), msg);
        assertTrue(msg.contains("not a readable image") && msg.contains("broken.png"), msg);
        assertFalse(msg.contains("notes.txt"), msg);
    }

    /**
     * Folders made by hand: names with spaces and non-ASCII letters read as they are; a symbolic
     * link that loops back to the category cannot trap the walker (it lists one level per folder);
     * a mask without its image, and a folder of masks with no test folder, are named as problems.
     */
    @Test
    void handMadeFoldersAreReadOrTheirProblemsNamed() throws IOException {
        Path root = synthetic("synth_pill");
        Files.move(root.resolve("test/crack/000.png"), root.resolve("test/crack/Riss Nr. 1 – äöü.png"));
        Files.move(root.resolve("ground_truth/crack/000_mask.png"), root.resolve("ground_truth/crack/Riss Nr. 1 – äöü_mask.png"));
        Files.move(root.resolve("train/good/000.png"), root.resolve("train/good/gut 0 ø.png"));
        MvtecCategory c = MvtecCategory.open(root);
        assertTrue(c.defective("crack").stream().anyMatch(f -> f.image().getFileName().toString().equals("Riss Nr. 1 – äöü.png")));

        Files.createSymbolicLink(root.resolve("test/crack/loop"), root);
        Files.createSymbolicLink(root.resolve("train/good/loop"), root.resolve("train"));
        assertEquals(c.defective("crack").size(), MvtecCategory.open(root).defective("crack").size(), "a link loop is no image");

        ImageFiles.writePng(Mask.empty(48, 48), root.resolve("ground_truth/crack/999_mask.png"));
        Files.createDirectories(root.resolve("ground_truth/dent"));
        ImageFiles.writePng(Mask.empty(48, 48), root.resolve("ground_truth/dent/000_mask.png"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MvtecCategory.open(root));
        assertTrue(e.getMessage().contains("999_mask.png"), e.getMessage());
        assertTrue(e.getMessage().contains("dent"), e.getMessage());
    }

    @Test
    void aCategoryWithoutDefectTypesIsAnError() throws IOException {
        Path root = dir.resolve("plain");
        ImageFiles.writePng(Image.zeros(3, 8, 8), root.resolve("train/good/000.png"));
        Files.createDirectories(root.resolve("test/good"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MvtecCategory.open(root));
        assertTrue(e.getMessage().contains("no defect types"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MvtecCategory.open(dir.resolve("missing")));
    }

    @Test
    void paperSplitIsSeededOneThirdRoundedUpAndSurvivesTheRunFolder() throws IOException {
        MvtecCategory c = MvtecCategory.open(synthetic("synth_grain"));
        DatasetSplit s = DatasetSplit.paper(c, 1);
        for (String t : c.defectTypes()) {
            assertEquals(2, s.trainDefective(t).size(), "ceil(5/3)");
            assertEquals(3, s.testDefective(t).size());
            List<String> all = new java.util.ArrayList<>(s.trainDefective(t));
            all.addAll(s.testDefective(t));
            assertEquals(5, new java.util.HashSet<>(all).size());
        }
        assertEquals(s.trainDefective("crack"), DatasetSplit.paper(c, 1).trainDefective("crack"));
        boolean differs = false;
        for (long seed = 2; seed < 12 && !differs; seed++) {
            differs = !DatasetSplit.paper(c, seed).trainDefective("crack").equals(s.trainDefective("crack"));
        }
        assertTrue(differs, "another seed should give another split");

        Path run = dir.resolve("run");
        DatasetSplit first = DatasetSplit.loadOrCreate(run, c, 1);
        assertTrue(Files.isRegularFile(run.resolve(DatasetSplit.FILE_NAME)));
        DatasetSplit again = DatasetSplit.loadOrCreate(run, c, 99);
        assertEquals(first.seed(), again.seed(), "an existing split is reused, whatever seed is asked for");
        for (String t : c.defectTypes()) {
            assertEquals(first.trainDefective(t), again.trainDefective(t));
            assertEquals(first.testDefective(t), again.testDefective(t));
        }
        assertEquals(c.trainGood().size(), again.trainGood().size());
        MvtecCategory other = MvtecCategory.open(synthetic("synth_pill"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetSplit.loadOrCreate(run, other, 1));
        assertTrue(e.getMessage().contains("synth_grain"), e.getMessage());
        Files.writeString(run.resolve(DatasetSplit.FILE_NAME), "{\"format\": \"other\"}");
        assertThrows(IllegalArgumentException.class, () -> DatasetSplit.read(run.resolve(DatasetSplit.FILE_NAME)));
    }

    @Test
    void loadsResizedRgbImagesWithMasksFromGrayAndMixedSizes() throws IOException {
        Path root = synthetic("synth_washer");
        // a gray normal image of another size
        Image gray = Image.zeros(1, 60, 52);
        java.util.Arrays.fill(gray.data(), 0.5f);
        ImageFiles.writePng(gray, root.resolve("train/good/gray.png"));
        MvtecCategory c = MvtecCategory.open(root);
        CategoryData d = CategoryData.load(c, DatasetSplit.paper(c, 0), 32);
        assertEquals(5, d.trainGood().size());
        for (CategoryData.Sample s : d.trainGood()) {
            assertEquals(3, s.image().channels());
            assertEquals(32, s.image().width());
            assertTrue(s.mask().isEmpty());
        }
        for (String t : d.defectTypes()) {
            for (CategoryData.Sample s : d.trainDefective(t)) {
                assertEquals(32, s.mask().width());
                assertFalse(s.mask().isEmpty(), "a resized defect mask keeps pixels: " + s.file());
            }
            assertEquals(3, d.testDefective(t).size());
        }
        assertThrows(IllegalArgumentException.class, () -> CategoryData.load(c, DatasetSplit.paper(MvtecCategory.open(synthetic("synth_pill")), 0), 32));
    }

    @Test
    void readsTheRealHazelnutToyData() {
        Path root = Path.of("..", "..", "shared", "data", "hazelnut_toy");
        Assumptions.assumeTrue(Files.isDirectory(root), "hazelnut_toy not present");
        MvtecCategory c = MvtecCategory.open(root);
        assertEquals(List.of("colour"), c.defectTypes());
        assertEquals(28, c.trainGood().size());
        assertEquals(17, c.defective("colour").size());
        DatasetSplit s = DatasetSplit.paper(c, 0);
        assertEquals(6, s.trainDefective("colour").size());
        assertEquals(11, s.testDefective("colour").size());
        CategoryData d = CategoryData.load(c, s, 64);
        assertEquals(28, d.trainGood().size());
        for (CategoryData.Sample x : d.trainDefective("colour")) {
            assertEquals(64, x.image().height());
            assertFalse(x.mask().isEmpty());
        }
        assertNotEquals(d.trainGood().get(0).image(), d.trainGood().get(1).image());
    }
}
