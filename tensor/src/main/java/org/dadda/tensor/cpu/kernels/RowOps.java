package org.dadda.tensor.cpu.kernels;

/**
 * Element-wise primitives over one row of floats that the softmax parts of the attention kernels need.
 * Implementations sum in a fixed order, so they are deterministic.
 */
interface RowOps {

    /**
     * {@code x[i] = x[i] * scale + add[addOff + i]} (the addition only when {@code add != null}) for
     * {@code i < n}; returns the largest new value ({@code -Infinity} when {@code n == 0}).
     */
    float scaleAddMax(float[] x, int off, int n, float scale, float[] add, int addOff);

    /** {@code x[i] = exp(x[i] - shift)} for {@code i < n}; returns the sum of the new values. */
    float expSub(float[] x, int off, int n, float shift);

    /** {@code sum_i a[aOff + i] * b[bOff + i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * {@code g[gOff + i] = p[pOff + i] * (g[gOff + i] - delta) * factor} for {@code i < n} (softmax
     * backward, with the score scale folded in).
     */
    void mulSub(float[] p, int pOff, float[] g, int gOff, int n, float delta, float factor);

    /** {@code x[off + i] *= s} for {@code i < n}. */
    void scale(float[] x, int off, int n, float s);
}
