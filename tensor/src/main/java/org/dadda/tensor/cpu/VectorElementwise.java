package org.dadda.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the transcendental elementwise kernels (the plain loops around
 * {@code Math.exp} do not auto-vectorise). Loaded only when the Vector API path is enabled.
 */
final class VectorElementwise {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorElementwise() {
    }

    /** y = x * sigmoid(x) over [s, e). */
    static void silu(float[] x, int xo, float[] y, int yo, int s, int e) {
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector sig = v.neg().lanewise(VectorOperators.EXP).add(1f);
            v.div(sig).intoArray(y, yo + i);
        }
        for (; i < e; i++) {
            float v = x[xo + i];
            y[yo + i] = v / (1 + (float) Math.exp(-v));
        }
    }

    /** gx = gy * sig(x) * (1 + x (1 - sig(x))) over [s, e). */
    static void siluBackward(float[] x, int xo, float[] gy, int go, float[] gx, int s, int e) {
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector one = FloatVector.broadcast(S, 1f);
            FloatVector sig = one.div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            FloatVector d = sig.mul(one.add(v.mul(one.sub(sig))));
            FloatVector.fromArray(S, gy, go + i).mul(d).intoArray(gx, i);
        }
        for (; i < e; i++) {
            float v = x[xo + i];
            float sg = 1 / (1 + (float) Math.exp(-v));
            gx[i] = gy[go + i] * sg * (1 + v * (1 - sg));
        }
    }

    /** y = sigmoid(x) over [s, e). */
    static void sigmoid(float[] x, int xo, float[] y, int yo, int s, int e) {
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xo + i);
            FloatVector.broadcast(S, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(y, yo + i);
        }
        for (; i < e; i++) {
            y[yo + i] = 1 / (1 + (float) Math.exp(-x[xo + i]));
        }
    }

    /** y = exp(x) over [s, e). */
    static void exp(float[] x, int xo, float[] y, int yo, int s, int e) {
        int i = s;
        int bound = s + S.loopBound(e - s);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).lanewise(VectorOperators.EXP).intoArray(y, yo + i);
        }
        for (; i < e; i++) {
            y[yo + i] = (float) Math.exp(x[xo + i]);
        }
    }
}
