package org.dadda.diffusion.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.ToyPatterns;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.cpu.support.KernelConfig;

/**
 * A short, seeded DDPM training of a small class-conditioned attention U-Net (GroupNorm, SiLU,
 * self-attention, stride-2 and upsampling convolutions, Adam, gradient clipping, EMA), used to
 * check that training is bit-for-bit reproducible. {@link #main} runs it in a fresh JVM and prints
 * a digest of the final weights, so that JVMs with different JIT settings can be compared.
 */
public final class UNetTrainingRun {
    /** Base width 16 so that every activation row fills whole 512-bit vectors as well as tails. */
    private static final UNetConfig CONFIG = UNetConfig.tiny(ToyPatterns.SIZE, 1, 16).withClasses(2);
    private static final GaussianDiffusion DIFFUSION = new GaussianDiffusion(NoiseSchedule.linear(100));
    private static final int BATCH = 4;

    private UNetTrainingRun() {
    }

    /** The live weights (and EMA weights, prefixed {@code ema.}) after {@code steps} steps from the fixed seeds. */
    public static LinkedHashMap<String, float[]> train(int steps) {
        TrainConfig cfg = new TrainConfig(steps, BATCH, 2e-3, 2, 0.9, 1.0, 0, 0.3, 17);
        TensorDataset data = new TensorDataset(ToyPatterns.dataset(2, 4), ToyPatterns.labels(2, 4), null, 5);
        DdpmTrainer trainer = new DdpmTrainer(new AttentionUNet(CONFIG, 3), DIFFUSION, cfg).progressTo(null);
        for (int s = 0; s < steps; s++) {
            trainer.trainStep(data.batch(s, BATCH));
        }
        LinkedHashMap<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : trainer.model().stateDict().entrySet()) {
            out.put(e.getKey(), e.getValue().toArray());
        }
        for (Map.Entry<String, Tensor> e : trainer.ema().stateDict().entrySet()) {
            out.put("ema." + e.getKey(), e.getValue().toArray());
        }
        return out;
    }

    /**
     * The first tensor of {@code a} whose raw float bits differ from {@code b}'s, with the element
     * and both values, or null when every bit is the same.
     */
    public static String firstDifference(Map<String, float[]> a, Map<String, float[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return "different tensors: " + a.keySet() + " vs " + b.keySet();
        }
        for (Map.Entry<String, float[]> e : a.entrySet()) {
            float[] x = e.getValue();
            float[] y = b.get(e.getKey());
            if (x.length != y.length) {
                return e.getKey() + ": length " + x.length + " vs " + y.length;
            }
            for (int i = 0; i < x.length; i++) {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
                    return e.getKey() + "[" + i + "]: " + x[i] + " vs " + y[i] + " (difference " + (x[i] - y[i]) + ")";
                }
            }
        }
        return null;
    }

    /** FNV-1a over the names and raw float bits of every tensor, in order. */
    public static long digest(Map<String, float[]> state) {
        long h = 0xcbf29ce484222325L;
        for (Map.Entry<String, float[]> e : state.entrySet()) {
            for (char c : e.getKey().toCharArray()) {
                h = (h ^ c) * 0x100000001b3L;
            }
            for (float v : e.getValue()) {
                h = (h ^ Float.floatToRawIntBits(v)) * 0x100000001b3L;
            }
        }
        return h;
    }

    /** Prints {@code digest=<hex> simd=<bool>} for the weights after {@code args[0]} steps. */
    public static void main(String[] args) {
        int steps = Integer.parseInt(args[0]);
        System.out.println("digest=" + Long.toHexString(digest(train(steps))) + " simd=" + KernelConfig.simdEnabled());
    }
}
