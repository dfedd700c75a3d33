package org.dadda.diffusion.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of a DDPM training run (paper, Sec. IV-A: Adam, lr 1e-4, 5,000 warm-up steps,
 * EMA 0.995).
 *
 * @param steps           optimizer steps in total
 * @param batchSize       samples per step
 * @param lr              peak learning rate of Adam
 * @param warmupSteps     steps of linear learning-rate warm-up
 * @param emaDecay        decay of the exponential moving average of the weights
 * @param gradClip        maximum global gradient norm (0 disables clipping)
 * @param checkpointEvery steps between checkpoints (0: only at the end)
 * @param pUncond         probability of replacing a class label by the null class (classifier-free guidance)
 * @param seed            seed of the step randomness (timesteps, noise, label dropping)
 */
public record TrainConfig(long steps, int batchSize, double lr, long warmupSteps, double emaDecay, double gradClip,
                          long checkpointEvery, double pUncond, long seed) {

    /** Validates the settings. */
    public TrainConfig {
        if (steps < 0 || batchSize < 1 || !(lr > 0) || warmupSteps < 0 || !(emaDecay >= 0 && emaDecay < 1) || !(gradClip >= 0)
                || checkpointEvery < 0 || !(pUncond >= 0 && pUncond < 1)) {
            throw new IllegalArgumentException("TrainConfig invalid: " + toMapUnchecked(steps, batchSize, lr, warmupSteps,
                    emaDecay, gradClip, checkpointEvery, pUncond, seed));
        }
    }

    /** The paper's optimisation settings for {@code steps} steps of {@code batchSize}. */
    public static TrainConfig paper(long steps, int batchSize, long seed) {
        return new TrainConfig(steps, batchSize, 1e-4, 5000, 0.995, 1.0, 1000, 0.1, seed);
    }

    /** The same settings with {@code n} total steps. */
    public TrainConfig withSteps(long n) {
        return new TrainConfig(n, batchSize, lr, warmupSteps, emaDecay, gradClip, checkpointEvery, pUncond, seed);
    }

    /** The same settings with checkpoints every {@code k} steps. */
    public TrainConfig withCheckpointEvery(long k) {
        return new TrainConfig(steps, batchSize, lr, warmupSteps, emaDecay, gradClip, k, pUncond, seed);
    }

    /** The same settings with seed {@code s}. */
    public TrainConfig withSeed(long s) {
        return new TrainConfig(steps, batchSize, lr, warmupSteps, emaDecay, gradClip, checkpointEvery, pUncond, s);
    }

    /** As a JSON-ready map. */
    public Map<String, Object> toMap() {
        return toMapUnchecked(steps, batchSize, lr, warmupSteps, emaDecay, gradClip, checkpointEvery, pUncond, seed);
    }

    private static Map<String, Object> toMapUnchecked(long steps, int batchSize, double lr, long warmupSteps, double emaDecay,
                                                      double gradClip, long checkpointEvery, double pUncond, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("steps", steps);
        m.put("batchSize", batchSize);
        m.put("lr", lr);
        m.put("warmupSteps", warmupSteps);
        m.put("emaDecay", emaDecay);
        m.put("gradClip", gradClip);
        m.put("checkpointEvery", checkpointEvery);
        m.put("pUncond", pUncond);
        m.put("seed", seed);
        return m;
    }
}
