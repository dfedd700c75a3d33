package org.dadda.nn.models;

import java.util.Arrays;
import org.dadda.nn.Layer;
import org.dadda.nn.layers.AdaptiveAvgPool2d;
import org.dadda.nn.layers.BatchNorm2d;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.Identity;
import org.dadda.nn.layers.Init;
import org.dadda.nn.layers.Linear;
import org.dadda.nn.layers.MaxPool2d;
import org.dadda.nn.layers.ReLU;
import org.dadda.nn.layers.Sequential;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * ResNet with {@link BasicBlock}s in torchvision's layout and state_dict names ({@code conv1},
 * {@code bn1}, {@code layer1.0.conv1}, ..., {@code layer2.0.downsample.0}, {@code fc}), so that
 * torchvision weights load by name. Configurable input channels, classes, base width (64 in
 * torchvision; stage widths are 1, 2, 4, 8 times it) and stem: torchvision's 7x7/2 convolution
 * and 3x3/2 max pool, or a 3x3/1 convolution without pooling for small images.
 * Initialisation as torchvision: convolutions {@code kaiming_normal_(fan_out, relu)}, batch
 * norms (1, 0), {@code fc} PyTorch's linear default.
 */
public final class ResNet extends Layer {
    /** The stem: what the network does before {@code layer1}. */
    public enum Stem {
        /** torchvision's: 7x7 stride-2 convolution, batch norm, ReLU, 3x3 stride-2 max pool (input / 4). */
        IMAGENET,
        /** For small images: 3x3 stride-1 convolution, batch norm, ReLU, no pooling (input / 1). */
        SMALL
    }

    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final Layer maxpool;
    private final Sequential[] stages = new Sequential[4];
    private final AdaptiveAvgPool2d avgpool;
    private final Linear fc;
    private final int inChannels;
    private final int featureDim;

    /**
     * A ResNet with {@code blocks[i]} basic blocks in stage {@code i} (four stages), for
     * {@code inChannels}-channel images and {@code numClasses} classes.
     */
    public ResNet(int[] blocks, int inChannels, int numClasses, Stem stem, int width, Rng rng) {
        if (blocks.length != 4 || Arrays.stream(blocks).anyMatch(b -> b < 1)) {
            throw new IllegalArgumentException("ResNet: need four positive block counts, got " + Arrays.toString(blocks));
        }
        if (inChannels < 1 || numClasses < 1 || width < 1) {
            throw new IllegalArgumentException("ResNet: input channels, classes and width must be positive, got "
                    + inChannels + ", " + numClasses + ", " + width);
        }
        this.inChannels = inChannels;
        boolean imagenet = stem == Stem.IMAGENET;
        this.conv1 = child("conv1", imagenet ? kaimingConv(inChannels, width, 7, 2, 3, rng) : kaimingConv(inChannels, width, 3, 1, 1, rng));
        this.bn1 = child("bn1", new BatchNorm2d(width));
        this.relu = child("relu", new ReLU());
        this.maxpool = child("maxpool", imagenet ? new MaxPool2d(3, 2, 1) : new Identity());
        int in = width;
        for (int s = 0; s < 4; s++) {
            int planes = width << s;
            Sequential stage = new Sequential();
            for (int b = 0; b < blocks[s]; b++) {
                stage.add(new BasicBlock(in, planes, b == 0 && s > 0 ? 2 : 1, rng));
                in = planes;
            }
            stages[s] = child("layer" + (s + 1), stage);
        }
        this.avgpool = child("avgpool", new AdaptiveAvgPool2d(1));
        this.featureDim = in;
        this.fc = child("fc", new Linear(in, numClasses, rng));
    }

    /** ResNet-18 (blocks 2, 2, 2, 2), width 64. */
    public static ResNet resnet18(int inChannels, int numClasses, Stem stem, Rng rng) {
        return new ResNet(new int[] {2, 2, 2, 2}, inChannels, numClasses, stem, 64, rng);
    }

    /** ResNet-34 (blocks 3, 4, 6, 3), width 64: the paper's classifier. */
    public static ResNet resnet34(int inChannels, int numClasses, Stem stem, Rng rng) {
        return new ResNet(new int[] {3, 4, 6, 3}, inChannels, numClasses, stem, 64, rng);
    }

    /** A convolution without bias initialised as torchvision initialises ResNet convolutions. */
    static Conv2d kaimingConv(int in, int out, int kernel, int stride, int padding, Rng rng) {
        Conv2d c = new Conv2d(in, out, kernel, stride, padding, false, rng);
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            c.weight().value().copyFrom(Init.kaimingNormalFanOut(rng, c.weight().shape()));
        }
        return c;
    }

    /** Class logits {@code [N, numClasses]} of images {@code [N, inChannels, H, W]}. */
    @Override
    public Tensor forward(Tensor x) {
        return fc.forward(features(x));
    }

    /** The pooled features {@code [N, 8 * width]} before {@code fc}. */
    public Tensor features(Tensor x) {
        if (x.dim() != 4 || x.size(1) != inChannels) {
            throw new IllegalArgumentException("ResNet: input shape " + Arrays.toString(x.shape()) + " must be [N, "
                    + inChannels + ", H, W]");
        }
        Tensor h = maxpool.forward(relu.forward(bn1.forward(conv1.forward(x))));
        for (Sequential s : stages) {
            h = s.forward(h);
        }
        return avgpool.forward(h).reshape(h.size(0), featureDim);
    }

    /** Width of the pooled features. */
    public int featureDim() {
        return featureDim;
    }
}
