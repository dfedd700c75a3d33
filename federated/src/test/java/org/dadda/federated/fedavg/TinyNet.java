package org.dadda.federated.fedavg;

import org.dadda.nn.Layer;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/** A two-layer perceptron with batch norm, small enough for exact FedAvg tests. */
public final class TinyNet extends Layer {
    private final Parameter w1;
    private final Parameter b1;
    private final Parameter gamma;
    private final Parameter beta;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Parameter w2;
    private final Parameter b2;

    /** A net of {@code in} inputs, {@code hidden} units and {@code out} classes, initialised from {@code seed}. */
    public TinyNet(int in, int hidden, int out, long seed) {
        Rng rng = new Rng(seed);
        w1 = param("w1", Tensor.randn(rng, hidden, in).mul(1.0 / Math.sqrt(in)));
        b1 = param("b1", Tensor.zeros(hidden));
        gamma = param("gamma", Tensor.ones(hidden));
        beta = param("beta", Tensor.zeros(hidden));
        runningMean = buffer("running_mean", Tensor.zeros(hidden));
        runningVar = buffer("running_var", Tensor.ones(hidden));
        w2 = param("w2", Tensor.randn(rng, out, hidden).mul(1.0 / Math.sqrt(hidden)));
        b2 = param("b2", Tensor.zeros(out));
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor h = Functional.linear(x, w1.value(), b1.value());
        h = Functional.batchNorm(h, runningMean, runningVar, gamma.value(), beta.value(), isTraining(), 0.1, 1e-5).relu();
        return Functional.linear(h, w2.value(), b2.value());
    }
}
