package org.dadda.diffusion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.diffusion.Prediction;
import org.dadda.diffusion.ToyPatterns;
import org.dadda.diffusion.sample.DdimSampler;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.synth.MaskModel;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.diffusion.unet.GateMode;
import org.dadda.diffusion.unet.UNetConfig;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Tiny DDPMs that must learn a toy distribution: proof that training and sampling work together. */
class DdpmLearningTest {
    static final UNetConfig TINY = new UNetConfig(8, 1, 1, 16, new int[] {1, 2}, 1, new int[] {4}, 2, 8, 8, 0, GateMode.NONE,
            new int[] {4, 8, 8});
    static final GaussianDiffusion DIFFUSION = new GaussianDiffusion(NoiseSchedule.linear(1000));

    private static double fractionNear(Tensor samples, int count, double maxMse) {
        double[][] nn = ToyPatterns.nearest(samples, count);
        return Arrays.stream(nn).filter(r -> r[1] < maxMse).count() / (double) nn.length;
    }

    @Test
    void unconditionalModelLearnsThePatterns() throws Exception {
        AttentionUNet net = new AttentionUNet(TINY, 3);
        DdimSampler sampler = new DdimSampler(DIFFUSION, 25, 0, true);
        int n = 32;
        double before = fractionNear(sampler.sample(net.epsModel(), new int[] {n, 1, 8, 8}, NoiseSource.sequential(5, 0, n)),
                ToyPatterns.COUNT, 0.1);
        TensorDataset data = new TensorDataset(ToyPatterns.dataset(ToyPatterns.COUNT, 16), null, null, 1);
        DdpmTrainer trainer = new DdpmTrainer(net, DIFFUSION, new TrainConfig(500, 16, 2e-3, 20, 0.98, 1.0, 0, 0, 7))
                .progressTo(null);
        trainer.train(data, null);
        Tensor samples = sampler.sample(trainer.emaModel().epsModel(), new int[] {n, 1, 8, 8}, NoiseSource.sequential(5, 0, n));
        double after = fractionNear(samples, ToyPatterns.COUNT, 0.1);
        double[][] nn = ToyPatterns.nearest(samples, ToyPatterns.COUNT);
        int[] hist = new int[ToyPatterns.COUNT];
        for (double[] r : nn) {
            hist[(int) r[0]]++;
        }
        double[] mses = Arrays.stream(nn).mapToDouble(r -> r[1]).sorted().toArray();
        System.out.println("toy DDPM: near fraction before " + before + ", after " + after + ", pattern histogram "
                + Arrays.toString(hist));
        assertTrue(before < 0.1, "an untrained model must not already produce the patterns: " + before);
        assertTrue(after >= 0.7, "samples near a training pattern: " + after);
        assertTrue(mses[n / 2] < 0.03, "median distance to the nearest pattern: " + mses[n / 2]);
        assertTrue(Arrays.stream(hist).filter(h -> h > 0).count() >= 3, "mode collapse: " + Arrays.toString(hist));
    }

    @ParameterizedTest
    @EnumSource(Prediction.class)
    void conditionalModelGeneratesTheRequestedClassAndGuidanceZeroIsUnconditional(Prediction prediction) throws Exception {
        int classes = 3;
        int copies = 12;
        AttentionUNet net = new AttentionUNet(TINY.withClasses(classes).withPrediction(prediction), 4);
        TensorDataset data = new TensorDataset(ToyPatterns.dataset(classes, copies), ToyPatterns.labels(classes, copies), null, 2);
        DdpmTrainer trainer = new DdpmTrainer(net, DIFFUSION, new TrainConfig(500, 16, 2e-3, 20, 0.98, 1.0, 0, 0.2, 8))
                .progressTo(null);
        trainer.train(data, null);
        MaskModel gm = new MaskModel(trainer.emaModel());
        DdimSampler sampler = new DdimSampler(DIFFUSION, 25, 0, true);
        int per = 8;
        int[] want = new int[classes * per];
        for (int i = 0; i < want.length; i++) {
            want[i] = i / per;
        }
        Tensor samples = gm.sample(want, 3.0, sampler, NoiseSource.sequential(9, 0, want.length));
        double[][] nn = ToyPatterns.nearest(samples, ToyPatterns.COUNT);
        int hits = 0;
        for (int i = 0; i < want.length; i++) {
            if ((int) nn[i][0] == want[i] && nn[i][1] < 0.1) {
                hits++;
            }
        }
        System.out.println("toy conditional DDPM (" + prediction.key() + "): " + hits + " of " + want.length + " samples are the requested pattern");
        assertTrue(hits >= 0.75 * want.length, hits + " of " + want.length + " samples are the requested pattern");

        // Guidance scale 0 is the unconditional (null-class) model, whatever class is asked for.
        NoiseSource a = NoiseSource.sequential(10, 0, 4);
        NoiseSource b = NoiseSource.sequential(10, 0, 4);
        Tensor guided0 = sampler.sample(gm.guidedEps(new int[] {0, 1, 2, 0}, 0, DIFFUSION), new int[] {4, 1, 8, 8}, a);
        Tensor uncond = sampler.sample(prediction.asEps(DIFFUSION, gm.unconditional()), new int[] {4, 1, 8, 8}, b);
        assertArrayEquals(uncond.toArray(), guided0.toArray(), 1e-4f);
        Tensor guided1 = sampler.sample(gm.guidedEps(new int[] {0, 1, 2, 0}, 1, DIFFUSION), new int[] {4, 1, 8, 8},
                NoiseSource.sequential(10, 0, 4));
        Tensor cond = sampler.sample(gm.network().epsModel(DIFFUSION, new int[] {0, 1, 2, 0}, null), new int[] {4, 1, 8, 8},
                NoiseSource.sequential(10, 0, 4));
        assertArrayEquals(cond.toArray(), guided1.toArray(), 1e-4f);
        Tensor binary = MaskModel.binarize(samples);
        for (float f : binary.toArray()) {
            assertTrue(f == 0f || f == 1f);
        }
    }
}
