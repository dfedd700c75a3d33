package org.dadda.cuda;

import org.dadda.tensor.AdamHyperparameters;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.UnaryOp;
import org.dadda.tensor.View;

/** The elementwise family on the GPU: fill, unary ops and derivatives, broadcast binaries, where, strided copy, Adam. */
final class ElementwiseOps {
    private final Launcher launcher;

    ElementwiseOps(Launcher launcher) {
        this.launcher = launcher;
    }

    void fill(View dst, double value) {
        int n = dst.numel();
        launcher.launch(Kernels.FILL, LaunchGeometry.elementwise(n), new KernelArgs().pointer(dst).i(n).f(value));
    }

    void unary(UnaryOp op, double p, double q, View x, View out) {
        int n = out.numel();
        launcher.launch(Kernels.UNARY, LaunchGeometry.elementwise(n),
                new KernelArgs().i(OpCodes.of(op)).f(p).f(q).pointer(x).pointer(out).i(n));
    }

    void unaryBackward(UnaryOp op, double p, double q, View x, View y, View gy, View gx) {
        int n = gx.numel();
        launcher.launch(Kernels.UNARY_BACKWARD, LaunchGeometry.elementwise(n), new KernelArgs().i(OpCodes.of(op)).f(p)
                .f(q).pointer(x).pointer(y).pointer(gy).pointer(gx).i(n));
    }

    void binary(BinaryOp op, View a, View b, View out) {
        int n = out.numel();
        StridedLayout l = StridedLayout.of("binary " + op, out.shape(), a.strides(), b.strides());
        launcher.launch(Kernels.BINARY, LaunchGeometry.elementwise(n),
                new KernelArgs().i(OpCodes.of(op)).pointer(a).pointer(b).pointer(out).struct(l.pack()).i(n));
    }

    void where(View cond, View a, View b, View out) {
        int n = out.numel();
        StridedLayout l = StridedLayout.of("where", out.shape(), cond.strides(), a.strides(), b.strides());
        launcher.launch(Kernels.WHERE, LaunchGeometry.elementwise(n),
                new KernelArgs().pointer(cond).pointer(a).pointer(b).pointer(out).struct(l.pack()).i(n));
    }

    void copy(View src, View dst, boolean accumulate) {
        int[] shape = dst.shape();
        for (int ax = 0; ax < shape.length; ax++) {
            // One thread per element writes dst; an element seen twice would be a race.
            if (shape[ax] > 1 && dst.strides()[ax] == 0) {
                throw new UnsupportedOperationException("copy into " + dst + ", which repeats elements along axis " + ax
                        + ": the CUDA backend does not have it yet");
            }
        }
        int n = dst.numel();
        StridedLayout l = StridedLayout.of("copy", shape, src.strides(), dst.strides());
        launcher.launch(Kernels.COPY, LaunchGeometry.elementwise(n),
                new KernelArgs().pointer(src).pointer(dst).struct(l.pack()).i(n).flag(accumulate));
    }

    void adam(AdamHyperparameters h, View param, View grad, View m, View v) {
        int n = param.numel();
        launcher.launch(Kernels.ADAM, LaunchGeometry.elementwise(n), new KernelArgs().pointer(param).pointer(grad)
                .pointer(m).pointer(v).i(n).f(h.lr()).f(h.beta1()).f(h.beta2()).f(h.eps()).f(h.weightDecay())
                .flag(h.decoupled()).f(h.bc1()).f(h.bc2()));
    }
}
