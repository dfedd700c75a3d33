package org.dadda.tensor.cpu.kernels;

/**
 * Per-thread scratch arrays, one per {@link Slot}, grown on demand and never shrunk, so kernels called
 * repeatedly with the same shapes allocate (and touch fresh memory) only on their first call.
 * A slot's content is only meaningful inside the call that filled it.
 */
final class Scratch {

    /** Independent scratch buffers; a kernel may hold several slots at once, never one slot twice. */
    enum Slot {
        /** Convolution weights packed as a GEMM A operand. */
        CONV_PACKED_W,
        /** Convolution weights flipped and transposed for the input gradient. */
        CONV_FLIPPED_W,
        /** Zero-padded channels-last copy of one image, for the weight gradient. */
        CONV_HWC,
        /** Weight gradient of one group in (out, kh, kw, in) order. */
        CONV_GRAD_W,
        /** Column matrix for the strided input gradient. */
        CONV_COLUMNS,
        /** Attention scores or probabilities of one query block. */
        ATTN_SCORES,
        /** Attention probability gradients of one query block. */
        ATTN_GRAD_SCORES,
        /** One head's keys transposed. */
        ATTN_KEYS_T,
        /** Per-row statistics of one query block. */
        ATTN_ROW_STATS
    }

    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[Slot.values().length][]);

    private Scratch() {
    }

    /** A buffer of at least {@code size} floats for this thread and slot (contents unspecified). */
    static float[] get(Slot slot, int size) {
        float[][] all = BUFFERS.get();
        float[] b = all[slot.ordinal()];
        if (b == null || b.length < size) {
            b = new float[size];
            all[slot.ordinal()] = b;
        }
        return b;
    }
}
