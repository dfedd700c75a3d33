package org.dadda.diffusion.unet;

import org.dadda.nn.Layer;
import org.dadda.nn.layers.Linear;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The projection of a defect mask into the space of the time embedding (paper, Sec. III-C):
 * the mask is average-pooled to {@code P x P} ({@code P = min(8, size)}), flattened, and passed
 * through {@code Linear(P^2, tdim) -> SiLU -> Linear(tdim, tdim)} (children {@code fc1},
 * {@code fc2}).
 */
public final class MaskTimeEmbedding extends Layer {
    private final int pooled;
    private final Linear fc1;
    private final Linear fc2;

    /** A projection of {@code size x size} masks to {@code tdim}. */
    public MaskTimeEmbedding(int size, int tdim, Rng rng) {
        this.pooled = Math.min(8, size);
        this.fc1 = child("fc1", new Linear(pooled * pooled, tdim, rng));
        this.fc2 = child("fc2", new Linear(tdim, tdim, rng));
    }

    /** {@code mask [B, 1, S, S]} to {@code [B, tdim]}. */
    @Override
    public Tensor forward(Tensor mask) {
        Tensor p = Functional.adaptiveAvgPool2d(mask, pooled, pooled).reshape(mask.size(0), pooled * pooled);
        return fc2.forward(fc1.forward(p).silu());
    }
}
