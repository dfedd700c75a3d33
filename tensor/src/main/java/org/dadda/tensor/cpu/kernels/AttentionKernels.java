package org.dadda.tensor.cpu.kernels;

/**
 * Static entry points for fused scaled-dot-product attention on float arrays, using the kernels chosen
 * by {@link KernelConfig}; see {@link AttentionKernel} for layouts and contracts.
 */
public final class AttentionKernels {

    private static final AttentionKernel ACTIVE = new AttentionKernel(KernelSet.active());

    private AttentionKernels() {
    }

    /** {@code out = softmax(q k^T * scale + mask) v}, {@code lse} saved; see {@link AttentionKernel#forward}. */
    public static void forward(int bh, int lq, int lk, int d, float scale, float[] q, float[] k, float[] v,
                               float[] mask, float[] out, float[] lse) {
        ACTIVE.forward(bh, lq, lk, d, scale, q, k, v, mask, out, lse);
    }

    /** Gradients of q, k, v (overwritten); see {@link AttentionKernel#backward}. */
    public static void backward(int bh, int lq, int lk, int d, float scale, float[] q, float[] k, float[] v,
                                float[] mask, float[] out, float[] lse, float[] gout,
                                float[] gq, float[] gk, float[] gv) {
        ACTIVE.backward(bh, lq, lk, d, scale, q, k, v, mask, out, lse, gout, gq, gk, gv);
    }
}
