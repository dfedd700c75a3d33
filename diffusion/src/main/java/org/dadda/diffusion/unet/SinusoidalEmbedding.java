package org.dadda.diffusion.unet;

import org.dadda.tensor.Tensor;

/**
 * The sinusoidal timestep embedding of the DDPM U-Net (as Transformer position encodings):
 * for {@code half = dim/2} frequencies {@code f_i = exp(-ln(10000) i / half)}, the vector
 * {@code [sin(t f_0) .. sin(t f_{half-1}), cos(t f_0) .. cos(t f_{half-1})]}.
 */
public final class SinusoidalEmbedding {
    private SinusoidalEmbedding() {
    }

    /** The embeddings of {@code t} as a {@code [t.length, dim]} tensor (no gradient). */
    public static Tensor of(int[] t, int dim) {
        if (dim < 2 || dim % 2 != 0) {
            throw new IllegalArgumentException("sinusoidal embedding: dim must be even and >= 2, got " + dim);
        }
        int half = dim / 2;
        double[] v = new double[t.length * dim];
        for (int b = 0; b < t.length; b++) {
            for (int i = 0; i < half; i++) {
                // Computed in float as the reference does, so both agree to the last bit of float.
                float f = (float) StrictMath.exp(-StrictMath.log(10000) * i / half);
                float arg = (float) t[b] * f;
                v[b * dim + i] = StrictMath.sin(arg);
                v[b * dim + half + i] = StrictMath.cos(arg);
            }
        }
        return Tensor.fromDoubles(v, t.length, dim);
    }
}
