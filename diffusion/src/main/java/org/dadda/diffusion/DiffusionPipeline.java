package org.dadda.diffusion;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.synth.DefectSynthesizer;
import org.dadda.diffusion.synth.DenoisingGrid;
import org.dadda.diffusion.synth.MaskModel;
import org.dadda.diffusion.synth.SynthesisConfig;
import org.dadda.diffusion.train.BatchSource;
import org.dadda.diffusion.train.DdpmTrainer;
import org.dadda.diffusion.train.GatedFineTuner;
import org.dadda.diffusion.train.ModelFiles;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.GateMode;

/**
 * The generative stages of D-ADDA under one {@link DiffusionProfile}, each reading and writing
 * files in its own folder of a run directory so it can be resumed or run elsewhere:
 * <ol>
 *   <li>{@link #trainImageModel}: G_I, unconditional, on normal images (stage 2, server);
 *       {@code g_i/} with checkpoints, {@code loss.csv} and the EMA weights {@code g_i.safetensors};</li>
 *   <li>{@link #trainMaskModel}: G_M, class-conditioned with null-class dropping, on augmented
 *       masks in [-1, 1] (stage 2, server); {@code g_m/};</li>
 *   <li>{@link #fineTune}: G_I with gated cross-attention on local defective image/mask pairs
 *       (stage 3, node); {@code g_i_gated/};</li>
 *   <li>{@link #synthesize}: eq. 7, pairs per defect class in MVTec layout with a manifest
 *       (stage 3, node).</li>
 * </ol>
 * A stage whose final weights already exist is not trained again; an interrupted stage resumes
 * from its newest checkpoint.
 */
public final class DiffusionPipeline {
    private final DiffusionProfile profile;
    private final Path runDir;
    private final GaussianDiffusion diffusion;
    private final long seed;
    private PrintStream progress = System.err;

    /** A pipeline of {@code profile} in {@code runDir}; {@code seed} offsets every stage's seed. */
    public DiffusionPipeline(DiffusionProfile profile, Path runDir, long seed) {
        this.profile = profile;
        this.runDir = runDir;
        this.diffusion = new GaussianDiffusion(profile.schedule());
        this.seed = seed;
    }

    /** Where progress bars go (null: nowhere). */
    public DiffusionPipeline progressTo(PrintStream out) {
        this.progress = out;
        return this;
    }

    /** The profile. */
    public DiffusionProfile profile() {
        return profile;
    }

    /** The forward process of all models. */
    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    private AttentionUNet trainOrLoad(String name, AttentionUNet fresh, org.dadda.diffusion.train.TrainConfig cfg,
                                      BatchSource data) throws IOException {
        Path dir = runDir.resolve(name);
        Path weights = dir.resolve(name + ".safetensors");
        if (Files.exists(weights)) {
            return ModelFiles.load(weights);
        }
        Files.createDirectories(dir);
        DdpmTrainer trainer = new DdpmTrainer(fresh, diffusion, cfg.withSeed(cfg.seed() + seed)).progressTo(progress);
        trainer.train(data, dir);
        AttentionUNet ema = trainer.emaModel();
        ModelFiles.save(weights, ema);
        return ema;
    }

    /** Trains (or loads) G_I on normal images {@code [B, 3, S, S]} in [-1, 1]; returns the EMA network. */
    public AttentionUNet trainImageModel(BatchSource normals) throws IOException {
        return trainOrLoad("g_i", new AttentionUNet(profile.imageNet(), seed), profile.imageTraining(), normals);
    }

    /**
     * Trains (or loads) G_M on masks {@code [B, 1, S, S]} in [-1, 1] labelled with their defect
     * class in {@code [0, classes)}; returns it wrapped for guided sampling.
     */
    public MaskModel trainMaskModel(BatchSource masks, int classes) throws IOException {
        return new MaskModel(trainOrLoad("g_m", new AttentionUNet(profile.maskNet(classes), seed + 1), profile.maskTraining(),
                masks));
    }

    /**
     * Fine-tunes (or loads) G_I with gates {@code mode} on defective images in [-1, 1] with their
     * masks in {0, 1}; returns the EMA network.
     */
    public AttentionUNet fineTune(AttentionUNet imageModel, BatchSource pairs, GateMode mode) throws IOException {
        AttentionUNet start = GatedFineTuner.fromPretrained(imageModel.config(), imageModel.stateDict(), mode, seed + 2);
        return trainOrLoad("g_i_gated", start, profile.fineTuning(), pairs);
    }

    /** Synthesizes the profile's pairs per class into {@code outRoot/category} (eq. 7); returns the manifest. */
    public Map<String, Object> synthesize(MaskModel maskModel, AttentionUNet gatedImageModel, String category,
                                          List<String> classNames, Path outRoot) throws IOException {
        SynthesisConfig cfg = new SynthesisConfig(profile.perClass(), profile.sampleBatch(), profile.sampler(), profile.sampler(),
                profile.guidance(), 1, 4, seed + 3);
        return new DefectSynthesizer(maskModel, gatedImageModel, diffusion, cfg).synthesize(outRoot, category, classNames);
    }

    /**
     * Writes the Fig. 8 picture of {@code model} (unconditional) to {@code file}: {@code rows}
     * samples at t = 900, 700, 500, 300, 100, 0.
     */
    public DenoisingGrid.Frames denoisingFigure(AttentionUNet model, int rows, Path file) throws IOException {
        int s = model.config().imageSize();
        return DenoisingGrid.write(file, profile.sampler().create(diffusion), model.epsModel(),
                new int[] {rows, model.config().inChannels(), s, s}, NoiseSource.sequential(seed + 4, 0, rows),
                new int[] {900, 700, 500, 300, 100, 0});
    }
}
