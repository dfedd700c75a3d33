package org.dadda.cuda;

import org.dadda.tensor.NormGeometry;
import org.dadda.tensor.SoftmaxGeometry;
import org.dadda.tensor.View;

/** Softmax and group/batch normalisation on the GPU: one block per row or statistic. */
final class NormOps {
    private final Launcher launcher;

    NormOps(Launcher launcher) {
        this.launcher = launcher;
    }

    void softmax(SoftmaxGeometry g, View x, View y) {
        launcher.launch(Kernels.SOFTMAX, LaunchGeometry.perRow(g.rows(), g.cols()),
                new KernelArgs().pointer(x).pointer(y).i(g.rows()).i(g.cols()).flag(g.log()));
    }

    void softmaxBackward(SoftmaxGeometry g, View y, View gy, View gx) {
        launcher.launch(Kernels.SOFTMAX_BACKWARD, LaunchGeometry.perRow(g.rows(), g.cols()),
                new KernelArgs().pointer(y).pointer(gy).pointer(gx).i(g.rows()).i(g.cols()).flag(g.log()));
    }

    /** Elements one statistic covers. */
    private static int count(NormGeometry g) {
        return g.kind() == NormGeometry.Kind.GROUP ? g.c() / g.groups() * g.hw() : g.n() * g.hw();
    }

    void norm(NormGeometry g, View x, View gamma, View beta, View y, View mean, View rstd) {
        launcher.launch(Kernels.NORM_FORWARD, LaunchGeometry.perRow(g.statistics(), count(g)),
                new KernelArgs().pointer(x).pointer(gamma).pointer(beta).pointer(y).pointer(mean).pointer(rstd)
                        .struct(KernelStructs.norm(g)).i(g.statistics()).f(g.eps()));
    }

    void normBackward(NormGeometry g, View x, View gamma, View mean, View rstd, View gy, View gx, View ggamma,
                      View gbeta) {
        int[] dims = KernelStructs.norm(g);
        launcher.launch(Kernels.NORM_BACKWARD_INPUT, LaunchGeometry.perRow(g.statistics(), count(g)),
                new KernelArgs().pointer(x).pointer(gamma).pointer(mean).pointer(rstd).pointer(gy).pointer(gx)
                        .struct(dims).i(g.statistics()));
        if (ggamma != null || gbeta != null) {
            launcher.launch(Kernels.NORM_BACKWARD_AFFINE, LaunchGeometry.perRow(g.c(), g.n() * g.hw()),
                    new KernelArgs().pointer(x).pointer(mean).pointer(rstd).pointer(gy).pointer(ggamma).pointer(gbeta)
                            .struct(dims));
        }
    }
}
