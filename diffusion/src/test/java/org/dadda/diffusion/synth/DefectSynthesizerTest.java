package org.dadda.diffusion.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.sample.DdimSampler;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.sample.SamplerSpec;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.tensor.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefectSynthesizerTest {
    private static final GaussianDiffusion DIFFUSION = new GaussianDiffusion(NoiseSchedule.linear(100));
    private static final MaskModel GM = new MaskModel(new AttentionUNet(UNetConfig.tiny(8, 1, 8).withClasses(2), 1));
    private static final AttentionUNet GI = new AttentionUNet(UNetConfig.tiny(8, 3, 8).withGateMode(GateMode.BOTH), 2);

    private static SynthesisConfig config(int perClass, int batch, long seed, int minPixels) {
        return new SynthesisConfig(perClass, batch, SamplerSpec.ddim(4), new SamplerSpec("ddim", 3, 0.5, true), 2.0, minPixels, 3,
                seed);
    }

    @Test
    void deterministicBySeedAndIndependentOfBatching() {
        DefectSynthesizer a = new DefectSynthesizer(GM, GI, DIFFUSION, config(5, 2, 7, 1));
        DefectSynthesizer b = new DefectSynthesizer(GM, GI, DIFFUSION, config(5, 5, 7, 1));
        DefectSynthesizer.Pairs pa = a.synthesizeClass(1, 0, 5);
        DefectSynthesizer.Pairs pb = b.synthesizeClass(1, 0, 5);
        assertArrayEquals(new int[] {5, 3, 8, 8}, pa.images().shape());
        assertArrayEquals(new int[] {5, 1, 8, 8}, pa.masks().shape());
        assertArrayEquals(pa.seeds(), pb.seeds());
        assertArrayEquals(pa.masks().toArray(), pb.masks().toArray(), 0f);
        assertArrayEquals(pa.images().toArray(), pb.images().toArray(), 1e-4f);
        // A later slice of the same class reproduces the same samples.
        DefectSynthesizer.Pairs tail = a.synthesizeClass(1, 3, 2);
        assertArrayEquals(pa.images().narrow(0, 3, 2).toArray(), tail.images().toArray(), 1e-4f);
        DefectSynthesizer.Pairs other = new DefectSynthesizer(GM, GI, DIFFUSION, config(5, 2, 8, 1)).synthesizeClass(1, 0, 5);
        assertFalse(java.util.Arrays.equals(pa.images().toArray(), other.images().toArray()));
        for (float f : pa.masks().toArray()) {
            assertTrue(f == 0f || f == 1f);
        }
        for (float f : pa.images().toArray()) {
            assertTrue(f >= -1.0001f && f <= 1.0001f);
        }
    }

    @Test
    void emptyMasksAreDrawnAgain() {
        DefectSynthesizer s = new DefectSynthesizer(GM, GI, DIFFUSION, config(3, 3, 7, 65));
        DefectSynthesizer.Pairs p = s.synthesizeClass(0, 0, 3);
        // 65 defect pixels cannot fit in 8x8: every mask is drawn the maximum number of times.
        assertArrayEquals(new int[] {3, 3, 3}, p.maskAttempts());
        DefectSynthesizer none = new DefectSynthesizer(GM, GI, DIFFUSION, config(3, 3, 7, 0));
        assertArrayEquals(new int[] {1, 1, 1}, none.synthesizeClass(0, 0, 3).maskAttempts());
    }

    @Test
    @SuppressWarnings("unchecked")
    void writesMvtecLayoutWithManifest(@TempDir Path dir) throws Exception {
        DefectSynthesizer s = new DefectSynthesizer(GM, GI, DIFFUSION, config(3, 2, 7, 1));
        s.synthesize(dir, "toy", List.of("crack", "hole"));
        for (String c : List.of("crack", "hole")) {
            for (int i = 0; i < 3; i++) {
                BufferedImage img = ImageIO.read(dir.resolve("toy/test/" + c + String.format("/%03d.png", i)).toFile());
                BufferedImage mask = ImageIO.read(dir.resolve("toy/ground_truth/" + c + String.format("/%03d_mask.png", i)).toFile());
                assertEquals(8, img.getWidth());
                assertEquals(8, mask.getHeight());
                int v = mask.getRaster().getSample(0, 0, 0);
                assertTrue(v == 0 || v == 255);
            }
            assertTrue(Files.exists(dir.resolve("toy/grids/" + c + ".png")));
        }
        Map<String, Object> m = (Map<String, Object>) Json.read(dir.resolve("toy/" + DefectSynthesizer.MANIFEST));
        List<Map<String, Object>> samples = (List<Map<String, Object>>) m.get("samples");
        assertEquals(6, samples.size());
        Map<String, Object> first = samples.get(0);
        assertEquals("crack", first.get("class"));
        assertEquals(s.sampleSeed(0, 0), ((Number) first.get("seed")).longValue());
        assertEquals("ddim(S=3, eta=0.5)", first.get("sampler"));
        assertEquals(3L, first.get("steps"));
        assertEquals(2.0, first.get("guidance"));
        assertThrows(IllegalArgumentException.class, () -> s.synthesize(dir, "toy", List.of("crack")));
    }

    @Test
    void refusesAnUnconditionedImageModel() {
        assertThrows(IllegalArgumentException.class, () -> new DefectSynthesizer(GM, new AttentionUNet(UNetConfig.tiny(8, 3, 8), 1),
                DIFFUSION, config(1, 1, 1, 1)));
    }

    @Test
    void denoisingGridShowsEachRequestedTimestep(@TempDir Path dir) throws Exception {
        AttentionUNet net = new AttentionUNet(UNetConfig.tiny(8, 3, 8), 3);
        Path f = dir.resolve("fig8.png");
        DenoisingGrid.Frames frames = DenoisingGrid.write(f, new DdimSampler(DIFFUSION, 10, 0, true), net.epsModel(),
                new int[] {2, 3, 8, 8}, NoiseSource.sequential(1, 0, 2), new int[] {90, 50, 10, 0});
        assertEquals(4, frames.frames().size());
        assertArrayEquals(frames.result().toArray(), frames.frames().get(3).toArray(), 0f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(2 + 4 * (8 + 2), img.getWidth());
        assertEquals(2 + 2 * (8 + 2), img.getHeight());
        // The first column is nearly pure noise: far from the final sample.
        float[] a = frames.frames().get(0).toArray();
        float[] b = frames.result().toArray();
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        assertTrue(d / a.length > 0.3, "x_90 should differ from x_0: " + d / a.length);
    }
}
