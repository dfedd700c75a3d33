package org.dadda.tensor.cpu.support;

/**
 * Per-thread scratch arrays, one per {@link Slot}, grown on demand and never shrunk, so kernels called
 * repeatedly with the same shapes allocate (and touch fresh memory) only on their first call.
 * A slot's content is only meaningful inside the call that filled it.
 */
public final class Scratch {

    /** Independent scratch buffers; a kernel may hold several slots at once, never one slot twice. */
    public enum Slot {
        /** Convolution weights packed as a GEMM A operand. */
        CONV_PACKED_W,
        /** Convolution weights flipped and transposed for the input gradient. */
        CONV_FLIPPED_W,
        /** Zero-padded channels-last copy of one image, for the weight gradient. */
        CONV_HWC,
        /** Zero-padded copy of one image, for stride-1 convolutions. */
        CONV_PADDED,
        /** Output of one image in padded-width layout, before its junk columns are dropped. */
        CONV_OUT_PADDED,
        /** Weight gradient of one group in (out, kh, kw, in) order. */
        CONV_GRAD_W,
        /** Column matrix for the strided input gradient. */
        CONV_COLUMNS,
        /** Winograd-transformed input tiles of one chunk, per position. */
        WINOGRAD_TILES,
        /** Winograd-domain products (or output gradients) of one chunk, per position. */
        WINOGRAD_PRODUCTS,
        /** Winograd-transformed weights, or their gradient, per position. */
        WINOGRAD_WEIGHTS,
        /** Winograd-transformed weights packed as GEMM A operands. */
        WINOGRAD_PACKED_WEIGHTS,
        /** Attention scores or probabilities of one query block. */
        ATTN_SCORES,
        /** Attention probability gradients of one query block. */
        ATTN_GRAD_SCORES,
        /** One head's keys transposed. */
        ATTN_KEYS_T,
        /** Per-row statistics of one query block. */
        ATTN_ROW_STATS,
        /** One query block scaled into base-2 score units. */
        ATTN_QUERIES,
        /** The additive mask scaled into base-2 units. */
        ATTN_MASK
    }

    /** Independent integer scratch buffers (row tables). */
    public enum IntSlot {
        /** Row offsets of a convolution's column matrix in its padded image. */
        CONV_ROWS,
        /** Pixel offsets of the weight gradient's column matrix in its channels-last image. */
        CONV_PIXEL_ROWS
    }

    private static final ThreadLocal<float[][]> BUFFERS =
            ThreadLocal.withInitial(() -> new float[Slot.values().length][]);
    private static final ThreadLocal<int[][]> INT_BUFFERS =
            ThreadLocal.withInitial(() -> new int[IntSlot.values().length][]);

    private Scratch() {
    }

    /** A buffer of at least {@code size} floats for this thread and slot (contents unspecified). */
    public static float[] get(Slot slot, int size) {
        float[][] all = BUFFERS.get();
        float[] b = all[slot.ordinal()];
        if (b == null || b.length < size) {
            b = new float[size];
            all[slot.ordinal()] = b;
        }
        return b;
    }

    /** An int buffer of at least {@code size} entries for this thread and slot (contents unspecified). */
    public static int[] ints(IntSlot slot, int size) {
        int[][] all = INT_BUFFERS.get();
        int[] b = all[slot.ordinal()];
        if (b == null || b.length < size) {
            b = new int[size];
            all[slot.ordinal()] = b;
        }
        return b;
    }
}
