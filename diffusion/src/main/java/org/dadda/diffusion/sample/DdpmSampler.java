package org.dadda.diffusion.sample;

import org.dadda.diffusion.EpsModel;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * Ancestral DDPM sampling (Ho et al., Algorithm 2) over all T steps: at each step the model's
 * epsilon is turned into an {@code x_0} prediction (clipped to [-1, 1] when asked), and
 * {@code x_{t-1}} is drawn from the posterior {@code q(x_{t-1} | x_t, x_0)} with its exact
 * ("fixed small") variance; no noise is added at the last step.
 */
public final class DdpmSampler implements Sampler {
    private final GaussianDiffusion diffusion;
    private final boolean clipX0;

    /** A sampler over {@code diffusion}; {@code clipX0} clips the predicted {@code x_0} to [-1, 1]. */
    public DdpmSampler(GaussianDiffusion diffusion, boolean clipX0) {
        this.diffusion = diffusion;
        this.clipX0 = clipX0;
    }

    @Override
    public Tensor sample(EpsModel model, int[] shape, NoiseSource noise, StepListener listener) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor x = noise.next(shape);
            int b = shape[0];
            for (int step = diffusion.steps() - 1; step >= 0; step--) {
                int[] t = filled(b, step);
                Tensor eps = model.predictEps(x, t);
                Tensor x0 = diffusion.predictX0(x, t, eps);
                if (clipX0) {
                    x0 = x0.clamp(-1, 1);
                }
                listener.onStep(step, x, x0);
                Tensor mean = diffusion.posteriorMean(x0, x, t);
                if (step > 0) {
                    double sd = Math.sqrt(diffusion.schedule().posteriorVariance(step));
                    x = mean.add(noise.next(shape).mul(sd));
                } else {
                    x = mean;
                }
            }
            return x;
        }
    }

    static int[] filled(int n, int v) {
        int[] t = new int[n];
        java.util.Arrays.fill(t, v);
        return t;
    }

    @Override
    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    @Override
    public int[] timesteps() {
        int[] t = new int[diffusion.steps()];
        for (int i = 0; i < t.length; i++) {
            t[i] = t.length - 1 - i;
        }
        return t;
    }

    @Override
    public String describe() {
        return "ddpm(T=" + diffusion.steps() + ")";
    }
}
