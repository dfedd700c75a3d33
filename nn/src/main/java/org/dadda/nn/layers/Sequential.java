package org.dadda.nn.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dadda.nn.Layer;
import org.dadda.tensor.Tensor;

/**
 * Layers applied in order, as {@code torch.nn.Sequential}: children are named {@code "0"},
 * {@code "1"}, ... so that parameter names match PyTorch's ({@code 0.weight}, {@code 2.bias}).
 */
public final class Sequential extends Layer {
    private final List<Layer> layers = new ArrayList<>();

    /** A sequence of {@code layers} (may be empty; extend with {@link #add}). */
    public Sequential(Layer... layers) {
        for (Layer l : layers) {
            add(l);
        }
    }

    /** Appends {@code layer} under the next index; returns this. */
    public Sequential add(Layer layer) {
        layers.add(child(Integer.toString(layers.size()), layer));
        return this;
    }

    /** The layer at {@code index}. */
    public Layer get(int index) {
        return layers.get(index);
    }

    /** Number of layers. */
    public int size() {
        return layers.size();
    }

    /** The layers in order (read-only). */
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = x;
        for (Layer l : layers) {
            h = l.forward(h);
        }
        return h;
    }
}
