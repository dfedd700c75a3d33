package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Tensor;

/**
 * Layer normalisation over the trailing {@code normalizedShape} axes, as
 * {@code torch.nn.LayerNorm}: elementwise {@code weight} (ones) and {@code bias} (zeros).
 */
public final class LayerNorm extends Layer {
    private final int[] normalizedShape;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** Normalisation over a last axis of {@code size}, eps 1e-5, affine. */
    public LayerNorm(int size) {
        this(new int[] {size}, 1e-5, true);
    }

    /** Layer normalisation with every option of {@code torch.nn.LayerNorm}. */
    public LayerNorm(int[] normalizedShape, double eps, boolean affine) {
        if (normalizedShape.length == 0) {
            throw new IllegalArgumentException("LayerNorm: normalized shape must not be empty");
        }
        for (int d : normalizedShape) {
            if (d < 1) {
                throw new IllegalArgumentException("LayerNorm: normalized shape " + java.util.Arrays.toString(normalizedShape)
                        + " has a non-positive size");
            }
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be positive, got " + eps);
        }
        this.normalizedShape = normalizedShape.clone();
        this.eps = eps;
        this.weight = affine ? param("weight", Tensor.ones(normalizedShape)) : null;
        this.bias = affine ? param("bias", Tensor.zeros(normalizedShape)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.layerNorm(x, normalizedShape, weight == null ? null : weight.value(),
                bias == null ? null : bias.value(), eps);
    }
}
