package org.dadda.diffusion.synth;

import java.util.Arrays;
import java.util.List;
import org.dadda.diffusion.EpsModel;
import org.dadda.diffusion.GaussianDiffusion;
import org.dadda.diffusion.sample.NoiseSource;
import org.dadda.diffusion.sample.Sampler;
import org.dadda.diffusion.unet.AttentionUNet;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Tensor;

/**
 * G_M, the mask generator: a class-conditioned {@link AttentionUNet} over one-channel masks in
 * [-1, 1], sampled with classifier-free guidance (Ho and Salimans 2021):
 * {@code eps = eps_u + w (eps_c - eps_u)}, where {@code eps_u} is the prediction for the null
 * class and {@code eps_c} for the requested one; {@code w = 0} is the unconditional model,
 * {@code w = 1} the conditional one, {@code w > 1} sharpens the class. Sampled masks are
 * binarised at 0 to {0, 1} for downstream use.
 */
public final class MaskModel {
    private final AttentionUNet net;

    /** Wraps a class-conditioned one-channel network. */
    public MaskModel(AttentionUNet net) {
        if (net.config().numClasses() < 1) {
            throw new IllegalArgumentException("MaskModel: the network has no class embedding (numClasses = 0)");
        }
        if (net.config().inChannels() != 1 || net.config().maskConditioned()) {
            throw new IllegalArgumentException("MaskModel: needs a one-channel network without mask conditioning, got "
                    + net.config());
        }
        this.net = net;
    }

    /** The network. */
    public AttentionUNet network() {
        return net;
    }

    /** Number of defect classes (without the null class). */
    public int numClasses() {
        return net.config().numClasses();
    }

    /**
     * The guided raw output for per-sample {@code classes} (the noise for a noise-predicting
     * network): both predictions come from one forward pass over the doubled batch.
     */
    public EpsModel guided(int[] classes, double w) {
        for (int c : classes) {
            if (c < 0 || c >= numClasses()) {
                throw new IllegalArgumentException("MaskModel: class " + c + " out of range [0, " + numClasses() + ")");
            }
        }
        int[] both = Arrays.copyOf(classes, 2 * classes.length);
        Arrays.fill(both, classes.length, both.length, net.nullClass());
        return (x, t) -> {
            int b = x.size(0);
            if (b != classes.length) {
                throw new IllegalArgumentException("MaskModel: batch of " + b + " for " + classes.length + " classes");
            }
            int[] tt = Arrays.copyOf(t, 2 * b);
            System.arraycopy(t, 0, tt, b, b);
            Tensor eps = net.forward(Tensor.cat(List.of(x, x), 0), tt, both, null);
            Tensor cond = eps.narrow(0, 0, b);
            Tensor uncond = eps.narrow(0, b, b);
            return uncond.add(cond.sub(uncond).mul(w));
        };
    }

    /**
     * {@link #guided} as a noise predictor over {@code diffusion}: guidance combines the network's
     * raw outputs, which for a velocity network is the same as combining the noise predictions.
     */
    public EpsModel guidedEps(int[] classes, double w, GaussianDiffusion diffusion) {
        return net.config().prediction().asEps(diffusion, guided(classes, w));
    }

    /** The unconditional raw output (the null class). */
    public EpsModel unconditional() {
        return (x, t) -> {
            int[] nul = new int[x.size(0)];
            Arrays.fill(nul, net.nullClass());
            return net.forward(x, t, nul, null);
        };
    }

    /** Masks in [-1, 1] for {@code classes} with guidance {@code w}, drawn by {@code sampler} from {@code noise}. */
    public Tensor sample(int[] classes, double w, Sampler sampler, NoiseSource noise) {
        int s = net.config().imageSize();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            return sampler.sample(guidedEps(classes, w, sampler.diffusion()), new int[] {classes.length, 1, s, s}, noise);
        }
    }

    /** Binary masks {0, 1} for {@code classes} (samples binarised at 0). */
    public Tensor sampleBinary(int[] classes, double w, Sampler sampler, NoiseSource noise) {
        return binarize(sample(classes, w, sampler, noise));
    }

    /** 1 where {@code x > 0}, else 0. */
    public static Tensor binarize(Tensor x) {
        return x.gt(0);
    }

    /** Binary {0, 1} masks as the network's [-1, 1] training targets. */
    public static Tensor toSigned(Tensor binary) {
        return binary.affine(2, -1);
    }
}
