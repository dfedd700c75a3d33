package org.dadda.diffusion.synth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.sample.Sampler;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.util.Json;

/**
 * Defect synthesis, eq. 7 of the paper: for each defect class, masks {@code M_i = G_M(z)} are
 * sampled with classifier-free guidance and binarised, then images {@code I_i = G_I(z | M_i)}
 * are sampled from the mask-conditioned (fine-tuned) G_I.
 *
 * <p>Deterministic by seed and independent of batching: sample {@code i} of class {@code c}
 * has its own seed {@code s = sampleSeed(sampleSeed(seed, c), i)}; its mask noise comes from
 * {@code sampleSeed(s, attempt)} and its image noise from {@code sampleSeed(s, -1)}. A mask with
 * fewer than {@code minMaskPixels} defect pixels is drawn again with the next attempt's seed.
 */
public final class DefectSynthesizer {
    /** Manifest file name, in the category folder. */
    public static final String MANIFEST = "synthesis.json";

    private final MaskModel maskModel;
    private final AttentionUNet imageModel;
    private final SynthesisConfig config;
    private final Sampler maskSampler;
    private final Sampler imageSampler;

    /**
     * A synthesizer from G_M ({@code maskModel}) and the mask-conditioned G_I ({@code imageModel}),
     * both over {@code diffusion} and of the same image size.
     */
    public DefectSynthesizer(MaskModel maskModel, AttentionUNet imageModel, GaussianDiffusion diffusion, SynthesisConfig config) {
        if (!imageModel.config().maskConditioned()) {
            throw new IllegalArgumentException("DefectSynthesizer: G_I must be mask-conditioned (fine-tuned)");
        }
        if (imageModel.config().imageSize() != maskModel.network().config().imageSize()) {
            throw new IllegalArgumentException("DefectSynthesizer: G_I is " + imageModel.config().imageSize() + " pixels, G_M "
                    + maskModel.network().config().imageSize());
        }
        this.maskModel = maskModel;
        this.imageModel = imageModel;
        this.config = config;
        this.maskSampler = config.maskSampler().create(diffusion);
        this.imageSampler = config.imageSampler().create(diffusion);
    }

    /** The settings. */
    public SynthesisConfig config() {
        return config;
    }

    /** The seed of sample {@code index} of class {@code classIndex}. */
    public long sampleSeed(int classIndex, long index) {
        return NoiseSource.sampleSeed(NoiseSource.sampleSeed(config.seed(), classIndex), index);
    }

    /**
     * Synthesized pairs: {@code images [n, C, S, S]} in [-1, 1], {@code masks [n, 1, S, S]} in
     * {0, 1}, the per-sample seeds and the number of mask draws each needed.
     */
    public record Pairs(Tensor images, Tensor masks, long[] seeds, int[] maskAttempts) {
    }

    /** Samples {@code count} pairs of class {@code classIndex}, starting at sample {@code first}. */
    public Pairs synthesizeClass(int classIndex, long first, int count) {
        if (classIndex < 0 || classIndex >= maskModel.numClasses()) {
            throw new IllegalArgumentException("DefectSynthesizer: class " + classIndex + " out of range [0, " + maskModel.numClasses() + ")");
        }
        List<Tensor> images = new ArrayList<>();
        List<Tensor> masks = new ArrayList<>();
        long[] seeds = new long[count];
        int[] attempts = new int[count];
        for (int start = 0; start < count; start += config.batchSize()) {
            int n = Math.min(config.batchSize(), count - start);
            long[] s = new long[n];
            for (int i = 0; i < n; i++) {
                s[i] = sampleSeed(classIndex, first + start + i);
                seeds[start + i] = s[i];
            }
            int[] att = new int[n];
            Tensor m = sampleMasks(classIndex, s, att);
            System.arraycopy(att, 0, attempts, start, n);
            masks.add(m);
            images.add(sampleImages(m, s));
        }
        return new Pairs(Tensor.cat(images, 0), Tensor.cat(masks, 0), seeds, attempts);
    }

