package org.dadda.tensor.cpu.gemm;

/**
 * The right operand {@code op(B)} ({@code k x n}) of a blocked GEMM: packed block by block on demand,
 * or, for column panels the operand allows, read in place by the micro-kernel as
 * {@code B(p, j0 + t) = data[rows[p] * ld + column(j0) + t]}.
 */
public interface OperandB {

    /**
     * Packs {@code op(B)[p0 .. p0+kc) x [j0 .. j0+nc)} into {@code dst} from {@code dOff} as
     * {@code ceil(nc/nr)} micro-panels of {@code kc * nr} floats each ({@code nr} consecutive columns
     * per depth step), columns past {@code nc} zero-filled.
     */
    void packB(float[] dst, int dOff, int p0, int kc, int j0, int nc, int nr);

    /** The array in-place reads use, or {@code null} when every panel must be packed. */
    default float[] inPlaceData() {
        return null;
    }

    /** Row table of in-place reads for depths {@code p < k}; see the class comment. */
    default int[] inPlaceRows(int k) {
        return null;
    }

    /** Multiplier of the row table entries; see the class comment. */
    default int inPlaceLd() {
        return 1;
    }

    /**
     * The column base of panel {@code [j0, j0 + nr)} (of which {@code cols} columns are wanted) when the
     * micro-kernel may read its {@code nr} columns in place, for every depth below {@code k}, without
     * leaving the array and at no loss of speed; otherwise -1.
     */
    default int inPlaceColumn(int j0, int cols, int nr, int k) {
        return -1;
    }
}
