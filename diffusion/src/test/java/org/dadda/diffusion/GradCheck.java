package org.dadda.diffusion;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Map;
import java.util.function.Supplier;
import org.dadda.nn.Module;
import org.dadda.tensor.Autograd;
import org.dadda.tensor.Backends;
import org.dadda.tensor.Rng;
import org.dadda.tensor.Tensor;
import org.dadda.tensor.ref.ReferenceBackend;

/**
 * Finite-difference gradient checks in float64 on the reference backend: the analytic gradient
 * of {@code sum(f() * w)} for a random projection {@code w} against central differences, on a
 * random subset of the elements of each leaf (inputs and parameters), which are perturbed by
 * rewriting their values.
 */
public final class GradCheck {
    private GradCheck() {
    }

    /** Runs {@code body} with float64 tensors. */
    public static <T> T inFloat64(Supplier<T> body) {
        try (Backends.Scope s = Backends.use(ReferenceBackend.INSTANCE)) {
            return body.get();
        }
    }

    /** A float64 leaf with values uniform in (-1, 1), requiring a gradient. */
    public static Tensor input(Rng rng, int... shape) {
        return inFloat64(() -> Tensor.rand(rng, shape).affine(2, -1).detach().requiresGrad(true));
    }

    /** Overwrites every parameter of {@code m} with values uniform in (-scale, scale) (to undo zero initialisations). */
    public static void randomize(Module m, Rng rng, double scale) {
        inFloat64(() -> {
            try (Autograd.NoGrad ng = Autograd.noGrad()) {
                for (var p : m.parameters()) {
                    p.value().copyFrom(Tensor.rand(rng, p.shape()).affine(2 * scale, -scale));
                }
            }
            return null;
        });
    }

    /**
     * Checks the gradients of {@code f} with respect to every leaf in {@code leaves} (name to
     * tensor), on up to {@code perLeaf} elements of each.
     */
    public static void check(String name, Supplier<Tensor> f, Map<String, Tensor> leaves, int perLeaf) {
        inFloat64(() -> {
            double eps = 1e-6;
            double tol = 1e-5;
            for (Tensor t : leaves.values()) {
                t.setGrad(null);
            }
            Tensor out = f.get();
            Rng rng = new Rng(99);
            Tensor w = Tensor.rand(rng, out.shape()).affine(2, -1);
            out.mul(w).sum().backward();
            double[] wv = w.toDoubleArray();
            for (var e : leaves.entrySet()) {
                Tensor leaf = e.getValue();
                double[] analytic = leaf.grad() == null ? new double[leaf.numel()] : leaf.grad().toDoubleArray();
                double[] orig = leaf.toDoubleArray();
                int n = leaf.numel();
                for (int k = 0; k < Math.min(perLeaf, n); k++) {
                    int i = n <= perLeaf ? k : rng.nextInt(n);
                    double plus = project(f, leaf, orig, i, eps, wv);
                    double minus = project(f, leaf, orig, i, -eps, wv);
                    double numeric = (plus - minus) / (2 * eps);
                    if (Math.abs(numeric - analytic[i]) > tol * (1 + Math.abs(numeric))) {
                        leaf.copyFrom(Tensor.fromDoubles(orig, leaf.shape()));
                        fail(name + ": " + e.getKey() + " element " + i + ": analytic " + analytic[i] + " vs numeric " + numeric);
                    }
                }
                leaf.copyFrom(Tensor.fromDoubles(orig, leaf.shape()));
            }
            return null;
        });
    }

    private static double project(Supplier<Tensor> f, Tensor leaf, double[] orig, int i, double delta, double[] w) {
        double[] d = orig.clone();
        d[i] += delta;
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            leaf.copyFrom(Tensor.fromDoubles(d, leaf.shape()));
            double[] o = f.get().toDoubleArray();
            double s = 0;
            for (int j = 0; j < o.length; j++) {
                s += o[j] * w[j];
            }
            return s;
        }
    }
}
