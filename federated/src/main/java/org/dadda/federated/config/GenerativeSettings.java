package org.dadda.federated.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.train.TrainConfig;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;

/**
 * The diffusion side of a profile: the shapes of G_I and G_M, the noise schedule, how long the
 * server trains them and the node fine-tunes G_I, and how samples are drawn. The paper's settings
 * (Sec. IV-A): T = 1000, 30,000 steps at lr 1e-4 with 5,000 warm-up steps, EMA 0.995, attention
 * of 4 heads of d_h = 32, 500 synthesized pairs per defect type.
 *
 * @param imageNet G_I's network (3 channels, unconditioned; fine-tuning adds the gates)
 * @param maskNet G_M's network (1 channel; the class count is set from the uploads)
 * @param diffusionSteps T
 * @param trainSteps optimizer steps of G_I and of G_M on the server
 * @param fineTuneSteps optimizer steps of the gated fine-tuning on the node
 * @param batchSize diffusion training batch size
 * @param lr Adam learning rate
 * @param warmupSteps linear warm-up steps
 * @param emaDecay EMA decay of the weights that are published and sampled
 * @param pUncond probability of dropping G_M's class label in training (classifier-free guidance)
 * @param guidance guidance weight w when sampling masks
 * @param samplerSteps DDIM steps when sampling (T for ancestral DDPM-equivalent sampling with eta 1)
 * @param eta DDIM stochasticity (0 deterministic, 1 DDPM-like); 1 everywhere: a model trained for
 *     a few hundred steps gives noise under deterministic DDIM but recognisable samples with
 *     fresh noise at every step
 * @param gateMode gated cross-attention variant of the fine-tuned G_I (the paper: both gates)
 */
public record GenerativeSettings(UNetConfig imageNet, UNetConfig maskNet, int diffusionSteps, long trainSteps, long fineTuneSteps,
                                 int batchSize, double lr, long warmupSteps, double emaDecay, double pUncond, double guidance,
                                 int samplerSteps, double eta, GateMode gateMode) {

    /** The settings of a profile at its resolution. */
    public static GenerativeSettings of(Profile p) {
        int s = p.resolution();
        long steps = p.diffusionTrainSteps();
        long fine = Math.max(1, steps / 3);
        return switch (p.name()) {
            case "paper" -> new GenerativeSettings(UNetConfig.reference(s, 64), UNetConfig.reference(s, 64).withChannels(1), 1000,
                    steps, fine, 16, 1e-4, Math.min(5_000, steps / 6), 0.995, 0.1, 2.0, 1000, 1.0, GateMode.BOTH);
            case "cpu" -> new GenerativeSettings(small(s, 32), small(s, 32).withChannels(1), 1000, steps, fine, 16, 2e-4,
                    Math.min(400, steps / 10), 0.995, 0.1, 2.0, 100, 1.0, GateMode.BOTH);
            default -> new GenerativeSettings(UNetConfig.tiny(s, 3, 16), UNetConfig.tiny(s, 1, 16), 200, steps, fine, 16, 1e-3,
                    Math.min(50, steps / 8), 0.99, 0.1, 2.0, 25, 1.0, GateMode.BOTH);
        };
    }

    /** Three levels with attention at a quarter of the resolution, 4 heads of 32 as in the paper. */
    private static UNetConfig small(int size, int base) {
        return new UNetConfig(size, 3, 3, base, new int[] {1, 2, 2}, 1, new int[] {size / 4}, 4, 32, 16, 0, GateMode.NONE,
                new int[] {16, 32, 64});
    }

    /** The noise schedule (linear, as DDPM). */
    public NoiseSchedule schedule() {
        return NoiseSchedule.linear(diffusionSteps);
    }

    /** The training settings of the server's models with {@code seed}. */
    public TrainConfig serverTraining(long seed) {
        return new TrainConfig(trainSteps, batchSize, lr, warmupSteps, ema(trainSteps), 1.0, 0, pUncond, seed);
    }

    /** The training settings of the node's fine-tuning with {@code seed}. */
    public TrainConfig fineTuning(long seed) {
        return new TrainConfig(fineTuneSteps, batchSize, lr, Math.min(warmupSteps, fineTuneSteps / 4), ema(fineTuneSteps), 1.0, 0, 0,
                seed);
    }

    /**
     * The EMA decay of a training of {@code steps} steps: the profile's, but short enough that the
     * average forgets its random starting point ({@code decay^steps} below {@code e^-10}); the
     * paper's 0.995 over 30,000 steps is far inside that bound, a 200-step quick run is not.
     */
    double ema(long steps) {
        return Math.max(0, Math.min(emaDecay, 1 - 10.0 / Math.max(1, steps)));
    }

    /** As plain JSON values (what the release records). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_net", imageNet.toMap());
        m.put("mask_net", maskNet.toMap());
        m.put("diffusion_steps", diffusionSteps);
        m.put("schedule", schedule().toString());
        m.put("train_steps", trainSteps);
        m.put("fine_tune_steps", fineTuneSteps);
        m.put("batch_size", batchSize);
        m.put("lr", lr);
        m.put("warmup_steps", warmupSteps);
        m.put("ema_decay", emaDecay);
        m.put("p_uncond", pUncond);
        m.put("guidance", guidance);
        m.put("sampler", "ddim(S=" + samplerSteps + ", eta=" + eta + ")");
        m.put("gate_mode", gateMode.name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
