package org.dadda.federated.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dadda.augment.image.Image;
import org.dadda.augment.image.ImageFiles;
import org.dadda.augment.image.Mask;
import org.dadda.augment.image.Resize;
import org.dadda.federated.TestProfiles;
import org.dadda.federated.TinyDataset;
import org.dadda.federated.config.RunConfig;
import org.dadda.federated.downstream.Variant;
import org.dadda.federated.run.Files2;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A category as real inspection data comes: grayscale and RGB images side by side, images of
 * different sizes, masks stored as 0/1, anti-aliased masks, a defective image whose mask is
 * empty, a single defect type. Stage 1 and the downstream models run through on it.
 */
class RealDataVarietyTest {
    @TempDir
    Path tmp;

    @Test
    void aMixedCategoryRunsThroughAugmentTrainingAndEvaluation() throws Exception {
        Path data = tmp.resolve("data");
        Path cat = TinyDataset.write(data, "mixed", 32, 6, 3, 6, 5);
        // One defect type only.
        for (String t : List.of("spot", "stain")) {
            deleteTree(cat.resolve("test").resolve(t));
            deleteTree(cat.resolve("ground_truth").resolve(t));
        }
        // Gray images beside RGB ones, and other sizes.
        Path good0 = cat.resolve("train/good/000.png");
        ImageFiles.writePng(ImageFiles.read(good0).toGray(), good0);
        Path good1 = cat.resolve("train/good/001.png");
        ImageFiles.writePng(Resize.image(ImageFiles.read(good1), 48, 40), good1);
        Path def0 = cat.resolve("test/scratch/000.png");
        Path mask0 = cat.resolve("ground_truth/scratch/000_mask.png");
        ImageFiles.writePng(Resize.image(ImageFiles.read(def0), 64, 64).toGray(), def0);
        ImageFiles.writePng(Resize.mask(ImageFiles.readMask(mask0), 64, 64), mask0);
        // A mask stored as 0 and 1.
        Path mask1 = cat.resolve("ground_truth/scratch/001_mask.png");
        Mask m1 = ImageFiles.readMask(mask1);
        BufferedImage zeroOne = new BufferedImage(m1.width(), m1.height(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < m1.height(); y++) {
            for (int x = 0; x < m1.width(); x++) {
                zeroOne.getRaster().setSample(x, y, 0, m1.get(y, x) ? 1 : 0);
            }
        }
        ImageFiles.writePng(zeroOne, mask1);
        assertEquals(m1, ImageFiles.readMask(mask1), "a 0/1 mask reads as the same mask");
        // An anti-aliased mask: soft edges around the defect.
        Path mask2 = cat.resolve("ground_truth/scratch/002_mask.png");
        Mask m2 = ImageFiles.readMask(mask2);
        Image soft = Resize.image(Resize.image(m2.toImage(), 8, 8), m2.width(), m2.height());
        ImageFiles.writePng(soft, mask2);
        assertFalse(ImageFiles.readMask(mask2).isEmpty());
        // A defective image whose mask is empty.
        Path mask3 = cat.resolve("ground_truth/scratch/003_mask.png");
        ImageFiles.writePng(Mask.empty(32, 32), mask3);

        RunFolder run = RunFolder.create(tmp.resolve("run"), new RunConfig(TestProfiles.tiny(), 3, data));
        Pipeline p = new Pipeline(run, line -> { }, false);
        p.augment("mixed", "node1", null);
        List<Variant> vs = List.of(Variant.REAL, Variant.DAM);
        p.trainClassifiers("mixed", "node1", null, vs);
        p.trainDetectors("mixed", "node1", vs);
        Map<?, ?> m = (Map<?, ?>) Files2.readJson(p.evaluate("mixed", "node1", vs));
        assertEquals(List.of("scratch"), m.get("defect_types"));
        Map<?, ?> real = (Map<?, ?>) ((Map<?, ?>) m.get("detectors")).get("real");
        assertTrue(((Map<?, ?>) real.get("localization")).get("auroc") instanceof Number, String.valueOf(real));
        assertTrue(Files.isDirectory(run.stage1Dir("node1", "mixed").resolve("dam")));
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
