package org.dadda.tensor;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.function.Function;
import org.dadda.tensor.ref.ReferenceBackend;

/**
 * Finite-difference gradient check in float64 on the reference backend: the analytic gradient
 * of {@code sum(f(inputs) * w)} for a random projection {@code w} against central differences.
 */
final class GradCheck {
    private GradCheck() {
    }

    /** Inputs: float64 tensors with values from {@code rng}, kept away from 0 by {@code minAbs}. */
    static Tensor input(Rng rng, double minAbs, int... shape) {
        try (Backends.Scope s = Backends.use(ReferenceBackend.INSTANCE)) {
            double[] v = new double[Shape.numel(shape)];
            for (int i = 0; i < v.length; i++) {
                double u = rng.nextDouble() * 2 - 1;
                v[i] = u >= 0 ? minAbs + u : -minAbs + u;
            }
            return Tensor.fromDoubles(v, shape).requiresGrad(true);
        }
    }

    static void check(String name, Function<Tensor[], Tensor> f, Tensor... inputs) {
        check(name, 1e-6, 1e-5, f, inputs);
    }

    static void check(String name, double eps, double tol, Function<Tensor[], Tensor> f, Tensor... inputs) {
        try (Backends.Scope s = Backends.use(ReferenceBackend.INSTANCE)) {
            for (Tensor t : inputs) {
                t.setGrad(null);
            }
            Tensor out = f.apply(inputs);
            Rng rng = new Rng(99);
            double[] wv = new double[out.numel()];
            for (int i = 0; i < wv.length; i++) {
                wv[i] = rng.nextDouble() * 2 - 1;
            }
            Tensor w = Tensor.fromDoubles(wv, out.shape());
            out.mul(w).sum().backward();
            for (int k = 0; k < inputs.length; k++) {
                Tensor in = inputs[k];
                if (!in.requiresGrad()) {
                    continue;
                }
                double[] analytic = in.grad() == null ? new double[in.numel()] : in.grad().toDoubleArray();
                Storage st = in.storage();
                for (int i = 0; i < in.numel(); i++) {
                    int at = in.offset() + i;
                    double orig = st.get(at);
                    st.set(at, orig + eps);
                    double plus = project(f, inputs, w);
                    st.set(at, orig - eps);
                    double minus = project(f, inputs, w);
                    st.set(at, orig);
                    double numeric = (plus - minus) / (2 * eps);
                    double err = Math.abs(numeric - analytic[i]);
                    if (err > tol * (1 + Math.abs(numeric))) {
                        fail(name + ": input " + k + " element " + i + ": analytic " + analytic[i] + " vs numeric " + numeric);
                    }
                }
            }
        }
    }

    private static double project(Function<Tensor[], Tensor> f, Tensor[] inputs, Tensor w) {
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            double[] o = f.apply(inputs).toDoubleArray();
            double[] wv = w.toDoubleArray();
            double s = 0;
            for (int i = 0; i < o.length; i++) {
                s += o[i] * wv[i];
            }
            return s;
        }
    }
}
