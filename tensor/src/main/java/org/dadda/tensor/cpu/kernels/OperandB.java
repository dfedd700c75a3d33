package org.dadda.tensor.cpu.kernels;

/** The right operand {@code op(B)} ({@code k x n}) of a blocked GEMM, packed block by block on demand. */
interface OperandB {

    /**
     * Packs {@code op(B)[p0 .. p0+kc) x [j0 .. j0+nc)} into {@code dst} from {@code dOff} as {@code ceil(nc/nr)}
     * micro-panels of {@code kc * nr} floats each ({@code nr} consecutive columns per depth step),
     * columns past {@code nc} zero-filled.
     */
    void packB(float[] dst, int dOff, int p0, int kc, int j0, int nc, int nr);
}
