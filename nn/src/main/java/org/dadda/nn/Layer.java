package org.dadda.nn;

import org.dadda.tensor.Tensor;

/** A module that maps one tensor to one tensor. */
public abstract class Layer extends Module {
    /** Applies the layer. */
    public abstract Tensor forward(Tensor x);
}
