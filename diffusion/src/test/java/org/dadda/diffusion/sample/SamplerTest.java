package org.dadda.diffusion.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dadda.diffusion.EpsModel;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SamplerTest {

    /** The exact noise predictor for data x0 ~ N(mean, sd^2) per element: E[eps | x_t]. */
    static EpsModel gaussianOracle(NoiseSchedule s, double mean, double sd) {
        return (xt, t) -> {
            double[] a = new double[t.length];
            double[] b = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                double ab = s.alphaBar(t[i]);
                double var = ab * sd * sd + 1 - ab;
                a[i] = Math.sqrt(1 - ab) / var;
                b[i] = -Math.sqrt(1 - ab) * Math.sqrt(ab) * mean / var;
            }
            return xt.mul(GaussianDiffusion.perSample(a, xt.dim())).add(GaussianDiffusion.perSample(b, xt.dim()));
        };
    }

    private static double[] meanVar(Tensor x) {
        double m = 0;
        double q = 0;
        float[] v = x.toArray();
        for (float f : v) {
            m += f;
            q += f * f;
        }
        m /= v.length;
        return new double[] {m, q / v.length - m * m};
    }

    /**
     * With the Gaussian oracle every update is affine, {@code x_prev = K x + L + sigma z}, so the
     * exact mean and variance of the samples follow from a scalar recursion over the visited steps.
     */
    private static double[] predictedMeanVar(NoiseSchedule s, int[] steps, double eta, double mean, double sd) {
        double m = 0;
        double v = 1;
        for (int i = 0; i < steps.length; i++) {
            double a = s.alphaBar(steps[i]);
            double ap = i + 1 < steps.length ? s.alphaBar(steps[i + 1]) : 1;
            double var = a * sd * sd + 1 - a;
            double c = Math.sqrt(1 - a) / var;
            double e = -c * Math.sqrt(a) * mean;
            double sig2 = eta * eta * (1 - ap) / (1 - a) * (1 - a / ap);
            double dir = Math.sqrt(1 - ap - sig2);
            double k = Math.sqrt(ap) * (1 - Math.sqrt(1 - a) * c) / Math.sqrt(a) + dir * c;
            double l = -Math.sqrt(ap) * Math.sqrt(1 - a) * e / Math.sqrt(a) + dir * e;
            m = k * m + l;
            v = k * k * v + sig2;
        }
        return new double[] {m, v};
    }

    @Test
    void samplersMatchTheirExactStatisticsOnGaussianData() {
        NoiseSchedule coarse = NoiseSchedule.linear(200, 1e-4, 0.1);
        GaussianDiffusion d = new GaussianDiffusion(coarse);
        NoiseSchedule fine = NoiseSchedule.linear(1000);
        GaussianDiffusion df = new GaussianDiffusion(fine);
        Object[][] cases = {
            {new DdpmSampler(d, false), coarse, 1.0},
            {new DdimSampler(d, 40, 1, false), coarse, 1.0},
            {new DdimSampler(d, 40, 0, false), coarse, 0.0},
            {new DdimSampler(df, 1000, 0, false), fine, 0.0},
        };
        int n = 4000;
        for (Object[] c : cases) {
            Sampler sampler = (Sampler) c[0];
            NoiseSchedule s = (NoiseSchedule) c[1];
            double[] mv = meanVar(sampler.sample(gaussianOracle(s, 0.5, 0.3), new int[] {n, 1, 1, 1},
                    NoiseSource.sequential(7, 0, n)));
            double[] expected = predictedMeanVar(s, sampler.timesteps(), (double) c[2], 0.5, 0.3);
            assertEquals(expected[0], mv[0], 0.02, sampler.describe() + " mean");
            assertEquals(expected[1], mv[1], 0.08 * expected[1], sampler.describe() + " variance");
        }
        // The probability-flow ODE on the fine schedule lands on the data distribution N(0.5, 0.09).
        double[] ode = predictedMeanVar(fine, new DdimSampler(df, 1000, 0, false).timesteps(), 0, 0.5, 0.3);
        assertEquals(0.5, ode[0], 0.01);
        assertEquals(0.09, ode[1], 0.002);
    }

    @Test
    void ddimWithAllStepsAndEtaOneFollowsDdpm() {
        for (boolean clip : new boolean[] {false, true}) {
            NoiseSchedule s = NoiseSchedule.linear(1000);
            GaussianDiffusion d = new GaussianDiffusion(s);
            EpsModel model = (xt, t) -> xt.mul(0.4).tanh().add(Tensor.full(0.05f * (t[0] % 7), xt.shape()));
            int[] shape = {3, 1, 4, 4};
            Tensor ddpm = new DdpmSampler(d, clip).sample(model, shape, NoiseSource.sequential(11, 0, 3));
            Tensor ddim = new DdimSampler(d, 1000, 1, clip).sample(model, shape, NoiseSource.sequential(11, 0, 3));
            assertArrayEquals(ddpm.toArray(), ddim.toArray(), 2e-3f, "clip=" + clip);
            Tensor other = new DdpmSampler(d, clip).sample(model, shape, NoiseSource.sequential(12, 0, 3));
            float diff = 0;
            for (int i = 0; i < other.numel(); i++) {
                diff = Math.max(diff, Math.abs(other.toArray()[i] - ddpm.toArray()[i]));
            }
            assertTrue(diff > 0.1f, "another seed must give another sample");
        }
    }

    @Test
    void ddimSpacingStartsAtTheEndAndVisitsDistinctSteps() {
        assertArrayEquals(new int[] {999, 749, 500, 250, 0}, DdimSampler.spacing(1000, 5));
        int[] all = DdimSampler.spacing(1000, 1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals(999 - i, all[i]);
        }
        int[] fifty = DdimSampler.spacing(1000, 50);
        for (int i = 1; i < fifty.length; i++) {
            assertTrue(fifty[i] < fifty[i - 1]);
        }
        GaussianDiffusion d = new GaussianDiffusion(NoiseSchedule.linear(10));
        assertThrows(IllegalArgumentException.class, () -> new DdimSampler(d, 11, 0, true));
        assertEquals("ddim(S=5, eta=0.0)", new DdimSampler(d, 5, 0, true).describe());
    }

    @Test
    void ddimWithEtaZeroIsDeterministicGivenTheStartNoise() {
        GaussianDiffusion d = new GaussianDiffusion(NoiseSchedule.linear(100));
        EpsModel model = (xt, t) -> xt.mul(0.1);
        DdimSampler sampler = new DdimSampler(d, 10, 0, true);
        List<Integer> visited = new ArrayList<>();
        Tensor a = sampler.sample(model, new int[] {2, 1, 3, 3}, NoiseSource.ofSeeds(5, 6), (t, xt, x0) -> visited.add(t));
        Tensor b = sampler.sample(model, new int[] {2, 1, 3, 3}, NoiseSource.ofSeeds(5, 6));
        assertArrayEquals(a.toArray(), b.toArray(), 0f);
        assertEquals(10, visited.size());
        assertEquals(99, visited.get(0));
        assertEquals(0, visited.get(9));
    }

    @Test
    void noiseDependsOnlyOnTheSampleSeed() {
        Tensor together = NoiseSource.ofSeeds(1, 2, 3).next(3, 2, 2);
        Tensor alone = NoiseSource.ofSeeds(2).next(1, 2, 2);
        assertArrayEquals(alone.toArray(), together.narrow(0, 1, 1).toArray(), 0f);
        assertThrows(IllegalArgumentException.class, () -> NoiseSource.ofSeeds(1, 2).next(3, 2));
        assertTrue(NoiseSource.sampleSeed(1, 0) != NoiseSource.sampleSeed(1, 1));
    }
}
