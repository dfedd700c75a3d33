package org.dadda.tensor.cpu.gemm;

/**
 * Plain-Java GEMM micro-kernel (4 x 4 tile) used when the Vector API is unavailable or disabled.
 * The sixteen accumulators are locals so the JIT keeps them in registers and nothing is allocated.
 */
public final class ScalarMicroKernel implements MicroKernel {

    static final int MR = 4;
    static final int NR = 4;

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
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f;
        int r2 = 2 * ars;
        int r3 = 3 * ars;
        int ai = aOff;
        for (int p = 0; p < kc; p++) {
            int bi = bRows[bRowOff + p] * ldb + bCol;
            float b0 = bp[bi], b1 = bp[bi + 1], b2 = bp[bi + 2], b3 = bp[bi + 3];
            float a0 = ap[ai];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            float a1 = ap[ai + ars];
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            float a2 = ap[ai + r2];
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            float a3 = ap[ai + r3];
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
            ai += aps;
        }
        store(c00, c01, c02, c03, dst, dOff);
        store(c10, c11, c12, c13, dst, dOff + 1 * ldd);
        store(c20, c21, c22, c23, dst, dOff + 2 * ldd);
        store(c30, c31, c32, c33, dst, dOff + 3 * ldd);
    }

    private static void store(float v0, float v1, float v2, float v3, float[] dst, int di) {
        dst[di] = v0;
        dst[di + 1] = v1;
        dst[di + 2] = v2;
        dst[di + 3] = v3;
    }

    @Override
    public void accumulate(float[] tile, float beta, float[] c, int cOff, int ldc, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            int ci = cOff + r * ldc;
            int ti = r * NR;
            for (int j = 0; j < cols; j++) {
                c[ci + j] = beta == 0f ? tile[ti + j] : tile[ti + j] + beta * c[ci + j];
            }
        }
    }
}
