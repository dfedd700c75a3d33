package org.dadda.tensor;

import static org.dadda.tensor.GradCheck.check;
import static org.dadda.tensor.GradCheck.input;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A float64 finite-difference gradient check for every op, with odd shapes and broadcasting. */
class GradCheckTest {
    private final Rng rng = new Rng(1234);

    @Test
    void broadcastBinaryOps() {
        Tensor a = input(rng, 0.2, 2, 3, 5);
        Tensor b = input(rng, 0.5, 3, 1);
        check("add", t -> t[0].add(t[1]), a, b);
        check("sub", t -> t[0].sub(t[1]), a, b);
        check("mul", t -> t[0].mul(t[1]), a, b);
        check("div", t -> t[0].div(t[1]), a, b);
        check("maximum", t -> t[0].maximum(t[1]), a, input(rng, 0.1, 5));
        check("minimum", t -> t[0].minimum(t[1]), a, input(rng, 0.1, 2, 1, 5));
        check("scalar ops", t -> t[0].add(2.5).mul(-1.5).affine(0.5, 1), a);
    }

    @Test
    void unaryOps() {
        Tensor x = input(rng, 0.1, 3, 7);
        Tensor pos = input(rng, 0.1, 3, 7).abs().add(0.2).detach().requiresGrad(true);
        check("neg", t -> t[0].neg(), x);
        check("exp", t -> t[0].exp(), x);
        check("log", t -> t[0].log(), pos);
        check("sqrt", t -> t[0].sqrt(), pos);
        check("pow", t -> t[0].pow(3), x);
        check("pow frac", t -> t[0].pow(1.7), pos);
        check("abs", t -> t[0].abs(), x);
        check("clamp", t -> t[0].clamp(-0.55, 0.65), x);
        check("relu", t -> t[0].relu(), x);
        check("silu", t -> t[0].silu(), x);
        check("gelu", t -> t[0].gelu(), x);
        check("sigmoid", t -> t[0].sigmoid(), x);
        check("tanh", t -> t[0].tanh(), x);
    }

    @Test
    void whereRoutesGradients() {
        Tensor c;
        try (Backends.Scope s = Backends.use(org.dadda.tensor.ref.ReferenceBackend.INSTANCE)) {
            c = Tensor.fromArray(new float[] {1, 0, 1, 0, 0}, 5);
        }
        check("where", t -> Tensor.where(c, t[0], t[1]), input(rng, 0.1, 2, 5), input(rng, 0.1, 1));
    }

    @Test
    void reductions() {
        Tensor x = input(rng, 0.1, 3, 4, 5);
        check("sum all", t -> t[0].sum(), x);
        check("sum axes", t -> t[0].sum(new int[] {0, 2}, false), x);
        check("sum keep", t -> t[0].sum(1, true), x);
        check("mean", t -> t[0].mean(new int[] {-1}, false), x);
        check("var", t -> t[0].var(new int[] {0, 2}, true, true), x);
        check("max", t -> t[0].max(1, false), x);
        check("max all", t -> t[0].max(), x);
    }

    @Test
    void shapeOps() {
        Tensor x = input(rng, 0.1, 2, 3, 4);
        check("reshape", t -> t[0].reshape(4, -1).mul(t[0].reshape(4, 6)), x);
        check("permute", t -> t[0].permute(2, 0, 1), x);
        check("transpose (non-contiguous source)", t -> t[0].transpose(0, 2).mul(t[0].transpose(0, 2)), x);
        check("narrow axis 0", t -> t[0].narrow(0, 1, 1), x);
        check("narrow axis 2", t -> t[0].narrow(2, 1, 2), x);
        check("expand", t -> t[0].expand(3, 5, 4), input(rng, 0.1, 5, 1));
        check("unsqueeze", t -> t[0].unsqueeze(1).expand(2, 3, 3, 4), x);
        check("cat", t -> Tensor.cat(List.of(t[0], t[1]), 1), x, input(rng, 0.1, 2, 2, 4));
        check("stack", t -> Tensor.stack(List.of(t[0], t[1]), 1), input(rng, 0.1, 3, 2), input(rng, 0.1, 3, 2));
        check("indexSelect", t -> t[0].indexSelect(1, new int[] {2, 0, 2}), x);
        check("gather", t -> t[0].gather(2, new int[] {0, 3, 1, 1, 2, 2}, new int[] {1, 3, 2}),
                input(rng, 0.1, 1, 3, 4));
    }

    @Test
    void matmulBatchedAndBroadcast() {
        check("matmul 2d", t -> t[0].matmul(t[1]), input(rng, 0.1, 3, 5), input(rng, 0.1, 5, 4));
        check("matmul batched", t -> t[0].matmul(t[1]), input(rng, 0.1, 2, 3, 5), input(rng, 0.1, 2, 5, 4));
        check("matmul broadcast right", t -> t[0].matmul(t[1]), input(rng, 0.1, 2, 3, 5), input(rng, 0.1, 5, 2));
        check("matmul broadcast both", t -> t[0].matmul(t[1]), input(rng, 0.1, 2, 1, 3, 5), input(rng, 0.1, 3, 5, 2));
        check("matmul of transposed", t -> t[0].transpose(0, 1).matmul(t[1]), input(rng, 0.1, 5, 3), input(rng, 0.1, 5, 2));
        check("linear", t -> Functional.linear(t[0], t[1], t[2]), input(rng, 0.1, 2, 3, 5), input(rng, 0.1, 4, 5),
                input(rng, 0.1, 4));
    }

