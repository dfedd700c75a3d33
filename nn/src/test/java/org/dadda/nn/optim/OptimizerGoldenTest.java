package org.dadda.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.dadda.nn.GoldenFixture;
import org.dadda.nn.Parameter;
import org.dadda.tensor.Backend;
import org.dadda.tensor.Backends;
import org.dadda.tensor.cpu.CpuBackend;
import org.dadda.tensor.ref.ReferenceBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Optimizers against PyTorch's trajectories (fixtures from
 * {@code nn/src/test/python/optim_fixtures.py}): five steps with fixed gradients, parameter b
 * without a gradient on step 3; every step's parameters within 1e-6 relative.
 */
class OptimizerGoldenTest {
    private static final int STEPS = 5;

    private static Function<Map<String, Parameter>, Optimizer> factory(String name) {
        return switch (name) {
            case "sgd_nesterov_wd" -> ps -> new SGD(ps, 0.1, 0.9, 0, 0.01, true);
            case "sgd_dampening" -> ps -> new SGD(ps, 0.05, 0.8, 0.3, 0, false);
            case "sgd_plain" -> ps -> new SGD(ps, 0.2, 0, 0, 0, false);
            case "adam_wd" -> ps -> new Adam(ps, 0.01, 0.9, 0.999, 1e-8, 0.01);
            case "adam_betas" -> ps -> new Adam(ps, 0.003, 0.8, 0.95, 1e-6, 0);
            case "adamw" -> ps -> new AdamW(ps, 0.01, 0.9, 0.999, 1e-8, 0.1);
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static Map<String, Parameter> params(GoldenFixture fx, String prefix) {
        Map<String, Parameter> ps = new LinkedHashMap<>();
        ps.put("a", new Parameter(fx.tensor(prefix + "a")));
        ps.put("b", new Parameter(fx.tensor(prefix + "b")));
        return ps;
    }

    /** Runs steps {@code from..to} (1-based), checking the parameters after each. */
    private static void steps(GoldenFixture fx, Optimizer opt, Map<String, Parameter> ps, int from, int to, double tol) {
        for (int s = from; s <= to; s++) {
            for (var e : ps.entrySet()) {
                String g = "grad" + s + "." + e.getKey();
                e.getValue().value().setGrad(fx.has(g) ? fx.tensor(g) : null);
            }
            opt.step();
            for (var e : ps.entrySet()) {
                String a = "after" + s + "." + e.getKey();
                relativeTolerance(e.getValue().value().backend().name() + " " + fx.resource() + " " + a, fx.values(a), e.getValue().value().toDoubleArray(), tol);
            }
        }
    }

    /**
     * Norm-wise relative error: {@code max |a - e| <= rtol * max |e|} over the tensor. Element-wise
     * relative error is ill-posed here: an element that SGD drives near zero is the difference of
     * O(1) numbers, and PyTorch's fused {@code p + alpha * d} rounds once where we round twice.
     */
    private static void relativeTolerance(String what, double[] expected, double[] actual, double rtol) {
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (!(err <= rtol * scale)) {
                throw new AssertionError(what + ": element " + i + " is " + actual[i] + ", PyTorch has " + expected[i]
                        + " (tensor scale " + scale + ")");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd_nesterov_wd", "sgd_dampening", "sgd_plain", "adam_wd", "adam_betas", "adamw"})
    void matchesPyTorchEveryStep(String name) {
        for (Backend b : new Backend[] {CpuBackend.INSTANCE, ReferenceBackend.INSTANCE}) {
            try (Backends.Scope s = Backends.use(b)) {
                GoldenFixture fx = GoldenFixture.load("optim/" + name);
                Map<String, Parameter> ps = params(fx, "init.");
                Optimizer opt = factory(name).apply(ps);
                steps(fx, opt, ps, 1, STEPS, 1e-6);
                if (opt instanceof Adam adam) {
                    assertEquals(5, adam.stepCount("a"));
                    assertEquals(4, adam.stepCount("b"), "b had no gradient on step 3 and skipped it");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd_nesterov_wd", "sgd_dampening", "adam_wd", "adamw"})
    void resumesExactlyFromExportedState(String name) {
        GoldenFixture fx = GoldenFixture.load("optim/" + name);
        Map<String, Parameter> control = params(fx, "init.");
        Optimizer opt = factory(name).apply(control);
        steps(fx, opt, control, 1, 2, 1e-6);

        // A fresh optimizer over copies of the step-2 parameters, given the exported state, must
        // continue bit for bit like the optimizer that never stopped.
        Map<String, Parameter> resumedParams = new LinkedHashMap<>();
        control.forEach((k, p) -> resumedParams.put(k, new Parameter(p.value().detach().copy())));
        Optimizer resumed = factory(name).apply(resumedParams);
        resumed.loadStateDict(opt.stateDict());
        steps(fx, resumed, resumedParams, 3, STEPS, 1e-6);
        steps(fx, opt, control, 3, STEPS, 1e-6);
        for (String p : control.keySet()) {
            assertArrayEquals(control.get(p).value().toArray(), resumedParams.get(p).value().toArray(), name + " " + p);
        }
    }

    @Test
    void clipGradNormMatchesPyTorch() {
        for (String c : new String[] {"optim/clip_1", "optim/clip_100"}) {
            GoldenFixture fx = GoldenFixture.load(c);
            Map<String, Parameter> ps = params(fx, "grad.");
            for (var e : ps.entrySet()) {
                e.getValue().value().setGrad(fx.tensor("grad." + e.getKey()));
            }
            double norm = GradClip.clipGradNorm(ps.values(), fx.values("max_norm")[0]);
            assertEquals(fx.values("norm")[0], norm, 1e-6 * fx.values("norm")[0]);
            for (var e : ps.entrySet()) {
                relativeTolerance(c + " " + e.getKey(), fx.values("clipped." + e.getKey()), e.getValue().grad().toDoubleArray(), 1e-6);
            }
        }
    }
}
