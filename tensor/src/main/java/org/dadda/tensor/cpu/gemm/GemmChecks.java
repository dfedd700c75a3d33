package org.dadda.tensor.cpu.gemm;

/** Argument checks shared by the GEMM entry points; every message names the operand at fault. */
final class GemmChecks {

    private GemmChecks() {
    }

    /** Checks sizes and that each operand of one product fits in its array. */
    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: sizes must be >= 0, got m=" + m + " n=" + n + " k=" + k);
        }
        if (c == null) {
            throw new IllegalArgumentException("sgemm: C is null");
        }
        matrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        if (a == null || b == null) {
            throw new IllegalArgumentException("sgemm: " + (a == null ? "A" : "B") + " is null");
        }
        if (transA) {
            matrix("A (transposed, stored k x m)", a, aOff, lda, k, m);
        } else {
            matrix("A", a, aOff, lda, m, k);
        }
        if (transB) {
            matrix("B (transposed, stored n x k)", b, bOff, ldb, n, k);
        } else {
            matrix("B", b, bOff, ldb, k, n);
        }
    }

    /** Checks that a stored {@code rows x cols} row-major matrix with leading dimension {@code ld} fits. */
    static void matrix(String name, float[] data, long off, int ld, int rows, int cols) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("sgemm: leading dimension of " + name + " is " + ld
                    + ", must be >= " + Math.max(1, cols));
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (off < 0 || last >= data.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + " x " + cols + ", ld " + ld
                    + ", offset " + off + ") does not fit in an array of " + data.length + " floats");
        }
    }
}
