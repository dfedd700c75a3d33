package org.dadda.tensor;

/** float64 storage on the Java heap, used by the reference backend (backend SPI). */
public final class F64Storage extends Storage {
    private final double[] a;

    /** Wraps {@code a} without copying. */
    public F64Storage(double[] a) {
        this.a = a;
    }

    /** The backing array; for kernels only. */
    public double[] array() {
        return a;
    }

    @Override
    public int length() {
        return a.length;
    }

    @Override
    public double get(int i) {
        return a[i];
    }

    @Override
    public void set(int i, double v) {
        a[i] = v;
    }

    @Override
    public DType dtype() {
        return DType.F64;
    }
}
