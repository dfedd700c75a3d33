package org.dadda.tensor.cpu.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link WinogradLoops} with the Vector API: one lane per tile, the same additions in the same order
 * as {@link ScalarWinogradLoops}, which also runs the tails. Every vector stays inside one method
 * body (no helper takes a vector argument), so the JIT never has to box one. Loaded only when the
 * Vector API path is enabled.
 */
public final class VectorWinogradLoops implements WinogradLoops {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /**
     * Lane i takes lane 2i (even) or 2i + 1 (odd) modulo the length: applied to a and to b and blended
     * (upper half from b), this picks the even or odd elements of the pair (a, b).
     */
    private static final VectorShuffle<Float> EVEN = VectorShuffle.iota(S, 0, 2, true);
    private static final VectorShuffle<Float> ODD = VectorShuffle.iota(S, 1, 2, true);
    private static final VectorMask<Float> UPPER = VectorMask.fromLong(S, ((1L << L) - 1) & ~((1L << (L / 2)) - 1));

    @Override
    public void split(float[] src, int from, int count, float[] even, int eOff, float[] odd, int oOff) {
        int q = 0;
        for (; q + L <= count; q += L) {
            FloatVector a = FloatVector.fromArray(S, src, from + 2 * q);
            FloatVector b = FloatVector.fromArray(S, src, from + 2 * q + L);
            a.rearrange(EVEN).blend(b.rearrange(EVEN), UPPER).intoArray(even, eOff + q);
            a.rearrange(ODD).blend(b.rearrange(ODD), UPPER).intoArray(odd, oOff + q);
        }
        for (; q < count; q++) {
            even[eOff + q] = src[from + 2 * q];
            odd[oOff + q] = src[from + 2 * q + 1];
        }
    }

    @Override
    public void input(float[] even, float[] odd, int half, int tx0, int tx1, float[] v, int dst, int plane) {
        int tx = tx0;
        for (; tx + L <= tx1; tx += L) {
            int at = dst + tx;
            for (int r = 0; r < 4; r++) {
                // Row r of B^T d at the tile's four columns (even tx, odd tx, even tx+1, odd tx+1).
                int i0 = (r == 0 ? 0 : r == 3 ? 1 : r == 1 ? 1 : 2) * half + tx;
                int i1 = (r == 0 ? 2 : r == 3 ? 3 : r == 1 ? 2 : 1) * half + tx;
                FloatVector e0 = FloatVector.fromArray(S, even, i0);
                FloatVector e1 = FloatVector.fromArray(S, even, i1);
                FloatVector o0 = FloatVector.fromArray(S, odd, i0);
                FloatVector o1 = FloatVector.fromArray(S, odd, i1);
                FloatVector f0 = FloatVector.fromArray(S, even, i0 + 1);
                FloatVector f1 = FloatVector.fromArray(S, even, i1 + 1);
                FloatVector p0 = FloatVector.fromArray(S, odd, i0 + 1);
                FloatVector p1 = FloatVector.fromArray(S, odd, i1 + 1);
                FloatVector c0;
                FloatVector c1;
                FloatVector c2;
                FloatVector c3;
                if (r == 1) {
                    c0 = e0.add(e1);
                    c1 = o0.add(o1);
                    c2 = f0.add(f1);
                    c3 = p0.add(p1);
                } else {
                    c0 = e0.sub(e1);
                    c1 = o0.sub(o1);
                    c2 = f0.sub(f1);
                    c3 = p0.sub(p1);
                }
                int pos = 4 * r;
                c0.sub(c2).intoArray(v, pos * plane + at);
                c1.add(c2).intoArray(v, (pos + 1) * plane + at);
                c2.sub(c1).intoArray(v, (pos + 2) * plane + at);
                c1.sub(c3).intoArray(v, (pos + 3) * plane + at);
            }
        }
        for (; tx < tx1; tx++) {
            ScalarWinogradLoops.inputTile(even, odd, half, tx, v, dst, plane);
        }
    }

