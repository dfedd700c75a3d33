package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * Inverted dropout as {@code torch.nn.Dropout}: in training, zeroes each element with
 * probability {@code p} and scales the rest by {@code 1/(1-p)}; identity in evaluation. The masks
 * come from the layer's own seeded generator, so a run is reproducible.
 */
public final class Dropout extends Layer {
    private final double p;
    private final Rng rng;

    /** Dropout with probability {@code p} in [0, 1), masks drawn from {@code rng}. */
    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.dropout(x, p, isTraining(), rng);
    }

    /** The drop probability. */
    public double p() {
        return p;
    }
}
