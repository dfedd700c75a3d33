package org.dadda.cuda;

import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.View;

/**
 * Fused attention on the GPU (attention.cu): forward with online softmax, backward as a row
 * delta pass, a query-gradient pass and a key/value-gradient pass; no [lq, lk] matrix is stored.
 */
final class AttentionOps {
    /** Largest head dimension the kernels hold in per-thread arrays ({@code MAX_HEAD_DIM}). */
    static final int MAX_HEAD_DIM = 128;
    /** Rows one block owns ({@code ROWS_PER_BLOCK}). */
    static final int ROWS_PER_BLOCK = 64;
    /** Rows per shared-memory tile ({@code KEY_TILE}). */
    static final int KEY_TILE = 32;

    private final Launcher launcher;
    private final Device device;

    AttentionOps(Launcher launcher, Device device) {
        this.launcher = launcher;
        this.device = device;
    }

    private static void checkHeadDim(String op, AttentionGeometry g) {
        if (g.d() > MAX_HEAD_DIM) {
            throw new UnsupportedOperationException(op + " with head dimension " + g.d() + " (above " + MAX_HEAD_DIM
                    + "): the CUDA backend does not have it yet");
        }
    }

    /** Dynamic shared memory of the forward and query-gradient kernels: a key tile and a value tile. */
    static int tileBytes(AttentionGeometry g) {
        return 2 * KEY_TILE * g.d() * Float.BYTES;
    }

    void attention(AttentionGeometry g, View q, View k, View v, View mask, View out, View lse) {
        checkHeadDim("attention", g);
        launcher.launch(Kernels.ATTENTION_FORWARD,
                LaunchGeometry.rowBlocks("attention", g.lq(), g.heads(), ROWS_PER_BLOCK, tileBytes(g)),
                new KernelArgs().pointer(q).pointer(k).pointer(v).pointer(mask).pointer(out).pointer(lse)
                        .struct(KernelStructs.attention(g)));
    }

    void attentionBackward(AttentionGeometry g, View q, View k, View v, View mask, View out, View lse, View gout,
                           View gq, View gk, View gv) {
        checkHeadDim("attentionBackward", g);
        int[] dims = KernelStructs.attention(g);
        int rows = g.heads() * g.lq();
        DeviceBuffer delta = DeviceBuffer.allocate(device, (long) rows * Float.BYTES);
        long deltaAt = delta.address(0);
        launcher.launch(Kernels.ATTENTION_DELTA, LaunchGeometry.elementwise(rows),
                new KernelArgs().pointer(out).pointer(gout).pointer(deltaAt).struct(dims));
        launcher.launch(Kernels.ATTENTION_BACKWARD_QUERY,
                LaunchGeometry.rowBlocks("attentionBackward", g.lq(), g.heads(), ROWS_PER_BLOCK, tileBytes(g)),
                new KernelArgs().pointer(q).pointer(k).pointer(v).pointer(mask).pointer(lse).pointer(deltaAt)
                        .pointer(gout).pointer(gq).struct(dims));
        launcher.launch(Kernels.ATTENTION_BACKWARD_KEY_VALUE,
                LaunchGeometry.rowBlocks("attentionBackward", g.lk(), g.heads(), ROWS_PER_BLOCK,
                        tileBytes(g) + 2 * KEY_TILE * Float.BYTES),
                new KernelArgs().pointer(q).pointer(k).pointer(v).pointer(mask).pointer(lse).pointer(deltaAt)
                        .pointer(gout).pointer(gk).pointer(gv).struct(dims));
        // The delta buffer must outlive the launches that read it (its cleaner frees it after).
        java.lang.ref.Reference.reachabilityFence(delta);
    }
}
