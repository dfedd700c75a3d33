package org.dadda.tensor.ref;

import org.dadda.tensor.DType;
import org.dadda.tensor.F64Storage;
import org.dadda.tensor.Storage;
import org.dadda.tensor.Workspace;

/**
 * The float64 backend: every kernel as plainly written in {@link GenericBackend}, in double
 * precision. Finite-difference gradient checks run on it, and it is the oracle the fast float32
 * kernels are compared with. Slow by design.
 */
public final class ReferenceBackend extends GenericBackend {

    /** The shared instance (the backend is stateless). */
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public DType dtype() {
        return DType.F64;
    }

    @Override
    public Storage allocate(int n) {
        return Workspace.allocate(this, n, size -> new F64Storage(new double[size]));
    }

    @Override
    public Storage fromFloats(float[] src, int off, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = src[off + i];
        }
        return new F64Storage(a);
    }

    @Override
    public Storage fromDoubles(double[] src) {
        return new F64Storage(src.clone());
    }

    /** Registers this backend as {@code reference} for {@link org.dadda.tensor.Backends#byName}. */
    public static final class Provider extends org.dadda.tensor.NamedBackend {
        /** The provider ServiceLoader instantiates. */
        public Provider() {
            super("reference", INSTANCE);
        }
    }
}
