package org.dadda.tensor;

/** float32 storage on the Java heap (backend SPI: kernels use {@link #array()} directly). */
public final class F32Storage extends Storage {
    private final float[] a;

    /** Wraps {@code a} without copying. */
    public F32Storage(float[] a) {
        this.a = a;
    }

    /** The backing array; for kernels only. */
    public float[] array() {
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
        a[i] = (float) v;
    }

    @Override
    public DType dtype() {
        return DType.F32;
    }
}
