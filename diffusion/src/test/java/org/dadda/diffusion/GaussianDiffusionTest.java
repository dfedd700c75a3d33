package org.dadda.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GaussianDiffusionTest {
    private final GaussianDiffusion d = new GaussianDiffusion(NoiseSchedule.linear(1000));

    @Test
    void qSampleIsTheClosedForm() {
        Rng rng = new Rng(1);
        Tensor x0 = Tensor.randn(rng, 3, 2, 4, 4);
        Tensor noise = Tensor.randn(rng, 3, 2, 4, 4);
        int[] t = {0, 500, 999};
        float[] xt = d.qSample(x0, t, noise).toArray();
        float[] a = x0.toArray();
        float[] n = noise.toArray();
        for (int i = 0; i < xt.length; i++) {
            int step = t[i / 32];
            double expected = Math.sqrt(d.schedule().alphaBar(step)) * a[i] + Math.sqrt(1 - d.schedule().alphaBar(step)) * n[i];
            assertEquals(expected, xt[i], 1e-5);
        }
    }

    @Test
    void qSampleMatchesIteratedSingleSteps() {
        // Composing q(x_t | x_{t-1}) over t steps has the closed-form marginal's variance.
        NoiseSchedule s = d.schedule();
        double mean = 1;
        double var = 0;
        for (int t = 0; t < 300; t++) {
            mean *= Math.sqrt(s.alpha(t));
            var = s.alpha(t) * var + s.beta(t);
        }
        assertEquals(s.sqrtAlphaBar(299), mean, 1e-12);
        assertEquals(1 - s.alphaBar(299), var, 1e-12);
    }

    @Test
    void epsAndX0RoundTrip() {
        Rng rng = new Rng(2);
        Tensor x0 = Tensor.randn(rng, 2, 1, 3, 3);
        Tensor eps = Tensor.randn(rng, 2, 1, 3, 3);
        int[] t = {10, 900};
        Tensor xt = d.qSample(x0, t, eps);
        assertArrayEquals(x0.toArray(), d.predictX0(xt, t, eps).toArray(), 2e-4f);
        assertArrayEquals(eps.toArray(), d.epsFromX0(xt, t, x0).toArray(), 2e-4f);
    }

    @Test
    void aVelocityTurnsBackIntoItsNoiseAndData() {
        Rng rng = new Rng(4);
        Tensor x0 = Tensor.randn(rng, 3, 1, 3, 3);
        Tensor eps = Tensor.randn(rng, 3, 1, 3, 3);
        int[] t = {0, 400, 999};
        Tensor xt = d.qSample(x0, t, eps);
        Tensor v = d.velocity(x0, t, eps);
        float[] va = v.toArray();
        float[] xa = x0.toArray();
        float[] ea = eps.toArray();
        for (int i = 0; i < va.length; i++) {
            int step = t[i / 9];
            double expected = Math.sqrt(d.schedule().alphaBar(step)) * ea[i] - Math.sqrt(1 - d.schedule().alphaBar(step)) * xa[i];
            assertEquals(expected, va[i], 1e-5);
        }
        assertArrayEquals(eps.toArray(), d.epsFromV(xt, t, v).toArray(), 2e-4f);
        Tensor raw = Prediction.V.asEps(d, (x, s) -> v).predictEps(xt, t);
        assertArrayEquals(eps.toArray(), raw.toArray(), 2e-4f);
        assertArrayEquals(v.toArray(), Prediction.V.target(d, x0, t, eps).toArray(), 0f);
        assertArrayEquals(eps.toArray(), Prediction.EPS.target(d, x0, t, eps).toArray(), 0f);
    }

    @Test
    void posteriorMeanIsTheClosedForm() {
        Rng rng = new Rng(3);
        Tensor x0 = Tensor.randn(rng, 2, 1, 2, 2);
        Tensor xt = Tensor.randn(rng, 2, 1, 2, 2);
        int[] t = {1, 700};
        float[] m = d.posteriorMean(x0, xt, t).toArray();
        float[] a = x0.toArray();
        float[] b = xt.toArray();
        NoiseSchedule s = d.schedule();
        for (int i = 0; i < m.length; i++) {
            int step = t[i / 4];
            double e = s.beta(step) * Math.sqrt(s.alphaBarPrev(step)) / (1 - s.alphaBar(step)) * a[i]
                    + (1 - s.alphaBarPrev(step)) * Math.sqrt(s.alpha(step)) / (1 - s.alphaBar(step)) * b[i];
            assertEquals(e, m[i], 1e-5);
        }
        float[] v = d.posteriorVariance(t, 4).toArray();
        assertEquals(s.posteriorVariance(1), v[0], 1e-9);
        assertEquals(s.posteriorVariance(700), v[1], 1e-7);
    }

    @Test
    void lossIsZeroForThePerfectPredictorAndPositiveOtherwise() {
        Rng rng = new Rng(4);
        Tensor x0 = Tensor.randn(rng, 2, 1, 4, 4);
        Tensor noise = Tensor.randn(rng, 2, 1, 4, 4);
        int[] t = {3, 400};
        EpsModel oracle = (xt, tt) -> d.epsFromX0(xt, tt, x0);
        assertEquals(0, d.loss(oracle, x0, t, noise).item(), 1e-6);
        EpsModel zero = (xt, tt) -> Tensor.zerosLike(xt);
        double meanSq = 0;
        for (float f : noise.toArray()) {
            meanSq += f * f;
        }
        assertEquals(meanSq / noise.numel(), d.loss(zero, x0, t, noise).item(), 1e-5);
        assertThrows(IllegalArgumentException.class, () -> d.qSample(x0, new int[] {1}, noise));
    }
}
