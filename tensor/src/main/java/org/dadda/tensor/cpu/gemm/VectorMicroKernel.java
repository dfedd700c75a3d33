package org.dadda.tensor.cpu.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API GEMM micro-kernel: 8 rows x 2 vectors of the preferred species (8 x 32 floats with
 * AVX-512), all 16 accumulators held in registers. The body is kept small and branch-free in the
 * k loop because C2 must compile it before the Vector API stops boxing (and C1 gives up on larger
 * kernels). Loaded only when {@link KernelConfig} selects the Vector API.
 */
public final class VectorMicroKernel implements MicroKernel {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public void multiply(int kc, float[] ap, int aOff, int ars, int aps, float[] bp, int[] bRows, int bRowOff, int ldb,
                         int bCol, float[] dst, int dOff, int ldd) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
        FloatVector c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int r1 = ars;
        int r2 = 2 * ars;
        int r3 = 3 * ars;
        int r4 = 4 * ars;
        int r5 = 5 * ars;
        int r6 = 6 * ars;
        int r7 = 7 * ars;
        int ai = aOff;
        for (int p = 0; p < kc; p++) {
            int bi = bRows[bRowOff + p] * ldb + bCol;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi);
            FloatVector b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector a = FloatVector.broadcast(S, ap[ai]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ai + r1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ai + r2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ai + r3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ai + r4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ai + r5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ai + r6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ai + r7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
            ai += aps;
        }
        int di = dOff;
        c00.intoArray(dst, di);
        c01.intoArray(dst, di + L);
        c10.intoArray(dst, di += ldd);
        c11.intoArray(dst, di + L);
        c20.intoArray(dst, di += ldd);
        c21.intoArray(dst, di + L);
        c30.intoArray(dst, di += ldd);
        c31.intoArray(dst, di + L);
        c40.intoArray(dst, di += ldd);
        c41.intoArray(dst, di + L);
        c50.intoArray(dst, di += ldd);
        c51.intoArray(dst, di + L);
        c60.intoArray(dst, di += ldd);
        c61.intoArray(dst, di + L);
        c70.intoArray(dst, di += ldd);
        c71.intoArray(dst, di + L);
    }

    @Override
    public void accumulate(float[] tile, float beta, float[] c, int cOff, int ldc, int rows, int cols) {
        if (cols == NR) {
            FloatVector vb = FloatVector.broadcast(S, beta);
            for (int r = 0; r < rows; r++) {
                int ci = cOff + r * ldc;
                int ti = r * NR;
                for (int h = 0; h < NR; h += L) {
                    FloatVector t = FloatVector.fromArray(S, tile, ti + h);
                    if (beta != 0f) {
                        t = FloatVector.fromArray(S, c, ci + h).fma(vb, t);
                    }
                    t.intoArray(c, ci + h);
                }
            }
            return;
        }
        for (int r = 0; r < rows; r++) {
            int ci = cOff + r * ldc;
            int ti = r * NR;
            for (int j = 0; j < cols; j++) {
                c[ci + j] = beta == 0f ? tile[ti + j] : Math.fma(c[ci + j], beta, tile[ti + j]);
            }
        }
    }
}
