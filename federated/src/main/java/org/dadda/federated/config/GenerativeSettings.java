package org.dadda.federated.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dadda.diffusion.profile.DiffusionProfile;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.Prediction;
import org.dadda.diffusion.sample.SamplerSpec;
import org.dadda.diffusion.train.TrainConfig;
import org.dadda.diffusion.unet.Conditioning;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;

/**
 * The generative side of a run: G_I's network (G_M is the same on one channel with a class
 * embedding), the noise schedule, the trainings of G_I and G_M on the server and of the gated G_I
 * on the node, and how synthesis samples. For the named profiles these are the diffusion module's
 * {@link DiffusionProfile} settings (the paper's for {@code paper}: T = 1000, 30,000 steps, lr 1e-4,
 * 5,000 warm-up steps, EMA 0.995, 4 heads of d_h 32); {@code tiny:N} is a small network trained for
 * N steps, for tests.
 *
 * @param imageNet G_I's network (3 channels, unconditioned)
 * @param diffusionSteps T
 * @param imageTraining training of G_I (its seed is offset by the run's)
 * @param maskTraining training of G_M
 * @param fineTuning gated fine-tuning of G_I on the node
 * @param maskSampler sampler of G_M
 * @param imageSampler sampler of the gated G_I
 * @param guidance classifier-free guidance scale of G_M
 * @param sampleBatch samples per sampler batch (does not change the results)
 * @param gateMode gates of the paper's path in the fine-tuned G_I (the paper's full module: both;
 *     Table IV's ablation: defect, normal, none)
 * @param conditioning how the fine-tuned G_I sees the mask: paper, spatial or both (see {@link Profile});
 *     with spatial alone the gate mode is none (there is no paper path to gate)
 * @param maskPrediction what G_M predicts (see {@link DiffusionProfile#maskPrediction})
 */
