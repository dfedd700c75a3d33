package org.dadda.nn.models;

import org.dadda.nn.Layer;
import org.dadda.nn.layers.BatchNorm2d;
import org.dadda.nn.layers.Conv2d;
import org.dadda.nn.layers.ReLU;
import org.dadda.nn.layers.Sequential;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;

/**
 * torchvision's ResNet {@code BasicBlock}: {@code relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x))}
 * with 3x3 convolutions without bias; the shortcut is {@code downsample} (a 1x1 strided
 * convolution and batch norm, children {@code 0} and {@code 1}) when the stride or width
 * changes, else the identity.
 */
public final class BasicBlock extends Layer {
    private final Conv2d conv1;
    private final BatchNorm2d bn1;
    private final ReLU relu;
    private final Conv2d conv2;
    private final BatchNorm2d bn2;
    private final Sequential downsample;

    /** A block from {@code inPlanes} to {@code planes} channels, the first convolution with {@code stride}. */
    public BasicBlock(int inPlanes, int planes, int stride, Rng rng) {
        this.conv1 = child("conv1", ResNet.kaimingConv(inPlanes, planes, 3, stride, 1, rng));
        this.bn1 = child("bn1", new BatchNorm2d(planes));
        this.relu = child("relu", new ReLU());
        this.conv2 = child("conv2", ResNet.kaimingConv(planes, planes, 3, 1, 1, rng));
        this.bn2 = child("bn2", new BatchNorm2d(planes));
        this.downsample = stride != 1 || inPlanes != planes
                ? child("downsample", new Sequential(ResNet.kaimingConv(inPlanes, planes, 1, stride, 0, rng), new BatchNorm2d(planes)))
                : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor out = relu.forward(bn1.forward(conv1.forward(x)));
        out = bn2.forward(conv2.forward(out));
        Tensor identity = downsample == null ? x : downsample.forward(x);
        return relu.forward(out.add(identity));
    }
}
