package org.dadda.tensor.cpu.gemm;

/**
 * The left operand {@code op(A)} ({@code m x k}) of a blocked GEMM: packed block by block on demand,
 * or, when the operand allows it, read in place by the micro-kernel.
 */
public interface OperandA {

    /**
     * Packs {@code alpha * op(A)[i0 .. i0+mc) x [p0 .. p0+kc)} into {@code dst} from {@code dOff} as
     * {@code ceil(mc/mr)} micro-panels of {@code kc * mr} floats each ({@code mr} consecutive rows per
     * depth step), rows past {@code mc} zero-filled.
     */
    void packA(float[] dst, int dOff, int i0, int mc, int p0, int kc, int mr, float alpha);

    /**
     * The array the micro-kernel may read this operand from directly, with
     * {@code A(i, p) = data[inPlaceOffset(i0, p0) + (i - i0) * rowStride() + (p - p0) * depthStride()]},
     * or {@code null} when it must be packed. {@code i0} is always a multiple of the micro-panel height
     * and {@code p0} the start of a depth block.
     */
    default float[] inPlaceData() {
        return null;
    }

    /** See {@link #inPlaceData()}. */
    default int inPlaceOffset(int i0, int p0) {
        throw new UnsupportedOperationException("operand is not readable in place");
    }

    /** See {@link #inPlaceData()}. */
    default int rowStride() {
        throw new UnsupportedOperationException("operand is not readable in place");
    }

    /** See {@link #inPlaceData()}. */
    default int depthStride() {
        throw new UnsupportedOperationException("operand is not readable in place");
    }

    /** Whether in-place reads already carry alpha and zero rows past {@code m} (a prepacked operand). */
    default boolean inPlaceIsPacked() {
        return false;
    }
}
