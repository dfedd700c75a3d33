package org.dadda.cuda;

import org.dadda.tensor.PoolGeometry;
import org.dadda.tensor.ResizeGeometry;
import org.dadda.tensor.View;

/** Pooling, adaptive average pooling and nearest upsampling on the GPU, each gradient a gather. */
final class SpatialOps {
    private final Launcher launcher;

    SpatialOps(Launcher launcher) {
        this.launcher = launcher;
    }

    void pool2d(PoolGeometry g, View x, View y) {
        launcher.launch(Kernels.POOL_FORWARD, LaunchGeometry.elementwise(g.outputSize()),
                new KernelArgs().pointer(x).pointer(y).struct(KernelStructs.pool(g)));
    }

    void pool2dBackward(PoolGeometry g, View x, View gy, View gx) {
        launcher.launch(Kernels.POOL_BACKWARD, LaunchGeometry.elementwise(g.inputSize()),
                new KernelArgs().pointer(x).pointer(gy).pointer(gx).struct(KernelStructs.pool(g)));
    }

    void adaptiveAvgPool2d(ResizeGeometry g, View x, View y) {
        launcher.launch(Kernels.ADAPTIVE_POOL, LaunchGeometry.elementwise(g.outputSize()), sizes(g, x, y, g.oh(), g.ow()));
    }

    void adaptiveAvgPool2dBackward(ResizeGeometry g, View gy, View gx) {
        launcher.launch(Kernels.ADAPTIVE_POOL_BACKWARD, LaunchGeometry.elementwise(g.inputSize()),
                sizes(g, gy, gx, g.oh(), g.ow()));
    }

    void upsampleNearest(ResizeGeometry g, View x, View y) {
        launcher.launch(Kernels.UPSAMPLE, LaunchGeometry.elementwise(g.outputSize()),
                sizes(g, x, y, g.scaleH(), g.scaleW()));
    }

    void upsampleNearestBackward(ResizeGeometry g, View gy, View gx) {
        launcher.launch(Kernels.UPSAMPLE_BACKWARD, LaunchGeometry.elementwise(g.inputSize()),
                sizes(g, gy, gx, g.scaleH(), g.scaleW()));
    }

    /** {@code (from, to, planes, h, w, a, b)}: the arguments the four resize kernels share. */
    private static KernelArgs sizes(ResizeGeometry g, View from, View to, int a, int b) {
        return new KernelArgs().pointer(from).pointer(to).i(g.planes()).i(g.h()).i(g.w()).i(a).i(b);
    }
}