    private Tensor sampleMasks(int classIndex, long[] seeds, int[] attempts) {
        int n = seeds.length;
        Tensor[] out = new Tensor[n];
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            todo.add(i);
        }
        for (int attempt = 0; attempt < config.maxMaskAttempts() && !todo.isEmpty(); attempt++) {
            long[] s = new long[todo.size()];
            int[] classes = new int[todo.size()];
            for (int j = 0; j < s.length; j++) {
                s[j] = NoiseSource.sampleSeed(seeds[todo.get(j)], attempt);
                classes[j] = classIndex;
            }
            Tensor m = maskModel.sampleBinary(classes, config.guidance(), maskSampler, NoiseSource.ofSeeds(s));
            List<Integer> again = new ArrayList<>();
            for (int j = 0; j < s.length; j++) {
                Tensor mj = m.narrow(0, j, 1).copy();
                int i = todo.get(j);
                out[i] = mj;
                attempts[i] = attempt + 1;
                if (mj.sum().item() < config.minMaskPixels()) {
                    again.add(i);
                }
            }
            todo = again;
        }
        return Tensor.cat(Arrays.asList(out), 0);
    }

    private Tensor sampleImages(Tensor masks, long[] seeds) {
        long[] s = new long[seeds.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = NoiseSource.sampleSeed(seeds[i], -1);
        }
        int size = imageModel.config().imageSize();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return imageSampler.sample(imageModel.epsModel(imageSampler.diffusion(), null, masks),
                    new int[] {s.length, imageModel.config().inChannels(), size, size}, NoiseSource.ofSeeds(s));
        }
    }

    /**
     * Synthesizes {@code perClass} pairs for each class and writes them in MVTec layout under
     * {@code root/category}: {@code test/<class>/NNN.png}, {@code ground_truth/<class>/NNN_mask.png},
     * a grid of the first pairs per class in {@code grids/<class>.png}, and the manifest
     * {@code synthesis.json} (class, seed, sampler, steps, guidance of every sample). Returns the
     * manifest.
     */
    public Map<String, Object> synthesize(Path root, String category, List<String> classNames) throws IOException {
        if (classNames.size() != maskModel.numClasses()) {
            throw new IllegalArgumentException("DefectSynthesizer: " + classNames.size() + " class names for G_M's "
                    + maskModel.numClasses() + " classes");
        }
        Path dir = root.resolve(category);
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int c = 0; c < classNames.size(); c++) {
            String name = classNames.get(c);
            Pairs p = synthesizeClass(c, 0, config.perClass());
            for (int i = 0; i < config.perClass(); i++) {
                String image = "test/" + name + "/" + String.format("%03d.png", i);
                String mask = "ground_truth/" + name + "/" + String.format("%03d_mask.png", i);
                Tensor img = p.images().narrow(0, i, 1);
                ImageFiles.writePng(dir.resolve(image), ImageFiles.toImage(img.reshape(img.size(1), img.size(2), img.size(3))));
                Tensor m = p.masks().narrow(0, i, 1);
                ImageFiles.writePng(dir.resolve(mask), ImageFiles.toMaskImage(m.reshape(1, m.size(2), m.size(3))));
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("class", name);
                e.put("classIndex", c);
                e.put("index", i);
                e.put("seed", p.seeds()[i]);
                e.put("maskAttempts", p.maskAttempts()[i]);
                e.put("maskPixels", (long) m.sum().item());
                e.put("image", image);
                e.put("mask", mask);
                e.put("sampler", imageSampler.describe());
                e.put("steps", imageSampler.timesteps().length);
                e.put("maskSteps", maskSampler.timesteps().length);
                e.put("maskSampler", maskSampler.describe());
                e.put("guidance", config.guidance());
                samples.add(e);
            }
            int shown = Math.min(16, config.perClass());
            ImageFiles.writePng(dir.resolve("grids/" + name + ".png"),
                    ImageFiles.pairGrid(p.images().narrow(0, 0, shown), p.masks().narrow(0, 0, shown), 4));
        }
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("category", category);
        manifest.put("classes", classNames);
        manifest.put("config", config.toMap());
        manifest.put("imageModel", imageModel.config().toMap());
        manifest.put("maskModel", maskModel.network().config().toMap());
        manifest.put("samples", samples);
        Json.writeFile(dir.resolve(MANIFEST), manifest);
        return manifest;
    }
}