    @Test
    void convolution() {
        check("conv plain", t -> Functional.conv2d(t[0], t[1], t[2], 1, 1, 1, 1),
                input(rng, 0.1, 2, 3, 5, 6), input(rng, 0.1, 4, 3, 3, 3), input(rng, 0.1, 4));
        check("conv stride 2 dilation 2", t -> Functional.conv2d(t[0], t[1], null, 2, 2, 2, 1),
                input(rng, 0.1, 1, 2, 7, 6), input(rng, 0.1, 3, 2, 3, 3));
        check("conv groups", t -> Functional.conv2d(t[0], t[1], t[2], 1, 0, 1, 2),
                input(rng, 0.1, 2, 4, 4, 5), input(rng, 0.1, 6, 2, 2, 3), input(rng, 0.1, 6));
        check("conv depthwise", t -> Functional.conv2d(t[0], t[1], null, 1, 1, 1, 3),
                input(rng, 0.1, 1, 3, 4, 4), input(rng, 0.1, 3, 1, 3, 3));
    }

    @Test
    void pooling() {
        Tensor x = input(rng, 0.1, 2, 2, 5, 6);
        check("maxPool", t -> Functional.maxPool2d(t[0], 3, 2, 1), x);
        check("avgPool", t -> Functional.avgPool2d(t[0], 2, 2, 0), x);
        check("adaptiveAvgPool", t -> Functional.adaptiveAvgPool2d(t[0], 3, 4), x);
        check("adaptiveAvgPool global", t -> Functional.adaptiveAvgPool2d(t[0], 1, 1), x);
        check("upsample", t -> Functional.upsampleNearest(t[0], 2), input(rng, 0.1, 1, 2, 3, 2));
    }

    @Test
    void normalisation() {
        check("groupNorm", t -> Functional.groupNorm(t[0], 2, t[1], t[2], 1e-5),
                input(rng, 0.1, 2, 4, 3, 3), input(rng, 0.5, 4), input(rng, 0.1, 4));
        check("groupNorm no affine", t -> Functional.groupNorm(t[0], 1, null, null, 1e-5), input(rng, 0.1, 2, 3, 5));
        check("layerNorm", t -> Functional.layerNorm(t[0], new int[] {5}, t[1], t[2], 1e-5),
                input(rng, 0.1, 2, 3, 5), input(rng, 0.5, 5), input(rng, 0.1, 5));
        check("batchNorm train", t -> Functional.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5),
                input(rng, 0.1, 3, 2, 2, 3), input(rng, 0.5, 2), input(rng, 0.1, 2));
        Tensor rm;
        Tensor rv;
        try (Backends.Scope s = Backends.use(org.dadda.tensor.ref.ReferenceBackend.INSTANCE)) {
            rm = Tensor.fromArray(new float[] {0.1f, -0.2f}, 2);
            rv = Tensor.fromArray(new float[] {0.9f, 1.3f}, 2);
        }
        check("batchNorm eval", t -> Functional.batchNorm(t[0], rm, rv, t[1], t[2], false, 0.1, 1e-5),
                input(rng, 0.1, 3, 2, 2, 3), input(rng, 0.5, 2), input(rng, 0.1, 2));
    }

    @Test
    void softmaxAndAttention() {
        Tensor x = input(rng, 0.1, 3, 4, 5);
        check("softmax last", t -> t[0].softmax(-1), x);
        check("softmax middle", t -> t[0].softmax(1), x);
        check("logSoftmax", t -> t[0].logSoftmax(2), x);
        check("attention", t -> Functional.attention(t[0], t[1], t[2], null, 0.7),
                input(rng, 0.1, 2, 2, 3, 4), input(rng, 0.1, 2, 2, 5, 4), input(rng, 0.1, 2, 2, 5, 4));
        Tensor mask;
        try (Backends.Scope s = Backends.use(org.dadda.tensor.ref.ReferenceBackend.INSTANCE)) {
            float[] m = new float[3 * 5];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    m[i * 5 + j] = j > i + 1 ? -1e9f : 0;
                }
            }
            mask = Tensor.fromArray(m, 3, 5);
        }
        check("attention masked", t -> Functional.attention(t[0], t[1], t[2], mask, 0.5),
                input(rng, 0.1, 1, 2, 3, 4), input(rng, 0.1, 1, 2, 5, 4), input(rng, 0.1, 1, 2, 5, 4));
    }

    @Test
    void lossesAndDropout() {
        check("mse", t -> Functional.mseLoss(t[0], t[1]), input(rng, 0.1, 3, 4), input(rng, 0.1, 3, 4));
        check("crossEntropy", t -> Functional.crossEntropy(t[0], new int[] {2, 0, 1}), input(rng, 0.1, 3, 4));
        check("crossEntropy spatial", t -> Functional.crossEntropy(t[0], new int[] {1, 0, 2, 2, 0, 1, 1, 1}),
                input(rng, 0.1, 2, 3, 2, 2));
        Tensor target;
        try (Backends.Scope s = Backends.use(org.dadda.tensor.ref.ReferenceBackend.INSTANCE)) {
            target = Tensor.fromArray(new float[] {1, 0, 0.3f, 1, 0, 1}, 2, 3);
        }
        check("bceWithLogits", t -> Functional.bceWithLogits(t[0], target, 1), input(rng, 0.1, 2, 3));
        check("bceWithLogits posWeight", t -> Functional.bceWithLogits(t[0], target, 3), input(rng, 0.1, 2, 3));
        check("dropout", t -> Functional.dropout(t[0], 0.4, true, new Rng(5)), input(rng, 0.1, 4, 5));
    }
}
