package org.dadda.nn.optim;

import org.dadda.nn.Parameter;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/** Gradient clipping by global norm, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradClip {
    private GradClip() {
    }

    /**
     * Scales the gradients of {@code params} in place so that their global L2 norm is at most
     * {@code maxNorm}: multiplies them by {@code maxNorm / (norm + 1e-6)} when that is below 1.
     * Returns the norm before clipping. Parameters without a gradient are ignored. As in PyTorch
     * (with {@code error_if_nonfinite=False}), a non-finite norm is returned and the gradients are
     * scaled by the resulting NaN; use {@link #clipGradNorm(Iterable, double, boolean)} to fail instead.
     */
    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm) {
        return clipGradNorm(params, maxNorm, false);
    }

    /** As {@link #clipGradNorm(Iterable, double)}; with {@code errorIfNonfinite}, a NaN or infinite norm throws instead. */
    public static double clipGradNorm(Iterable<Parameter> params, double maxNorm, boolean errorIfNonfinite) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: max norm must be positive, got " + maxNorm);
        }
        double sq = 0;
        for (Parameter p : params) {
            if (p.grad() != null) {
                for (float g : p.grad().toArray()) {
                    sq += (double) g * g;
                }
            }
        }
        double norm = Math.sqrt(sq);
        if (errorIfNonfinite && !Double.isFinite(norm)) {
            throw new IllegalStateException("clipGradNorm: the total gradient norm is " + norm);
        }
        double coef = maxNorm / (norm + 1e-6);
        if (!(coef >= 1)) {
            try (Autograd.NoGrad ng = Autograd.noGrad()) {
                for (Parameter p : params) {
                    Tensor g = p.grad();
                    if (g != null) {
                        g.mulInPlace(coef);
                    }
                }
            }
        }
        return norm;
    }
}
