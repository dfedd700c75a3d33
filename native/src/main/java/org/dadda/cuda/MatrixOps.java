package org.dadda.cuda;

import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.GemmGeometry;
import org.dadda.tensor.View;

/**
 * Batched SGEMM and the three convolution kernels, all on the tiled loop of gemm.cuh. Problems
 * beyond the grid's z limit (65535 batch entries, images x groups) go out in several launches,
 * each told the index of its first problem.
 */
final class MatrixOps {
    private final Launcher launcher;
    private final Device device;

    MatrixOps(Launcher launcher, Device device) {
        this.launcher = launcher;
        this.device = device;
    }

    void gemm(GemmGeometry g, double alpha, View a, View b, double beta, View c) {
        for (int base = 0; base < g.batch(); base += LaunchGeometry.MAX_GRID_YZ) {
            int count = LaunchGeometry.batchChunk(g.batch() - base);
            launcher.launch(Kernels.SGEMM, LaunchGeometry.gemmTiles("gemm", g.m(), g.n(), count), new KernelArgs()
                    .pointer(a).pointer(b).pointer(c).i(g.m()).i(g.n()).i(g.k()).flag(g.transA()).flag(g.transB())
                    .i(GemmGeometry.batchStride(a)).i(GemmGeometry.batchStride(b)).f(alpha).f(beta).i(base));
        }
    }

    void conv2d(ConvGeometry g, View x, View w, View bias, View y) {
        int[] dims = KernelStructs.conv(g);
        for (int base = 0; base < g.n() * g.groups(); base += LaunchGeometry.MAX_GRID_YZ) {
            int count = LaunchGeometry.batchChunk(g.n() * g.groups() - base);
            launcher.launch(Kernels.CONV_FORWARD, LaunchGeometry.gemmTiles("conv2d", g.ocPerGroup(), g.oh() * g.ow(), count),
                    new KernelArgs().pointer(x).pointer(w).pointer(bias).pointer(y).struct(dims).i(base));
        }
    }

    void conv2dBackwardInput(ConvGeometry g, View gy, View w, View gx) {
        int[] dims = KernelStructs.conv(g);
        for (int base = 0; base < g.n() * g.groups(); base += LaunchGeometry.MAX_GRID_YZ) {
            int count = LaunchGeometry.batchChunk(g.n() * g.groups() - base);
            launcher.launch(Kernels.CONV_BACKWARD_INPUT,
                    LaunchGeometry.gemmTiles("conv2dBackwardInput", g.cPerGroup(), g.h() * g.w(), count),
                    new KernelArgs().pointer(gy).pointer(w).pointer(gx).struct(dims).i(base));
        }
    }

    /**
     * The weight gradient sums over images x output pixels, long while the result is small: the
     * sum is split ({@link LaunchGeometry#kSplits}) into partial results that a second kernel adds
     * in a fixed order, so the GPU has enough blocks and the result stays deterministic.
     */
    void conv2dBackwardWeight(ConvGeometry g, View x, View gy, View gw) {
        int[] dims = KernelStructs.conv(g);
        int columns = g.cPerGroup() * g.kh() * g.kw();
        int k = g.n() * g.oh() * g.ow();
        LaunchGeometry one = LaunchGeometry.gemmTiles("conv2dBackwardWeight", g.ocPerGroup(), columns, 1);
        int splits = LaunchGeometry.kSplits((long) one.gridX() * one.gridY() * g.groups(), k);
        int kPerSplit = (int) LaunchGeometry.ceilDiv(k, splits);
        int weights = g.oc() * columns;
        DeviceBuffer partials = splits == 1 ? null : DeviceBuffer.allocate(device, (long) splits * weights * Float.BYTES);
        long out = partials == null ? CudaStorage.of(gw).address(gw.offset()) : partials.address(0);
        int problems = g.groups() * splits;
        for (int base = 0; base < problems; base += LaunchGeometry.MAX_GRID_YZ) {
            int count = LaunchGeometry.batchChunk(problems - base);
            launcher.launch(Kernels.CONV_BACKWARD_WEIGHT,
                    LaunchGeometry.gemmTiles("conv2dBackwardWeight", g.ocPerGroup(), columns, count),
                    new KernelArgs().pointer(x).pointer(gy).pointer(out).struct(dims).i(splits).i(kPerSplit).i(base));
        }
        if (partials != null) {
            launcher.launch(Kernels.CONV_SUM_SPLITS, LaunchGeometry.elementwise(weights),
                    new KernelArgs().pointer(out).pointer(gw).i(weights).i(splits));
            // The partials must outlive the launches that read them (their cleaner frees them after).
            java.lang.ref.Reference.reachabilityFence(partials);
        }
    }
}
