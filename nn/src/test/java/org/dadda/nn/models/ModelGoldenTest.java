package org.dadda.nn.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.dadda.nn.Golden;
import org.dadda.nn.GoldenFixture;
import org.dadda.nn.Module;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.DType;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.cpu.CpuBackend;
import org.dadda.tensor.ref.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Models against their PyTorch definitions (fixtures from {@code nn/src/test/python/model_fixtures.py}):
 * the exact state_dict names, shapes and parameter counts of torchvision-layout ResNet-18/34; and forward/backward of small
 * configurations with formula weights loaded by PyTorch's names.
 */
class ModelGoldenTest {
    /** One state_dict entry of the reference network. */
    record Key(String name, int[] shape, boolean param) {
    }

    /** Parameter count from the header and the keys, in order. */
    record Keys(long parameters, List<Key> keys) {
    }

    static Keys readKeys(String name) {
        String resource = "fixtures/models/" + name + ".keys.txt";
        try (var in = ModelGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " not found");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            long count = -1;
            List<Key> keys = new ArrayList<>();
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("# parameters: ")) {
                    count = Long.parseLong(line.substring("# parameters: ".length()).trim());
                } else if (!line.startsWith("#") && !line.isEmpty()) {
                    String[] p = line.split("\t", -1);
                    int[] shape = p[1].isEmpty() ? new int[0] : java.util.Arrays.stream(p[1].split(",")).mapToInt(Integer::parseInt).toArray();
                    keys.add(new Key(p[0], shape, p[2].equals("param")));
                }
            }
            return new Keys(count, keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that {@code m}'s state_dict has exactly the reference keys, in order, with the same shapes and kinds. */
    static void assertSameLayout(String name, Module m) {
        Keys ref = readKeys(name);
        Map<String, Tensor> state = m.stateDict();
        Map<String, Parameter> params = m.namedParameters();
        assertEquals(ref.keys().stream().map(Key::name).toList(), List.copyOf(state.keySet()), name + ": state_dict keys");
        for (Key k : ref.keys()) {
            assertArrayEquals(k.shape(), state.get(k.name()).shape(), name + ": shape of " + k.name());
            assertEquals(k.param(), params.containsKey(k.name()), name + ": " + k.name() + " parameter or buffer");
        }
        assertEquals(ref.parameters(), m.parameterCount(), name + ": parameter count");
    }

    @Test
    void resNetsHaveTorchvisionLayoutAndCounts() {
        assertSameLayout("resnet18_c3_k10", ResNet.resnet18(3, 10, ResNet.Stem.IMAGENET, new Rng(0)));
        ResNet r34 = ResNet.resnet34(3, 10, ResNet.Stem.IMAGENET, new Rng(0));
        assertSameLayout("resnet34_c3_k10", r34);
        assertEquals(21_289_802, r34.parameterCount());
        assertSameLayout("resnet34_c1_k5_small", ResNet.resnet34(1, 5, ResNet.Stem.SMALL, new Rng(0)));
    }

    /** Mirrors {@code formula_weights} of model_fixtures.py. */
    static Map<String, Tensor> formulaState(String name, Module m) {
        Map<String, Tensor> own = m.stateDict();
        Map<String, Tensor> out = new LinkedHashMap<>();
        List<Key> keys = readKeys(name).keys();
        for (int k = 0; k < keys.size(); k++) {
            Key key = keys.get(k);
            if (!key.param()) {
                out.put(key.name(), own.get(key.name()).copy());
                continue;
            }
            int n = 1;
            for (int d : key.shape()) {
                n *= d;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                double s = Math.sin(0.7 * i + 1.3 * k + 0.1);
                if (key.shape().length >= 2) {
                    v[i] = Math.sqrt(3.0 / (n / key.shape()[0])) * s;
                } else if (key.name().endsWith("weight")) {
                    v[i] = 1 + 0.2 * s;
                } else {
                    v[i] = 0.2 * s;
                }
            }
            out.put(key.name(), Tensor.fromDoubles(v, key.shape()));
        }
        return out;
    }

    static List<Backend> backends() {
        return List.of(ReferenceBackend.INSTANCE, CpuBackend.INSTANCE);
    }

    /** Mirrors {@code formula_input} of model_fixtures.py. */
    static Tensor formulaInput(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (1.5 * Math.sin(0.3 * i + 0.2));
        }
        return Tensor.fromDoubles(v, shape);
    }

    /** Checks the sum of {@code g} and its dot product with the probe {@code cos(0.11 i)} against the fixture. */
    private static void assertGradSummary(GoldenFixture fx, String key, Tensor grad, double tol) {
        double[] g = grad.toDoubleArray();
        double sum = 0;
        double probe = 0;
        for (int i = 0; i < g.length; i++) {
            sum += g[i];
            probe += g[i] * Math.cos(0.11 * i);
        }
        Golden.assertClose(fx.resource() + " gradsum." + key, fx.values("gradsum." + key), new double[] {sum}, tol);
        Golden.assertClose(fx.resource() + " gradprobe." + key, fx.values("gradprobe." + key), new double[] {probe}, tol);
    }

    /**
     * Runs a formula-weight golden case: weights by formula loaded by PyTorch's names, the input
     * by formula, then output, input gradient and parameter gradients against the fixture.
     * Returns the model (its tensors on backend {@code b}).
     */
    static <M extends Module> M runGolden(Backend b, String name, Supplier<M> build, BiFunction<M, Tensor, Tensor> forward,
                                          double tol64, double tol32) {
        double tol = b.dtype() == DType.F64 ? tol64 : tol32;
        GoldenFixture fx = GoldenFixture.load("models/" + name);
        try (Backends.Scope s = Backends.use(b)) {
            M m = build.get();
            m.loadStateDict(formulaState(name, m), true);
            Tensor x = formulaInput(fx.ints("in.x.shape")).requiresGrad(true);
            Tensor out = forward.apply(m, x);
            Golden.assertClose(fx, "out", out, tol);
            out.mul(fx.tensor("proj")).sum().backward();
            assertGradSummary(fx, "in.x", x.grad(), tol);
            for (var e : m.namedParameters().entrySet()) {
                assertGradSummary(fx, e.getKey(), e.getValue().grad(), tol);
            }
            return m;
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void smallResNetsMatchTorchvisionLayout(Backend b) {
        for (String name : List.of("resnet18_w4", "resnet_small_stem_w4")) {
            boolean small = name.contains("small");
            // Train mode first (batch statistics, running statistics updated), then evaluation.
            ResNet m = runGolden(b, name, () -> small
                    ? new ResNet(new int[] {1, 1, 1, 1}, 2, 3, ResNet.Stem.SMALL, 4, new Rng(0))
                    : new ResNet(new int[] {2, 2, 2, 2}, 3, 3, ResNet.Stem.IMAGENET, 4, new Rng(0)), ResNet::forward, 1e-8, 2e-3);
            GoldenFixture fx = GoldenFixture.load("models/" + name);
            try (Backends.Scope s = Backends.use(b)) {
                m.eval();
                Golden.assertClose(fx, "eval.out", m.forward(formulaInput(fx.ints("in.x.shape"))), b.dtype() == DType.F64 ? 1e-8 : 2e-3);
            }
        }
    }
}
