package org.dadda.nn.layers;

import java.util.Arrays;
import org.dadda.nn.Layer;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Tensor;

/**
 * Batch normalisation of {@code [N, C, H, W]} as {@code torch.nn.BatchNorm2d}: affine
 * {@code weight}/{@code bias}, buffers {@code running_mean}, {@code running_var} and
 * {@code num_batches_tracked} (a float scalar here, a long in PyTorch). Training mode normalises
 * by the batch statistics and updates the running ones with {@code momentum}; evaluation mode
 * uses the running ones.
 */
public final class BatchNorm2d extends Layer {
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** Batch norm over {@code channels} channels, eps 1e-5, momentum 0.1, affine. */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1, true);
    }

    /** Batch norm with PyTorch's options (running statistics always tracked). */
    public BatchNorm2d(int channels, double eps, double momentum, boolean affine) {
        if (channels < 1) {
            throw new IllegalArgumentException("BatchNorm2d: channels must be positive, got " + channels);
        }
        if (!(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm2d: eps must be positive and momentum in [0, 1], got eps " + eps
                    + ", momentum " + momentum);
        }
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? param("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? param("bias", Tensor.zeros(channels)) : null;
        this.runningMean = buffer("running_mean", Tensor.zeros(channels));
        this.runningVar = buffer("running_var", Tensor.ones(channels));
        this.numBatchesTracked = buffer("num_batches_tracked", Tensor.scalar(0));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4 || x.size(1) != channels) {
            throw new IllegalArgumentException("BatchNorm2d(" + channels + "): input shape " + Arrays.toString(x.shape())
                    + " must be [N, " + channels + ", H, W]");
        }
        Tensor y = Functional.batchNorm(x, runningMean, runningVar, weight == null ? null : weight.value(),
                bias == null ? null : bias.value(), isTraining(), momentum, eps);
        if (isTraining()) {
            try (Autograd.NoGrad ng = Autograd.noGrad()) {
                numBatchesTracked.fillInPlace(numBatchesTracked.item() + 1);
            }
        }
        return y;
    }

    /** The running mean buffer (live). */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The running variance buffer (live). */
    public Tensor runningVar() {
        return runningVar;
    }

    /** Number of training batches seen. */
    public long numBatchesTracked() {
        return (long) numBatchesTracked.item();
    }

    /** Number of channels. */
    public int channels() {
        return channels;
    }
}
