package org.dadda.tensor;

/** float32 storage on the Java heap (backend SPI: kernels use {@link #array()} directly). */
public final class F32Storage extends Storage {
    private float[] a;
    private final int length;

    /** Wraps {@code a} without copying. */
    public F32Storage(float[] a) {
        this.a = a;
        this.length = a.length;
    }

    /** The backing array; for kernels only. Throws once the storage went back to a workspace. */
    public float[] array() {
        float[] x = a;
        if (x == null) {
            throw usedAfterRelease();
        }
        return x;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    protected Storage handOver() {
        F32Storage fresh = new F32Storage(array());
        a = null;
        return fresh;
    }

    @Override
    public double get(int i) {
        return array()[i];
    }

    @Override
    public void set(int i, double v) {
        array()[i] = (float) v;
    }

    @Override
    public DType dtype() {
        return DType.F32;
    }
}
