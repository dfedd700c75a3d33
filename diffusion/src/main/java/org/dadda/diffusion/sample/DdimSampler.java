package org.dadda.diffusion.sample;

import java.util.Arrays;
import org.dadda.diffusion.EpsModel;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.NoiseSchedule;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * DDIM sampling (Song et al. 2021, eq. 12) over a subsequence of S timesteps:
 * {@code x_prev = sqrt(aBar_prev) x0 + sqrt(1 - aBar_prev - sigma^2) eps + sigma z} with
 * {@code sigma = eta sqrt((1 - aBar_prev)/(1 - aBar_t)) sqrt(1 - aBar_t/aBar_prev)}. With
 * {@code eta = 0} it is deterministic; with S = T and {@code eta = 1} it is ancestral DDPM.
 * The subsequence is {@code round(linspace(0, T-1, S))}, so it always starts at {@code T-1} and
 * ends at 0. When {@code x0} is clipped, epsilon is re-derived from the clipped {@code x0}.
 */
public final class DdimSampler implements Sampler {
    private final GaussianDiffusion diffusion;
    private final int[] timesteps;
    private final double eta;
    private final boolean clipX0;

    /** A sampler with {@code steps} steps and stochasticity {@code eta} (0 = deterministic). */
    public DdimSampler(GaussianDiffusion diffusion, int steps, double eta, boolean clipX0) {
        if (steps < 1 || steps > diffusion.steps()) {
            throw new IllegalArgumentException("DDIM steps must be in [1, " + diffusion.steps() + "], got " + steps);
        }
        if (!(eta >= 0)) {
            throw new IllegalArgumentException("DDIM eta must be >= 0, got " + eta);
        }
        this.diffusion = diffusion;
        this.timesteps = spacing(diffusion.steps(), steps);
        this.eta = eta;
        this.clipX0 = clipX0;
    }

    /** {@code steps} distinct timesteps {@code round(linspace(0, T-1, steps))}, descending. */
    static int[] spacing(int total, int steps) {
        int[] t = new int[steps];
        for (int i = 0; i < steps; i++) {
            double u = steps == 1 ? total - 1 : (double) i * (total - 1) / (steps - 1);
            t[steps - 1 - i] = (int) Math.round(u);
        }
        return t;
    }

    @Override
    public Tensor sample(EpsModel model, int[] shape, NoiseSource noise, StepListener listener) {
        NoiseSchedule s = diffusion.schedule();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor x = noise.next(shape);
            int b = shape[0];
            for (int i = 0; i < timesteps.length; i++) {
                int step = timesteps[i];
                int prev = i + 1 < timesteps.length ? timesteps[i + 1] : -1;
                int[] t = DdpmSampler.filled(b, step);
                Tensor eps = model.predictEps(x, t);
                Tensor x0 = diffusion.predictX0(x, t, eps);
                if (clipX0) {
                    x0 = x0.clamp(-1, 1);
                    eps = diffusion.epsFromX0(x, t, x0);
                }
                listener.onStep(step, x, x0);
                double aBar = s.alphaBar(step);
                double aPrev = prev >= 0 ? s.alphaBar(prev) : 1;
                double sigma = eta * Math.sqrt((1 - aPrev) / (1 - aBar) * (1 - aBar / aPrev));
                double dirScale = Math.sqrt(Math.max(0, 1 - aPrev - sigma * sigma));
                x = x0.mul(Math.sqrt(aPrev)).add(eps.mul(dirScale));
                if (sigma > 0) {
                    x = x.add(noise.next(shape).mul(sigma));
                }
            }
            return x;
        }
    }

    @Override
    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    /** The stochasticity {@code eta}. */
    public double eta() {
        return eta;
    }

    @Override
    public String describe() {
        return "ddim(S=" + timesteps.length + ", eta=" + eta + ")";
    }

    @Override
    public String toString() {
        return describe() + Arrays.toString(Arrays.copyOf(timesteps, Math.min(4, timesteps.length)));
    }
}
