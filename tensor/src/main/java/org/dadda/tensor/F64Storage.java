package org.dadda.tensor;

/** float64 storage on the Java heap, used by the reference backend (backend SPI). */
public final class F64Storage extends Storage {
    private double[] a;
    private final int length;

    /** Wraps {@code a} without copying. */
    public F64Storage(double[] a) {
        this.a = a;
        this.length = a.length;
    }

    /** The backing array; for kernels only. Throws once the storage went back to a workspace. */
    public double[] array() {
        double[] x = a;
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
        F64Storage fresh = new F64Storage(array());
        a = null;
        return fresh;
    }

    @Override
    public double get(int i) {
        return array()[i];
    }

    @Override
    public void set(int i, double v) {
        array()[i] = v;
    }

    @Override
    public DType dtype() {
        return DType.F64;
    }
}
