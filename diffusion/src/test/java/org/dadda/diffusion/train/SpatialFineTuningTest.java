package org.dadda.diffusion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.sample.Sampler;
import org.dadda.diffusion.sample.SamplerSpec;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.Conditioning;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The point of the spatial path: after fine-tuning a trained tiny G_I with it, the mask decides
 * where the defect appears. Grey textured images; a defective one has a bright rectangle exactly
 * where its mask is. Same noise, two masks: the samples must differ where the masks are and
 * (almost) not elsewhere, and be bright inside their own mask.
 *
 * <p>Sized to run in about 25 s on two idle cores (55 s when they are shared three ways); at
 * these step counts the measured contrast is about 20x against the asserted 3x.
 */
class SpatialFineTuningTest {
    private static final int S = 16;
    private static final GaussianDiffusion DIFFUSION = new GaussianDiffusion(NoiseSchedule.linear(1000));

    /** A rectangle mask {@code [1, 1, S, S]} covering rows {@code y0..y1-1} and columns {@code x0..x1-1}. */
    private static float[] rect(int y0, int y1, int x0, int x1) {
        float[] m = new float[S * S];
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                m[y * S + x] = 1f;
            }
        }
        return m;
    }

    /** {@code n} textured grey images; the first {@code defective} carry a bright rectangle at a random mask. */
    private static Tensor[] data(int n, int defective, long seed) {
        Rng rng = new Rng(seed);
        float[] img = new float[n * S * S];
        float[] mask = new float[n * S * S];
        for (int i = 0; i < n; i++) {
            float[] m = new float[S * S];
            if (i < defective) {
                int h = 4 + rng.nextInt(4);
                int w = 4 + rng.nextInt(4);
                int y0 = rng.nextInt(S - h + 1);
                int x0 = rng.nextInt(S - w + 1);
                m = rect(y0, y0 + h, x0, x0 + w);
            }
            for (int p = 0; p < S * S; p++) {
                double v = m[p] > 0 ? 0.8 : -0.4;
                img[i * S * S + p] = (float) (v + 0.05 * rng.nextGaussian());
                mask[i * S * S + p] = m[p];
            }
        }
        return new Tensor[] {Tensor.fromArray(img, n, 1, S, S), Tensor.fromArray(mask, n, 1, S, S)};
    }

    @Test
    void maskDecidesWhereTheDefectGoes() throws Exception {
        long start = System.nanoTime();
        UNetConfig base = UNetConfig.tiny(S, 1, 8);
        Tensor[] all = data(96, 64, 1);
        DdpmTrainer pre = new DdpmTrainer(new AttentionUNet(base, 2), DIFFUSION, new TrainConfig(200, 16, 2e-3, 20, 0.98, 1.0,
                0, 0, 3)).progressTo(null);
        pre.train(new TensorDataset(all[0], null, null, 4), null);
        long pretrained = System.nanoTime();
        Tensor[] pairs = data(64, 64, 5);
        GatedFineTuner ft = new GatedFineTuner(pre.emaModel(), Conditioning.SPATIAL, GateMode.NONE, DIFFUSION,
                new TrainConfig(150, 16, 2e-3, 20, 0.95, 1.0, 0, 0, 6), 7);
        ft.trainer().progressTo(null);
        AttentionUNet tuned = ft.train(new TensorDataset(pairs[0], null, pairs[1], 8), null);
        assertEquals(Conditioning.SPATIAL, tuned.config().conditioning());
        long fineTuned = System.nanoTime();

        int n = 4;
        float[] a = rect(2, 7, 2, 8);
        float[] b = rect(9, 14, 8, 14);
        float[] masks = new float[2 * n * S * S];
        long[] seeds = new long[2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, 0, masks, i * S * S, S * S);
            System.arraycopy(b, 0, masks, (n + i) * S * S, S * S);
            seeds[i] = 100 + i;
            seeds[n + i] = 100 + i;
        }
        Sampler sampler = SamplerSpec.ddim(20).create(DIFFUSION);
        float[] x = sampler.sample(tuned.epsModel(null, Tensor.fromArray(masks, 2 * n, 1, S, S)), new int[] {2 * n, 1, S, S},
                NoiseSource.ofSeeds(seeds)).toArray();
        long sampled = System.nanoTime();

        boolean[] union = new boolean[S * S];
        for (int p = 0; p < S * S; p++) {
            union[p] = a[p] > 0 || b[p] > 0;
        }
        boolean[] near = dilate(union, 2);
        double in = 0;
        double out = 0;
        double brightA = 0;
        double brightB = 0;
        int nIn = 0;
        int nOut = 0;
        int nA = 0;
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < S * S; p++) {
                float xa = x[i * S * S + p];
                float xb = x[(n + i) * S * S + p];
                double d = Math.abs(xa - xb);
                if (union[p]) {
                    in += d;
                    nIn++;
                } else if (!near[p]) {
                    out += d;
                    nOut++;
                }
                if (a[p] > 0) {
                    brightA += xa;
                    brightB += xb;
                    nA++;
                }
            }
        }
        in /= nIn;
        out /= nOut;
        brightA /= nA;
        brightB /= nA;
        System.out.printf(Locale.ROOT, "spatial fine-tuning: |xA - xB| inside A+B %.3f, outside its dilation %.3f (%.1fx); "
                        + "inside A: mask-A sample %.3f, mask-B sample %.3f; pre-train %.1f s, fine-tune %.1f s, sample %.1f s%n",
                in, out, in / out, brightA, brightB, (pretrained - start) / 1e9, (fineTuned - pretrained) / 1e9,
                (sampled - fineTuned) / 1e9);
        assertTrue(in >= 3 * out, "difference inside the masks " + in + " vs outside " + out);
        assertTrue(brightA > brightB + 0.4, "inside A the mask-A sample must be the bright one: " + brightA + " vs " + brightB);
    }

    private static boolean[] dilate(boolean[] m, int r) {
        boolean[] out = new boolean[S * S];
        for (int y = 0; y < S; y++) {
            for (int x = 0; x < S; x++) {
                if (!m[y * S + x]) {
                    continue;
                }
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int yy = y + dy;
                        int xx = x + dx;
                        if (yy >= 0 && yy < S && xx >= 0 && xx < S) {
                            out[yy * S + xx] = true;
                        }
                    }
                }
            }
        }
        return out;
    }
}
