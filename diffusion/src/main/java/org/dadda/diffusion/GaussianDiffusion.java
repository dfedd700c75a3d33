package org.dadda.diffusion;

import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The DDPM forward process and its closed forms over a {@link NoiseSchedule}: noising
 * {@code q(x_t | x_0)}, the posterior {@code q(x_{t-1} | x_t, x_0)}, the inversion of an
 * epsilon prediction to an {@code x_0} prediction, and the epsilon-prediction MSE loss of
 * Ho et al. (their {@code L_simple}). Every per-timestep coefficient is applied per sample, so a
 * batch may mix timesteps.
 */
public final class GaussianDiffusion {
    private final NoiseSchedule schedule;

    /** The process over {@code schedule}. */
    public GaussianDiffusion(NoiseSchedule schedule) {
        this.schedule = schedule;
    }

    /** The schedule. */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** Number of diffusion steps T. */
    public int steps() {
        return schedule.steps();
    }

    /**
     * A {@code [B, 1, 1, ...]} tensor (rank {@code rank}) holding {@code f(t[b])} for each
     * sample, to broadcast a per-timestep coefficient over a batch.
     */
    public static Tensor perSample(double[] values, int rank) {
        int[] shape = new int[rank];
        java.util.Arrays.fill(shape, 1);
        shape[0] = values.length;
        return Tensor.fromDoubles(values, shape);
    }

    private Tensor coef(int[] t, java.util.function.IntToDoubleFunction f, int rank) {
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            v[i] = f.applyAsDouble(t[i]);
        }
        return perSample(v, rank);
    }

    private static void requireBatch(String op, Tensor x, int[] t) {
        if (x.dim() < 1 || x.size(0) != t.length) {
            throw new IllegalArgumentException(op + ": " + t.length + " timesteps for a batch of shape "
                    + java.util.Arrays.toString(x.shape()));
        }
    }

    /** {@code x_t = sqrt(alphaBar_t) x_0 + sqrt(1 - alphaBar_t) noise}, per sample. */
    public Tensor qSample(Tensor x0, int[] t, Tensor noise) {
        requireBatch("qSample", x0, t);
        return x0.mul(coef(t, schedule::sqrtAlphaBar, x0.dim())).add(noise.mul(coef(t, schedule::sqrtOneMinusAlphaBar, x0.dim())));
    }

    /** {@code x_0 = (x_t - sqrt(1 - alphaBar_t) eps) / sqrt(alphaBar_t)}. */
    public Tensor predictX0(Tensor xt, int[] t, Tensor eps) {
        requireBatch("predictX0", xt, t);
        Tensor a = coef(t, s -> 1 / schedule.sqrtAlphaBar(s), xt.dim());
        Tensor b = coef(t, s -> schedule.sqrtOneMinusAlphaBar(s) / schedule.sqrtAlphaBar(s), xt.dim());
        return xt.mul(a).sub(eps.mul(b));
    }

    /** The epsilon that maps {@code x_t} to {@code x_0}: {@code (x_t - sqrt(alphaBar_t) x_0) / sqrt(1 - alphaBar_t)}. */
    public Tensor epsFromX0(Tensor xt, int[] t, Tensor x0) {
        requireBatch("epsFromX0", xt, t);
        Tensor a = coef(t, s -> 1 / schedule.sqrtOneMinusAlphaBar(s), xt.dim());
        Tensor b = coef(t, s -> schedule.sqrtAlphaBar(s) / schedule.sqrtOneMinusAlphaBar(s), xt.dim());
        return xt.mul(a).sub(x0.mul(b));
    }

    /** The velocity {@code v = sqrt(alphaBar_t) noise - sqrt(1 - alphaBar_t) x_0} (Salimans and Ho 2022, eq. in Sec. 4). */
    public Tensor velocity(Tensor x0, int[] t, Tensor noise) {
        requireBatch("velocity", x0, t);
        return noise.mul(coef(t, schedule::sqrtAlphaBar, x0.dim())).sub(x0.mul(coef(t, schedule::sqrtOneMinusAlphaBar, x0.dim())));
    }

    /** The epsilon of a velocity: {@code eps = sqrt(1 - alphaBar_t) x_t + sqrt(alphaBar_t) v}. */
    public Tensor epsFromV(Tensor xt, int[] t, Tensor v) {
        requireBatch("epsFromV", xt, t);
        return xt.mul(coef(t, schedule::sqrtOneMinusAlphaBar, xt.dim())).add(v.mul(coef(t, schedule::sqrtAlphaBar, xt.dim())));
    }

    /** Mean of {@code q(x_{t-1} | x_t, x_0)}: {@code coefX0_t x_0 + coefXt_t x_t}. */
    public Tensor posteriorMean(Tensor x0, Tensor xt, int[] t) {
        requireBatch("posteriorMean", xt, t);
        return x0.mul(coef(t, schedule::posteriorMeanCoefX0, x0.dim())).add(xt.mul(coef(t, schedule::posteriorMeanCoefXt, xt.dim())));
    }

    /** Variance of {@code q(x_{t-1} | x_t, x_0)} per sample, as a {@code [B, 1, ...]} tensor of rank {@code rank}. */
    public Tensor posteriorVariance(int[] t, int rank) {
        return coef(t, schedule::posteriorVariance, rank);
    }

    /** {@code n} timesteps drawn uniformly from {@code [0, T)}. */
    public int[] sampleTimesteps(Rng rng, int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(schedule.steps());
        }
        return t;
    }

    /**
     * The epsilon-prediction loss {@code || eps - eps_theta(x_t, t) ||^2} averaged over all
     * elements, for given timesteps and noise (for tests and exact replays).
     */
    public Tensor loss(EpsModel model, Tensor x0, int[] t, Tensor noise) {
        Tensor xt = qSample(x0, t, noise);
        return Functional.mseLoss(model.predictEps(xt, t), noise);
    }

    /** The epsilon-prediction loss with timesteps and noise drawn from {@code rng}. */
    public Tensor loss(EpsModel model, Tensor x0, Rng rng) {
        int[] t = sampleTimesteps(rng, x0.size(0));
        Tensor noise = Tensor.randn(rng, x0.shape());
        return loss(model, x0, t, noise);
    }
}
