package org.dadda.tensor.cpu.kernels;

/** The left operand {@code op(A)} ({@code m x k}) of a blocked GEMM, packed block by block on demand. */
interface OperandA {

    /**
     * Packs {@code alpha * op(A)[i0 .. i0+mc) x [p0 .. p0+kc)} into {@code dst} from {@code dOff} as {@code ceil(mc/mr)}
     * micro-panels of {@code kc * mr} floats each ({@code mr} consecutive rows per depth step), rows
     * past {@code mc} zero-filled.
     */
    void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc, int mr, float alpha);
}
