package org.dadda.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.DType;
import org.dadda.tensor.Tensor;

/**
 * Runs a golden case: loads the fixture's {@code state.*} into a module by name (strictly),
 * applies the forward to its {@code in.*} inputs, back-propagates {@code sum(out * proj)} and
 * compares the output and every {@code grad.*} entry with PyTorch's.
 */
public final class Golden {
    private Golden() {
    }

    /** Tolerances: float64 reference backend is compared tightly, float32 backends loosely. */
    public static double tolerance(Backend b) {
        return b.dtype() == DType.F64 ? 1e-9 : 2e-4;
    }

    /** Asserts {@code actual} equals the fixture entry {@code name} within {@code tol} (absolute plus relative). */
    public static void assertClose(GoldenFixture fx, String name, Tensor actual, double tol) {
        assertNotNull(actual, fx.resource() + ": no value computed for " + name);
        assertArrayEquals(fx.shape(name), actual.shape(), fx.resource() + ": shape of " + name);
        assertClose(fx.resource() + " " + name, fx.values(name), actual.toDoubleArray(), tol);
    }

    /** Elementwise {@code |a - e| <= tol * (1 + |e|)}. */
    public static void assertClose(String what, double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= tol * (1 + Math.abs(expected[i])))) {
                fail(what + ": element " + i + " is " + actual[i] + ", PyTorch has " + expected[i] + " (tol " + tol + ")");
            }
        }
    }

    /**
     * Runs the case {@code fixture} on backend {@code b}: builds the module with {@code build}
     * (which may be null for module-free cases), loads its state, computes {@code forward}, and
     * checks output and gradients. Returns the module for further checks.
     */
    public static <M extends Module> M run(Backend b, String fixture, Supplier<M> build,
                                           BiFunction<M, Map<String, Tensor>, Tensor> forward) {
        GoldenFixture fx = GoldenFixture.load(fixture);
        double tol = tolerance(b);
        try (Backends.Scope s = Backends.use(b)) {
            M m = build == null ? null : build.get();
            if (m != null) {
                m.loadStateDict(fx.withPrefix("state."), true);
            }
            Map<String, Tensor> in = fx.withPrefix("in.");
            for (var e : in.entrySet()) {
                if (fx.has("grad.in." + e.getKey())) {
                    e.getValue().requiresGrad(true);
                }
            }
            Tensor out = forward.apply(m, in);
            assertClose(fx, "out", out, tol);
            out.mul(fx.tensor("proj")).sum().backward();
            for (var e : in.entrySet()) {
                if (fx.has("grad.in." + e.getKey())) {
                    assertClose(fx, "grad.in." + e.getKey(), e.getValue().grad(), tol);
                }
            }
            if (m != null) {
                Map<String, Parameter> params = m.namedParameters();
                assertEquals(fx.withPrefix("grad.state.").keySet(), params.keySet(), fixture + ": parameter names");
                for (var e : params.entrySet()) {
                    assertClose(fx, "grad.state." + e.getKey(), e.getValue().grad(), tol);
                }
            }
            return m;
        }
    }

    /** Adapts a one-input layer forward. */
    public static <M extends Layer> BiFunction<M, Map<String, Tensor>, Tensor> onX() {
        return (m, in) -> m.forward(in.get("x"));
    }
}
