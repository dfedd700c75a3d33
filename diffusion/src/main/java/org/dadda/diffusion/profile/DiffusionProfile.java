package org.dadda.diffusion.profile;

import java.util.Locale;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.Prediction;
import org.dadda.diffusion.sample.SamplerSpec;
import org.dadda.diffusion.train.TrainConfig;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;

/**
 * The run profiles of the design ({@code shared/DESIGN.md}): {@code quick} (32x32, the
 * reference U-Net {@code ref-s} of {@code bench_unet.py}, a few hundred steps, DDIM sampling: a
 * first end-to-end run in minutes on 2 cores), {@code standard} (32x32, a small U-Net trained
 * for thousands of steps: one category with usable samples in an afternoon on 2 cores), {@code cpu} (64x64, {@code ref-m}, thousands of
 * steps: a run overnight on a CPU) and {@code paper} (128x128, the paper's settings).
 *
 * <p>The {@code paper} U-Net: the paper gives 48.3M parameters, 4 heads of d_h 32, attention
 * at the intermediate and bottleneck levels, and nothing else about the layout. Among U-Nets
 * of the reference family at 128x128 (widths a multiple of 32 for GroupNorm(32), 1-3 residual
 * blocks, 4 or 5 levels), the nearest is base 128, multipliers (1, 1, 2, 2, 4), one residual
 * block per level, attention at 16x16 (intermediate) and 8x8 (bottleneck): 48,373,763
 * parameters for G_I, 0.15% above the paper's count (next: base 128, (1, 2, 2, 4), one block,
 * 47.03M). G_M is the same network on one channel with a class embedding.
 *
 * <p>Settings the paper does not state, chosen here: batch size, steps of fine-tuning, the
 * guidance scale (3) and the null-class probability (0.1, as Ho and Salimans), gradient
 * clipping at norm 1. The {@code quick} and {@code cpu} profiles use a faster EMA (fewer
 * steps) and a short warm-up; {@code quick} also a higher learning rate (1e-3; 5e-4 for
 * fine-tuning), with which 150 steps already give the coarse structure of the data where
 * 1e-4..2e-4 still give noise.
 */
public enum DiffusionProfile {
    /** 32x32, ref-s U-Net (4.40M), 150/150/60 steps of batch 8 at lr 1e-3, DDIM 20 steps, 4 pairs per class. */
    QUICK(UNetConfig.reference(32, 32), 1000,
            new TrainConfig(150, 8, 1e-3, 20, 0.98, 1.0, 50, 0.1, 1),
            new TrainConfig(150, 8, 1e-3, 20, 0.98, 1.0, 50, 0.1, 2),
            new TrainConfig(60, 8, 5e-4, 10, 0.95, 1.0, 30, 0.0, 3),
            SamplerSpec.ddim(20), 3.0, 4, 8, Prediction.V),
    /**
     * 32x32, a small U-Net (base 32, mult (1, 2, 2), one residual block per level, attention at
     * 16x16 and in the bottleneck: 1.18M parameters), 2500/2000/1500 steps of batch 8 at lr 1e-3
     * (5e-4 for fine-tuning) with an EMA whose memory fits the run, DDIM 50 steps, 100 pairs per
     * class: the profile whose three stages fit a user's afternoon on two cores (this project's
     * choice; measured in {@code bench/RESULTS.md}, sitting 8). GroupNorm with 8 groups, not 32:
     * with 32 groups on 32 channels every norm is an instance norm that erases each channel's mean,
     * and samples came out with a random global colour (masks with a random foreground share).
     */
    STANDARD(new UNetConfig(32, 3, 3, 32, new int[] {1, 2, 2}, 1, new int[] {16}, 4, 32, 8, 0, GateMode.NONE,
            new int[] {16, 32, 64}), 1000,
            new TrainConfig(2500, 8, 1e-3, 100, 0.996, 1.0, 250, 0.1, 1),
            new TrainConfig(2000, 8, 1e-3, 100, 0.995, 1.0, 250, 0.1, 2),
            new TrainConfig(1500, 8, 5e-4, 100, 0.993, 1.0, 250, 0.0, 3),
            SamplerSpec.ddim(50), 3.0, 100, 16, Prediction.V),
    /** 64x64, ref-m U-Net (17.09M), 6000/4000/2000 steps of batch 16, DDIM 50 steps, 100 pairs per class. */
    CPU(UNetConfig.reference(64, 64), 1000,
            new TrainConfig(6000, 16, 1e-4, 500, 0.995, 1.0, 250, 0.1, 1),
            new TrainConfig(4000, 16, 1e-4, 500, 0.995, 1.0, 250, 0.1, 2),
            new TrainConfig(2000, 16, 1e-4, 200, 0.995, 1.0, 250, 0.0, 3),
            SamplerSpec.ddim(50), 3.0, 100, 16, Prediction.V),
    /**
     * 128x128 (paper, Sec. IV-A): T = 1000, 30,000 steps at lr 1e-4 with 5,000 warm-up steps, EMA
     * 0.995, 4 heads of d_h 32, Adam, 500 pairs per class, all stated in Sec. IV-A; the 48.4M
     * U-Net layout matches the paper's 48.3M count (Sec. I) but is this project's reconstruction;
     * batch 16, 10,000 fine-tuning steps, ancestral DDPM sampling over all T steps and guidance 3
     * are this project's choices (the paper does not state them).
     */
    PAPER(new UNetConfig(128, 3, 3, 128, new int[] {1, 1, 2, 2, 4}, 1, new int[] {16}, 4, 32, 32, 0, GateMode.NONE,
            new int[] {16, 32, 64}), 1000,
            TrainConfig.paper(30000, 16, 1),
            TrainConfig.paper(30000, 16, 2),
            new TrainConfig(10000, 16, 1e-4, 1000, 0.995, 1.0, 1000, 0.0, 3),
            SamplerSpec.ddpm(), 3.0, 500, 16, Prediction.EPS);

