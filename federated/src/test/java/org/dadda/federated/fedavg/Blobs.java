package org.dadda.federated.fedavg;

import org.dadda.nn.Module;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/** A generated classification task: Gaussian blobs, one per class, and plain-SGD local training on it. */
public final class Blobs {
    final float[][] x;
    final int[] y;
    final int dims;

    /** {@code perClass} samples of each of {@code classes} Gaussian blobs in {@code dims} dimensions. */
    public Blobs(int classes, int perClass, int dims, double spread, long seed) {
        Rng rng = new Rng(seed);
        double[][] centres = new double[classes][dims];
        for (int c = 0; c < classes; c++) {
            for (int d = 0; d < dims; d++) {
                centres[c][d] = 2 * rng.nextGaussian();
            }
        }
        this.dims = dims;
        x = new float[classes * perClass][dims];
        y = new int[classes * perClass];
        for (int i = 0; i < y.length; i++) {
            int c = i % classes;
            y[i] = c;
            for (int d = 0; d < dims; d++) {
                x[i][d] = (float) (centres[c][d] + spread * rng.nextGaussian());
            }
        }
    }

    Tensor batch(int[] idx) {
        float[] v = new float[idx.length * dims];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(x[idx[i]], 0, v, i * dims, dims);
        }
        return Tensor.fromArray(v, idx.length, dims);
    }

    /** The labels of samples {@code idx}. */
    public int[] labels(int[] idx) {
        int[] out = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = y[idx[i]];
        }
        return out;
    }

    /** SGD over the shard, batches in an order drawn from {@code rng}; a trailing batch of one is dropped (batch norm). */
    public LocalTrainer sgd(double lr) {
        return (model, shard, epochs, batchSize, rng) -> {
            TinyNet net = (TinyNet) model;
            int[] order = shard.indices().clone();
            for (int e = 0; e < epochs; e++) {
                rng.shuffle(order);
                for (int s = 0; s + 1 < order.length; s += batchSize) {
                    int[] idx = java.util.Arrays.copyOfRange(order, s, Math.min(order.length, s + batchSize));
                    Tensor loss = Functional.crossEntropy(net.forward(batch(idx)), labels(idx));
                    net.zeroGrad();
                    loss.backward();
                    try (Autograd.NoGrad ng = Autograd.noGrad()) {
                        for (Parameter p : net.parameters()) {
                            p.value().addInPlace(p.grad(), -lr);
                        }
                    }
                }
            }
        };
    }

    /** Accuracy of {@code model} (a TinyNet) on samples {@code idx}. */
    public double accuracy(Module model, int[] idx) {
        TinyNet net = (TinyNet) model;
        net.eval();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            int[] pred = net.forward(batch(idx)).argmax(1);
            int ok = 0;
            for (int i = 0; i < idx.length; i++) {
                ok += pred[i] == y[idx[i]] ? 1 : 0;
            }
            net.train(true);
            return ok / (double) idx.length;
        }
    }

    /** {@code from, from + 1, ..., to - 1}. */
    public static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
