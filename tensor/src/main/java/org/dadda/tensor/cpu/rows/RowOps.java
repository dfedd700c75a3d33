package org.dadda.tensor.cpu.rows;

/**
 * Element-wise primitives over one row of floats: the softmax parts of the attention kernels and the
 * per-channel passes of group normalisation.
 * Exponentials are taken in base 2: the caller folds {@code scale * log2(e)} into the queries (and
 * {@code log2(e)} into the mask), so the scores arrive in base-2 units and no pass over them has to
 * rescale. Implementations sum in a fixed order, so they are deterministic.
 */
public interface RowOps {

    /** {@code log2(e)}. */
    float LOG2E = 1.4426950408889634f;

    /**
     * {@code x[off+i] += add[addOff+i]} for {@code i < n} (nothing when {@code add == null}); returns
     * the largest value of the row ({@code -Infinity} if none).
     */
    float addMax(float[] x, int off, int n, float[] add, int addOff);

    /**
     * {@code x[off+i] = 2^(x[off+i] - shift)} for {@code i < n}; returns the sum of the new values.
     * Meant for softmax, where {@code shift} is at least the row's maximum: arguments must not exceed
     * 127, and those below -126 (including {@code -Infinity}) give exactly 0.
     */
    float exp2Sub(float[] x, int off, int n, float shift);

    /**
     * {@code x[off+i] = 2^(x[off+i] + add[addOff+i] - shift)} (without the addition when
     * {@code add == null}): the softmax probabilities again from a saved log-sum-exp, same range rules
     * as {@link #exp2Sub}.
     */
    void exp2AddSub(float[] x, int off, int n, float[] add, int addOff, float shift);

    /** {@code sum_i a[aOff + i] * b[bOff + i]}. */
    float dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * {@code g[gOff + i] = p[pOff + i] * (g[gOff + i] - delta) * factor} for {@code i < n} (softmax
     * backward, with the score scale folded in).
     */
    void mulSub(float[] p, int pOff, float[] g, int gOff, int n, float delta, float factor);

    /** {@code x[off + i] *= s} for {@code i < n}. */
    void scale(float[] x, int off, int n, float s);

    /** {@code sum_i x[off + i]}. */
    float sum(float[] x, int off, int n);

    /** {@code sum_i (x[off + i] - mean)^2}. */
    float sumSquaredDeviations(float[] x, int off, int n, float mean);

    /** {@code sum_i a[aOff + i] * (b[bOff + i] - shift)}. */
    float dotShifted(float[] a, int aOff, float[] b, int bOff, int n, float shift);

    /** {@code y[yOff + i] = x[xOff + i] * scale + shift} for {@code i < n}. */
    void affine(float[] x, int xOff, float[] y, int yOff, int n, float scale, float shift);

    /** {@code out[outOff + i] = a * u[uOff + i] + b * v[vOff + i] + c} for {@code i < n}. */
    void combine(float[] u, int uOff, float[] v, int vOff, float[] out, int outOff, int n, float a, float b, float c);
}