    private final UNetConfig imageNet;
    private final int diffusionSteps;
    private final TrainConfig imageTraining;
    private final TrainConfig maskTraining;
    private final TrainConfig fineTuning;
    private final SamplerSpec sampler;
    private final double guidance;
    private final int perClass;
    private final int sampleBatch;
    private final Prediction maskPrediction;

    DiffusionProfile(UNetConfig imageNet, int diffusionSteps, TrainConfig imageTraining, TrainConfig maskTraining,
                     TrainConfig fineTuning, SamplerSpec sampler, double guidance, int perClass, int sampleBatch,
                     Prediction maskPrediction) {
        this.imageNet = imageNet;
        this.diffusionSteps = diffusionSteps;
        this.imageTraining = imageTraining;
        this.maskTraining = maskTraining;
        this.fineTuning = fineTuning;
        this.sampler = sampler;
        this.guidance = guidance;
        this.perClass = perClass;
        this.sampleBatch = sampleBatch;
        this.maskPrediction = maskPrediction;
    }

    /** The profile by its lower-case name ({@code quick}, {@code standard}, {@code cpu}, {@code paper}). */
    public static DiffusionProfile parse(String name) {
        for (DiffusionProfile p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown profile '" + name + "': expected quick, standard, cpu or paper");
    }

    /** Image side in pixels. */
    public int imageSize() {
        return imageNet.imageSize();
    }

    /** G_I's network (3 channels, unconditioned). */
    public UNetConfig imageNet() {
        return imageNet;
    }

    /** G_M's network for {@code classes} defect classes (1 channel, class embedding). */
    public UNetConfig maskNet(int classes) {
        return imageNet.withChannels(1).withClasses(classes).withPrediction(maskPrediction);
    }

    /**
     * What G_M predicts: the noise in {@code paper} (Ho et al., as the paper's DDPMs), the
     * velocity in the other profiles (this project's choice, {@code bench/RESULTS.md} sitting 16:
     * on masks of a few pixels at 32x32 a noise-predicting G_M left 40-75% of its masks empty,
     * speckled or covering the image after 1000 steps, a velocity-predicting one few).
     */
    public Prediction maskPrediction() {
        return maskPrediction;
    }

    /** The fine-tuned G_I's network with gates {@code mode}. */
    public UNetConfig gatedImageNet(GateMode mode) {
        return imageNet.withGateMode(mode);
    }

    /**
     * The noise schedule: T from the profile (the paper: 1000, Sec. IV-A), linear 1e-4..0.02 as
     * DDPM (Ho et al. 2020); the paper does not state its schedule.
     */
    public NoiseSchedule schedule() {
        return NoiseSchedule.linear(diffusionSteps);
    }

    /** Training of G_I on normal images. */
    public TrainConfig imageTraining() {
        return imageTraining;
    }

    /** Training of G_M on labelled masks. */
    public TrainConfig maskTraining() {
        return maskTraining;
    }

    /** Fine-tuning of G_I with gated cross-attention on defective pairs. */
    public TrainConfig fineTuning() {
        return fineTuning;
    }

    /** The sampler of synthesis. */
    public SamplerSpec sampler() {
        return sampler;
    }

    /** Classifier-free guidance scale of G_M. */
    public double guidance() {
        return guidance;
    }

    /** Synthesized pairs per defect class. */
    public int perClass() {
        return perClass;
    }

    /** Samples per sampler batch. */
    public int sampleBatch() {
        return sampleBatch;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
