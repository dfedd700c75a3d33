package org.dadda.nn.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dadda.nn.Layer;
import org.dadda.nn.layers.BatchNorm2d;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.GroupNorm;
import org.dadda.nn.layers.ModuleList;
import org.dadda.nn.layers.ReLU;
import org.dadda.nn.layers.Sequential;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * The detection/localisation network: an encoder-decoder U-Net with skip connections that maps
 * an image {@code [N, C, H, W]} to a one-channel anomaly logit map {@code [N, 1, H, W]} (apply a
 * sigmoid for per-pixel probabilities; an image score is, for example, the map's maximum).
 *
 * <p>Level {@code i} has {@code width * 2^i} channels. Each level is a double convolution
 * (3x3 conv, norm, ReLU, twice); the encoder halves the resolution with 2x2 max pooling between
 * levels, the decoder doubles it with nearest upsampling and a 3x3 convolution, concatenates the
 * encoder's features of that level and applies a double convolution; a 1x1 convolution makes the
 * logits. Children: {@code enc.i}, {@code up.i}, {@code dec.i}, {@code head}. H and W must be
 * divisible by {@code 2^(levels-1)}.
 */
public final class SegmentationUNet extends Layer {
    /** The normalisation inside the double convolutions. */
    public enum Norm {
        /** Group norm with up to 8 groups: independent of the batch, suits small batches. */
        GROUP,
        /** Batch norm. */
        BATCH
    }

    private final int inChannels;
    private final int levels;
    private final ModuleList enc = new ModuleList();
    private final ModuleList up = new ModuleList();
    private final ModuleList dec = new ModuleList();
    private final Conv2d head;

    /**
     * A U-Net for {@code inChannels}-channel images with {@code levels} resolution levels (1 is a
     * plain convolutional network), base width {@code width} and the given normalisation.
     */
    public SegmentationUNet(int inChannels, int width, int levels, Norm norm, Rng rng) {
        if (inChannels < 1 || width < 1 || levels < 1 || levels > 8) {
            throw new IllegalArgumentException("SegmentationUNet: need positive input channels and width and 1..8 levels, got "
                    + inChannels + ", " + width + ", " + levels);
        }
        this.inChannels = inChannels;
        this.levels = levels;
        int in = inChannels;
        for (int i = 0; i < levels; i++) {
            enc.add(doubleConv(in, width << i, norm, rng));
            in = width << i;
        }
        for (int i = levels - 2; i >= 0; i--) {
            int c = width << i;
            up.add(new Conv2d(2 * c, c, 3, 1, 1, rng));
            dec.add(doubleConv(2 * c, c, norm, rng));
        }
        child("enc", enc);
        child("up", up);
        child("dec", dec);
        this.head = child("head", new Conv2d(width, 1, 1, rng));
    }

    private static Sequential doubleConv(int in, int out, Norm norm, Rng rng) {
        return new Sequential(new Conv2d(in, out, 3, 1, 1, rng), norm(norm, out), new ReLU(),
                new Conv2d(out, out, 3, 1, 1, rng), norm(norm, out), new ReLU());
    }

    private static Layer norm(Norm norm, int channels) {
        if (norm == Norm.BATCH) {
            return new BatchNorm2d(channels);
        }
        int groups = Math.min(8, channels);
        while (channels % groups != 0) {
            groups--;
        }
        return new GroupNorm(groups, channels);
    }

    /** Anomaly logits {@code [N, 1, H, W]} for images {@code [N, inChannels, H, W]}. */
    @Override
    public Tensor forward(Tensor x) {
        int div = 1 << (levels - 1);
        if (x.dim() != 4 || x.size(1) != inChannels || x.size(2) % div != 0 || x.size(3) % div != 0) {
            throw new IllegalArgumentException("SegmentationUNet: input shape " + Arrays.toString(x.shape()) + " must be [N, "
                    + inChannels + ", H, W] with H and W divisible by " + div);
        }
        List<Tensor> skips = new ArrayList<>();
        Tensor h = x;
        for (int i = 0; i < levels; i++) {
            if (i > 0) {
                h = Functional.maxPool2d(h, 2, 2, 0);
            }
            h = ((Layer) enc.get(i)).forward(h);
            skips.add(h);
        }
        for (int j = 0; j < levels - 1; j++) {
            Tensor skip = skips.get(levels - 2 - j);
            h = ((Layer) up.get(j)).forward(Functional.upsampleNearest(h, 2));
            h = ((Layer) dec.get(j)).forward(Tensor.cat(List.of(h, skip), 1));
        }
        return head.forward(h);
    }
}
