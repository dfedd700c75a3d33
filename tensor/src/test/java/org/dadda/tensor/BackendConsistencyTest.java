package org.dadda.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dadda.tensor.cpu.CpuBackend;
import org.dadda.tensor.ref.ReferenceBackend;
import org.junit.jupiter.api.Test;

/**
 * The float32 CPU kernels against the float64 reference kernels: every op's forward and its
 * input gradients, on shapes that are not multiples of any block or vector size.
 */
class BackendConsistencyTest {

    /** Runs {@code f} on both backends from the same values; compares outputs and input gradients. */
    private static void same(String name, double tol, Function<Tensor[], Tensor> f, int[]... shapes) {
        Rng rng = new Rng(name.hashCode());
        List<float[]> data = new ArrayList<>();
        for (int[] s : shapes) {
            float[] v = new float[Shape.numel(s)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextGaussian());
            }
            data.add(v);
        }
        float[][] outs = new float[2][];
        float[][][] grads = new float[2][shapes.length][];
        Backend[] backends = {ReferenceBackend.INSTANCE, CpuBackend.INSTANCE};
        for (int b = 0; b < 2; b++) {
            try (Backends.Scope s = Backends.use(backends[b])) {
                Tensor[] in = new Tensor[shapes.length];
                for (int i = 0; i < in.length; i++) {
                    in[i] = Tensor.fromArray(data.get(i), shapes[i]).requiresGrad(true);
                }
                Tensor out = f.apply(in);
                outs[b] = out.toArray();
                Rng wr = new Rng(3);
                float[] w = new float[out.numel()];
                for (int i = 0; i < w.length; i++) {
                    w[i] = wr.nextFloat() - 0.5f;
                }
                out.mul(Tensor.fromArray(w, out.shape())).sum().backward();
                for (int i = 0; i < in.length; i++) {
                    grads[b][i] = in[i].grad() == null ? new float[0] : in[i].grad().toArray();
                }
            }
        }
        assertClose(name + " forward", outs[0], outs[1], tol);
        for (int i = 0; i < shapes.length; i++) {
            assertClose(name + " grad of input " + i, grads[0][i], grads[1][i], tol);
        }
    }

    private static void assertClose(String what, float[] ref, float[] got, double tol) {
        if (ref.length != got.length) {
            throw new AssertionError(what + ": lengths " + ref.length + " vs " + got.length);
        }
        for (int i = 0; i < ref.length; i++) {
            if (Math.abs(ref[i] - got[i]) > tol * (1 + Math.abs(ref[i]))) {
                throw new AssertionError(what + "[" + i + "]: reference " + ref[i] + ", cpu " + got[i]);
            }
        }
    }

    @Test
    void elementwiseAndReductions() {
        same("binary broadcast", 1e-6, t -> t[0].add(t[1]).mul(t[0]).sub(t[1].mul(2)).div(t[1].abs().add(1)),
                new int[] {3, 17, 5}, new int[] {17, 1});
        same("unary chain", 1e-5, t -> t[0].silu().add(t[0].gelu()).add(t[0].tanh()).add(t[0].sigmoid()).add(t[0].relu())
                .add(t[0].exp()).add(t[0].abs().add(1).log()).add(t[0].clamp(-0.5, 0.5)), new int[] {7, 33});
        same("reductions", 1e-5, t -> t[0].sum(new int[] {0, 2}, true).add(t[0].max(1, true)).add(t[0].var(new int[] {1}, true, true)),
                new int[] {4, 9, 6});
        same("permute/narrow/cat", 1e-6, t -> Tensor.cat(List.of(t[0].permute(2, 0, 1).narrow(1, 1, 2), t[0].permute(2, 0, 1)), 1),
                new int[] {3, 5, 7});
        same("softmax", 1e-5, t -> t[0].softmax(-1).add(t[0].logSoftmax(1)), new int[] {5, 37});
    }

    @Test
    void matmulAndLinear() {
        same("matmul odd", 1e-4, t -> t[0].matmul(t[1]), new int[] {37, 61}, new int[] {61, 29});
        same("matmul batched broadcast", 1e-4, t -> t[0].matmul(t[1]), new int[] {3, 19, 23}, new int[] {23, 41});
        same("linear", 1e-4, t -> Functional.linear(t[0], t[1], t[2]), new int[] {2, 13, 31}, new int[] {17, 31}, new int[] {17});
    }

    @Test
    void convolutionAndPooling() {
        same("conv 3x3 pad 1", 1e-4, t -> Functional.conv2d(t[0], t[1], t[2], 1, 1, 1, 1),
                new int[] {2, 5, 11, 9}, new int[] {7, 5, 3, 3}, new int[] {7});
        same("conv stride 2 dilation 2 groups", 1e-4, t -> Functional.conv2d(t[0], t[1], null, 2, 2, 2, 3),
                new int[] {1, 6, 13, 10}, new int[] {9, 2, 3, 3});
        same("conv 1x1", 1e-4, t -> Functional.conv2d(t[0], t[1], t[2], 1, 0, 1, 1),
                new int[] {2, 9, 5, 7}, new int[] {4, 9, 1, 1}, new int[] {4});
        same("pools", 1e-5, t -> Functional.maxPool2d(t[0], 3, 2, 1).add(Functional.avgPool2d(t[0], 3, 2, 1)),
                new int[] {2, 3, 9, 11});
        same("adaptive pool and upsample", 1e-5,
                t -> Functional.upsampleNearest(Functional.adaptiveAvgPool2d(t[0], 3, 4), 2), new int[] {2, 3, 7, 9});
        same("max pool 2x2 on odd sizes", 1e-5, t -> Functional.maxPool2d(t[0], 2, 2, 0), new int[] {2, 3, 7, 9});
        same("pools stride 1", 1e-5, t -> Functional.maxPool2d(t[0], 3, 1, 1).add(Functional.avgPool2d(t[0], 3, 1, 1)),
                new int[] {1, 5, 6, 7});
        same("global pool and upsample 3", 1e-5,
                t -> Functional.upsampleNearest(Functional.adaptiveAvgPool2d(t[0], 1, 1).add(t[1]), 3),
                new int[] {2, 3, 5, 7}, new int[] {2, 3, 2, 1});
    }

    @Test
    void selection() {
        same("indexSelect and where", 1e-6,
                t -> Tensor.where(t[1].gt(0), t[0].indexSelect(1, new int[] {4, 0, 4, 2}), t[2]),
                new int[] {3, 6, 5}, new int[] {3, 1, 5}, new int[] {5});
    }

    @Test
    void normalisationAndAttention() {
        same("groupNorm", 1e-4, t -> Functional.groupNorm(t[0], 4, t[1], t[2], 1e-5),
                new int[] {3, 8, 5, 7}, new int[] {8}, new int[] {8});
        same("batchNorm", 1e-4, t -> Functional.batchNorm(t[0], null, null, t[1], t[2], true, 0.1, 1e-5),
                new int[] {4, 3, 5, 5}, new int[] {3}, new int[] {3});
        same("layerNorm", 1e-4, t -> Functional.layerNorm(t[0], new int[] {19}, t[1], t[2], 1e-5),
                new int[] {6, 19}, new int[] {19}, new int[] {19});
        same("attention", 1e-4, t -> Functional.attention(t[0], t[1], t[2], null, 0.3),
                new int[] {2, 3, 37, 16}, new int[] {2, 3, 45, 16}, new int[] {2, 3, 45, 16});
        same("losses", 1e-5, t -> Functional.crossEntropy(t[0], new int[] {0, 3, 2, 1, 1}).add(Functional.mseLoss(t[0], t[1])),
                new int[] {5, 4}, new int[] {5, 4});
    }

    @Test
    void adamStepMatchesReference() {
        float[][] results = new float[2][];
        Backend[] backends = {ReferenceBackend.INSTANCE, CpuBackend.INSTANCE};
        for (int b = 0; b < 2; b++) {
            try (Backends.Scope s = Backends.use(backends[b])) {
                Rng rng = new Rng(11);
                Tensor p = Tensor.randn(rng, 1000);
                Tensor m = Tensor.zeros(1000);
                Tensor v = Tensor.zeros(1000);
                for (int step = 1; step <= 5; step++) {
                    Tensor g = Tensor.randn(rng, 1000);
                    p.adamStepInPlace(g, m, v, step, 1e-2, 0.9, 0.999, 1e-8, 0.01, step % 2 == 0);
                }
                results[b] = p.toArray();
            }
        }
        assertClose("adam", results[0], results[1], 1e-5);
        assertArrayEquals(new int[] {1000}, new int[] {results[1].length});
    }
}
