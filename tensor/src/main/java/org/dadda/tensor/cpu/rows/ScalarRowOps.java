package org.dadda.tensor.cpu.rows;

/**
 * Plain-Java {@link RowOps}; powers of two through {@link StrictMath#exp} in double precision (fdlibm's
 * result, fixed by its specification, rather than whatever {@code Math.exp} is intrinsified to).
 */
public final class ScalarRowOps implements RowOps {

    private static final double LN2 = StrictMath.log(2);

    private static float exp2(float v) {
        return v < -126f ? 0f : (float) StrictMath.exp(v * LN2);
    }

    @Override
    public float addMax(float[] x, int off, int n, float[] add, int addOff) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = x[off + i];
            if (add != null) {
                v += add[addOff + i];
                x[off + i] = v;
            }
            max = Math.max(max, v);
        }
        return max;
    }

    @Override
    public float exp2Sub(float[] x, int off, int n, float shift) {
        float sum = 0f;
        for (int i = off; i < off + n; i++) {
            float e = exp2(x[i] - shift);
            x[i] = e;
            sum += e;
        }
        return sum;
    }

    @Override
    public void exp2AddSub(float[] x, int off, int n, float[] add, int addOff, float shift) {
        for (int i = 0; i < n; i++) {
            float v = add == null ? x[off + i] : x[off + i] + add[addOff + i];
            x[off + i] = exp2(v - shift);
        }
    }

    @Override
    public float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    @Override
    public void mulSub(float[] p, int pOff, float[] g, int gOff, int n, float delta, float factor) {
        for (int i = 0; i < n; i++) {
            g[gOff + i] = p[pOff + i] * (g[gOff + i] - delta) * factor;
        }
    }

    @Override
    public void scale(float[] x, int off, int n, float s) {
        for (int i = off; i < off + n; i++) {
            x[i] *= s;
        }
    }

    @Override
    public float sum(float[] x, int off, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += x[off + i];
        }
        return s;
    }

    @Override
    public float sumSquaredDeviations(float[] x, int off, int n, float mean) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            float d = x[off + i] - mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public float dotShifted(float[] a, int aOff, float[] b, int bOff, int n, float shift) {
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * (b[bOff + i] - shift);
        }
        return s;
    }

    @Override
    public void affine(float[] x, int xOff, float[] y, int yOff, int n, float scale, float shift) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = x[xOff + i] * scale + shift;
        }
    }

    @Override
    public void combine(float[] u, int uOff, float[] v, int vOff, float[] out, int outOff, int n, float a, float b,
                        float c) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a * u[uOff + i] + b * v[vOff + i] + c;
        }
    }
}