public record GenerativeSettings(UNetConfig imageNet, int diffusionSteps, TrainConfig imageTraining, TrainConfig maskTraining,
                                 TrainConfig fineTuning, SamplerSpec maskSampler, SamplerSpec imageSampler, double guidance,
                                 int sampleBatch, GateMode gateMode, Conditioning conditioning, Prediction maskPrediction) {

    /**
     * The settings of {@code p}.
     *
     * @throws IllegalArgumentException when the diffusion profile is unknown or works at another resolution
     */
    public static GenerativeSettings of(Profile p) {
        String d = p.diffusion().toLowerCase(Locale.ROOT);
        if (d.startsWith("tiny:")) {
            long steps;
            try {
                steps = Long.parseLong(d.substring(5));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("diffusion 'tiny:N' needs a step count N, got '" + p.diffusion() + "'");
            }
            return tiny(p.resolution(), steps).conditionedAs(p);
        }
        DiffusionProfile dp = DiffusionProfile.parse(d);
        if (dp.imageSize() != p.resolution()) {
            throw new IllegalArgumentException("diffusion profile " + dp + " works at " + dp.imageSize() + "x" + dp.imageSize()
                    + ", profile '" + p.name() + "' at " + p.resolution());
        }
        SamplerSpec sampler = stochastic(dp.sampler());
        return new GenerativeSettings(dp.imageNet(), dp.schedule().steps(), dp.imageTraining(), dp.maskTraining(), dp.fineTuning(),
                sampler, sampler, dp.guidance(), dp.sampleBatch(), GateMode.BOTH, Conditioning.PAPER, dp.maskPrediction())
                .conditionedAs(p);
    }

    /** These settings with the profile's conditioning and gate mode. */
    private GenerativeSettings conditionedAs(Profile p) {
        Conditioning c = Conditioning.parse(p.conditioning());
        return new GenerativeSettings(imageNet, diffusionSteps, imageTraining, maskTraining, fineTuning, maskSampler, imageSampler,
                guidance, sampleBatch, c.hasPaperPath() ? GateMode.parse(p.gateMode()) : GateMode.NONE, c, maskPrediction);
    }

    /** These settings with G_I (and so G_M's width) on {@code channels} image channels: 1 for a grayscale category. */
    public GenerativeSettings withImageChannels(int channels) {
        return new GenerativeSettings(imageNet.withChannels(channels), diffusionSteps, imageTraining, maskTraining, fineTuning,
                maskSampler, imageSampler, guidance, sampleBatch, gateMode, conditioning, maskPrediction);
    }

    /**
     * DDIM with fresh noise at every step ({@code eta = 1}) instead of the deterministic
     * {@code eta = 0}: the quick and cpu profiles train for only hundreds or thousands of steps,
     * and for such models deterministic DDIM returns noise where stochastic sampling over the
     * same steps returns the object (seen on this project's data at 16 and 32 pixels). DDPM
     * (the paper profile) is unchanged.
     */
    static SamplerSpec stochastic(SamplerSpec s) {
        return s.kind().equals("ddim") ? new SamplerSpec("ddim", s.steps(), 1.0, s.clip()) : s;
    }

    /**
     * Small networks (width 16, two levels) trained for {@code steps} steps at lr 1e-3, fine-tuned
     * for a third of them, sampled with 25 stochastic DDIM steps: what a test can afford. The EMA
     * decay is short enough to forget the random start within the run.
     */
    static GenerativeSettings tiny(int size, long steps) {
        long fine = Math.max(1, steps / 3);
        TrainConfig image = new TrainConfig(steps, 16, 1e-3, Math.min(50, steps / 8), ema(steps), 1.0, 0, 0.1, 1);
        TrainConfig mask = new TrainConfig(steps, 16, 1e-3, Math.min(50, steps / 8), ema(steps), 1.0, 0, 0.1, 2);
        TrainConfig tune = new TrainConfig(fine, 16, 1e-3, Math.min(20, fine / 4), ema(fine), 1.0, 0, 0.0, 3);
        SamplerSpec sampler = new SamplerSpec("ddim", 25, 1.0, true);
        return new GenerativeSettings(UNetConfig.tiny(size, 3, 16), 200, image, mask, tune, sampler, sampler, 2.0, 16, GateMode.BOTH,
                Conditioning.PAPER, Prediction.V);
    }

    /** An EMA decay whose memory ({@code decay^steps}) falls below {@code e^-10} within {@code steps} steps. */
    private static double ema(long steps) {
        return Math.max(0, Math.min(0.995, 1 - 10.0 / Math.max(1, steps)));
    }

    /** G_M's network for {@code classes} defect classes. */
    public UNetConfig maskNet(int classes) {
        return imageNet.withChannels(1).withClasses(classes).withPrediction(maskPrediction);
    }

    /** The noise schedule (linear, as DDPM and the paper). */
    public NoiseSchedule schedule() {
        return NoiseSchedule.linear(diffusionSteps);
    }

    /** {@code c} with its seed offset by the run's {@code seed}. */
    public static TrainConfig seeded(TrainConfig c, long seed) {
        return c.withSeed(c.seed() + seed);
    }

    /**
     * What the server's training reads of these settings (the networks, the schedule, the two
     * trainings): the key of stage 2, so that a change to fine-tuning or sampling does not retrain
     * G_I and G_M.
     */
    public Map<String, Object> serverMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image_net", imageNet.toMap());
        m.put("diffusion_steps", diffusionSteps);
        m.put("schedule", schedule().toString());
        m.put("image_training", imageTraining.toMap());
        m.put("mask_training", maskTraining.toMap());
        if (maskPrediction != Prediction.EPS) {
            // Runs made before the choice existed keep their stage key.
            m.put("mask_prediction", maskPrediction.key());
        }
        return m;
    }

    /** As plain JSON values (what the release records). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = serverMap();
        m.put("fine_tuning", fineTuning.toMap());
        m.put("mask_sampler", maskSampler.toMap());
        m.put("image_sampler", imageSampler.toMap());
        m.put("guidance", guidance);
        m.put("gate_mode", gateMode.name().toLowerCase(Locale.ROOT));
        m.put("conditioning", conditioning.name().toLowerCase(Locale.ROOT));
        return m;
    }
}