    @Override
    public void output(float[] m, int at, int plane, int tx0, int tx1, float[] y, int half) {
        int tx = tx0;
        for (; tx + L <= tx1; tx += L) {
            int i = at + tx;
            FloatVector m4 = FloatVector.fromArray(S, m, i + 4 * plane);
            FloatVector m5 = FloatVector.fromArray(S, m, i + 5 * plane);
            FloatVector m6 = FloatVector.fromArray(S, m, i + 6 * plane);
            FloatVector m7 = FloatVector.fromArray(S, m, i + 7 * plane);
            FloatVector m8 = FloatVector.fromArray(S, m, i + 8 * plane);
            FloatVector m9 = FloatVector.fromArray(S, m, i + 9 * plane);
            FloatVector m10 = FloatVector.fromArray(S, m, i + 10 * plane);
            FloatVector m11 = FloatVector.fromArray(S, m, i + 11 * plane);
            FloatVector s00 = FloatVector.fromArray(S, m, i).add(m4).add(m8);
            FloatVector s01 = FloatVector.fromArray(S, m, i + plane).add(m5).add(m9);
            FloatVector s02 = FloatVector.fromArray(S, m, i + 2 * plane).add(m6).add(m10);
            FloatVector s03 = FloatVector.fromArray(S, m, i + 3 * plane).add(m7).add(m11);
            FloatVector s10 = m4.sub(m8).sub(FloatVector.fromArray(S, m, i + 12 * plane));
            FloatVector s11 = m5.sub(m9).sub(FloatVector.fromArray(S, m, i + 13 * plane));
            FloatVector s12 = m6.sub(m10).sub(FloatVector.fromArray(S, m, i + 14 * plane));
            FloatVector s13 = m7.sub(m11).sub(FloatVector.fromArray(S, m, i + 15 * plane));
            s00.add(s01).add(s02).intoArray(y, tx);
            s01.sub(s02).sub(s03).intoArray(y, half + tx);
            s10.add(s11).add(s12).intoArray(y, 2 * half + tx);
            s11.sub(s12).sub(s13).intoArray(y, 3 * half + tx);
        }
        for (; tx < tx1; tx++) {
            ScalarWinogradLoops.outputTile(m, at, plane, tx, y, half);
        }
    }

    @Override
    public void outputGradient(float[] dy, int half, int tx0, int tx1, float[] dm, int at, int plane) {
        int tx = tx0;
        for (; tx + L <= tx1; tx += L) {
            FloatVector y00 = FloatVector.fromArray(S, dy, tx);
            FloatVector y01 = FloatVector.fromArray(S, dy, half + tx);
            FloatVector y10 = FloatVector.fromArray(S, dy, 2 * half + tx);
            FloatVector y11 = FloatVector.fromArray(S, dy, 3 * half + tx);
            int i = at + tx;
            for (int r = 0; r < 4; r++) {
                // Rows of A dY: y0, y0 + y1, y0 - y1, -y1; then each row (u, v) -> (u, u + v, u - v, -v).
                FloatVector u = r == 0 ? y00 : r == 1 ? y00.add(y10) : r == 2 ? y00.sub(y10) : y10.neg();
                FloatVector w = r == 0 ? y01 : r == 1 ? y01.add(y11) : r == 2 ? y01.sub(y11) : y11.neg();
                int pos = 4 * r;
                u.intoArray(dm, pos * plane + i);
                u.add(w).intoArray(dm, (pos + 1) * plane + i);
                u.sub(w).intoArray(dm, (pos + 2) * plane + i);
                w.neg().intoArray(dm, (pos + 3) * plane + i);
            }
        }
        for (; tx < tx1; tx++) {
            ScalarWinogradLoops.outputGradientTile(dy, half, tx, dm, at, plane);
        }
    }
}
