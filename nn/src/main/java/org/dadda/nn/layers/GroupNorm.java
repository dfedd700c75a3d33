package org.dadda.nn.layers;

import org.dadda.nn.Layer;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Tensor;

/**
 * Group normalisation of {@code [N, C, ...]} as {@code torch.nn.GroupNorm}: per-channel affine
 * {@code weight} (ones) and {@code bias} (zeros).
 */
public final class GroupNorm extends Layer {
    private final int groups;
    private final int channels;
    private final double eps;
    private final Parameter weight;
    private final Parameter bias;

    /** {@code groups} groups over {@code channels} channels, eps 1e-5, with affine parameters. */
    public GroupNorm(int groups, int channels) {
        this(groups, channels, 1e-5, true);
    }

    /** Group normalisation with every option of {@code torch.nn.GroupNorm}. */
    public GroupNorm(int groups, int channels, double eps, boolean affine) {
        if (groups < 1 || channels < 1 || channels % groups != 0) {
            throw new IllegalArgumentException("GroupNorm: " + channels + " channels not divisible into " + groups + " groups");
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException("GroupNorm: eps must be positive, got " + eps);
        }
        this.groups = groups;
        this.channels = channels;
        this.eps = eps;
        this.weight = affine ? param("weight", Tensor.ones(channels)) : null;
        this.bias = affine ? param("bias", Tensor.zeros(channels)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 2 || x.size(1) != channels) {
            throw new IllegalArgumentException("GroupNorm(" + groups + ", " + channels + "): input shape "
                    + java.util.Arrays.toString(x.shape()) + " must be [N, " + channels + ", ...]");
        }
        return Functional.groupNorm(x, groups, weight == null ? null : weight.value(), bias == null ? null : bias.value(), eps);
    }

    /** Number of groups. */
    public int groups() {
        return groups;
    }

    /** Number of channels. */
    public int channels() {
        return channels;
    }
}
