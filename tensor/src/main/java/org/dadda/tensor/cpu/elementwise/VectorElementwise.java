package org.dadda.tensor.cpu.elementwise;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.dadda.tensor.cpu.support.VectorMath;

/**
 * Vector API versions of the sigmoid-based elementwise kernels (the plain loops around
 * {@code StrictMath.exp} do not auto-vectorise). They use {@link VectorMath#exp}, built from adds and
 * FMAs, in the vector body and in the tails alike, so results do not depend on whether the JIT has
 * compiled the code yet nor on where a thread's range ends. Loaded only when the Vector API path
 * is enabled.
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorElementwise() {
    }

    /**
     * y = x > 0 ? x : 0 over [s, e), branch-free: the plain loop's data-dependent branch mispredicts
     * half the time on activations and does not vectorise (a NaN maps to 0, as in the reference).
     */
    static void relu(float[] x, int xo, float[] y, int yo, int s, int e) {
        FloatVector zero = FloatVector.zero(S);
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            zero.blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yo + i);
        }
        for (; i < e; i++) {
            float v = x[xo + i];
            y[yo + i] = v > 0 ? v : 0;
        }
    }

    /** gx = x > 0 ? gy : 0 over [s, e), branch-free. */
    static void reluBackward(float[] x, int xo, float[] gy, int go, float[] gx, int s, int e) {
        FloatVector zero = FloatVector.zero(S);
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            zero.blend(FloatVector.fromArray(S, gy, go + i), v.compare(VectorOperators.GT, 0f)).intoArray(gx, i);
        }
        for (; i < e; i++) {
            gx[i] = x[xo + i] > 0 ? gy[go + i] : 0;
        }
    }

    /** y = x * sigmoid(x) over [s, e). */
    static void silu(float[] x, int xo, float[] y, int yo, int s, int e) {
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector sig = VectorMath.exp(v.neg()).add(1f);
            v.div(sig).intoArray(y, yo + i);
        }
        for (; i < e; i++) {
            float v = x[xo + i];
            y[yo + i] = v / (1 + VectorMath.exp(-v));
        }
    }

    /** gx = gy * sig(x) * (1 + x (1 - sig(x))) over [s, e). */
    static void siluBackward(float[] x, int xo, float[] gy, int go, float[] gx, int s, int e) {
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector sig = one.div(VectorMath.exp(v.neg()).add(1f));
            FloatVector d = sig.mul(one.add(v.mul(one.sub(sig))));
            FloatVector.fromArray(S, gy, go + i).mul(d).intoArray(gx, i);
        }
        for (; i < e; i++) {
            float v = x[xo + i];
            float sg = 1 / (1 + VectorMath.exp(-v));
            gx[i] = gy[go + i] * sg * (1 + v * (1 - sg));
        }
    }

    /** y = sigmoid(x) over [s, e). */
    static void sigmoid(float[] x, int xo, float[] y, int yo, int s, int e) {
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector.broadcast(S, 1f).div(VectorMath.exp(v.neg()).add(1f)).intoArray(y, yo + i);
        }
        for (; i < e; i++) {
            y[yo + i] = 1 / (1 + VectorMath.exp(-x[xo + i]));
        }
    }

}
