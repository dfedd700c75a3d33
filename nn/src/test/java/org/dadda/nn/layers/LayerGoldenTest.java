package org.dadda.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.dadda.nn.Golden;
import org.dadda.nn.GoldenFixture;
import org.dadda.nn.Module;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.Functional;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.cpu.CpuBackend;
import org.dadda.tensor.ref.ReferenceBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Layers against PyTorch (fixtures from {@code nn/src/test/python/layer_fixtures.py}): weights
 * loaded by their PyTorch state_dict names, then outputs and gradients with respect to inputs
 * and parameters compared, in float64 on the reference backend and float32 on the CPU backend.
 */
class LayerGoldenTest {
    static Stream<Backend> backends() {
        return Stream.of(ReferenceBackend.INSTANCE, CpuBackend.INSTANCE);
    }

    private static final Rng RNG = new Rng(1);

    @ParameterizedTest
    @MethodSource("backends")
    void linear(Backend b) {
        Golden.run(b, "layers/linear", () -> new Linear(5, 3, RNG), Golden.onX());
        Golden.run(b, "layers/linear_nobias", () -> new Linear(5, 3, false, RNG), Golden.onX());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void conv2d(Backend b) {
        Golden.run(b, "layers/conv_s2p1g2", () -> new Conv2d(4, 6, 3, 2, 1, 1, 2, true, RNG), Golden.onX());
        Golden.run(b, "layers/conv_k1", () -> new Conv2d(3, 5, 1, RNG), Golden.onX());
        Golden.run(b, "layers/conv_dil2_nobias", () -> new Conv2d(2, 3, 3, 1, 2, 2, 1, false, RNG), Golden.onX());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void norms(Backend b) {
        Golden.run(b, "layers/groupnorm", () -> new GroupNorm(2, 6), Golden.onX());
        Golden.run(b, "layers/layernorm", () -> new LayerNorm(new int[] {3, 4}, 1e-5, true), Golden.onX());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void batchNormTrainsRunningStatisticsThenEvaluates(Backend b) {
        GoldenFixture fx = GoldenFixture.load("layers/batchnorm");
        BatchNorm2d bn = Golden.run(b, "layers/batchnorm", () -> new BatchNorm2d(3), (m, in) -> {
            m.train(true);
            try (var ng = org.dadda.tensor.Autograd.noGrad()) {
                m.forward(in.get("x_first"));
            }
            return m.forward(in.get("x"));
        });
        double tol = Golden.tolerance(b);
        try (Backends.Scope s = Backends.use(b)) {
            for (var e : bn.stateDict().entrySet()) {
                Golden.assertClose(fx, "after." + e.getKey(), e.getValue(), tol);
            }
            assertEquals(2, bn.numBatchesTracked());
            bn.eval();
            Golden.assertClose(fx, "eval.out", bn.forward(fx.tensor("in.x_eval")), tol);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void attention(Backend b) {
        Golden.run(b, "layers/attention_block", () -> new AttentionBlock(8, 2, 2, 4, RNG), Golden.onX());
        Golden.run(b, "layers/cross_attention", () -> new MultiHeadAttention(6, 5, 2, 3, false, RNG),
                (m, in) -> m.forward(in.get("x"), in.get("context")));
        Golden.run(b, "layers/cross_attention_tokens", () -> new MultiHeadAttention(6, 5, 3, 2, true, RNG),
                (m, in) -> m.forward(in.get("x"), in.get("context")));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void crossEntropy(Backend b) {
        for (String c : List.of("layers/cross_entropy", "layers/cross_entropy_spatial")) {
            GoldenFixture fx = GoldenFixture.load(c);
            Golden.<Module>run(b, c, null, (m, in) -> Functional.crossEntropy(in.get("logits"), fx.ints("in.target")));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void poolsAndActivations(Backend b) {
        Golden.<Module>run(b, "layers/pools", null, (m, in) -> {
            Tensor x = in.get("x");
            List<Tensor> parts = List.of(new MaxPool2d(3, 2, 1).forward(x), new AvgPool2d(2, 2, 0).forward(x),
                    new AdaptiveAvgPool2d(3, 2).forward(x), new Upsample(2).forward(x));
            return Tensor.cat(parts.stream().map(p -> p.reshape(-1)).toList(), 0);
        });
        Golden.<Module>run(b, "layers/activations", null, (m, in) -> {
            Tensor x = in.get("x");
            return Tensor.cat(List.of(new SiLU().forward(x), new ReLU().forward(x), new GELU().forward(x)), 0);
        });
    }
}
