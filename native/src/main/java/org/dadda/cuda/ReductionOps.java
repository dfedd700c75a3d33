package org.dadda.cuda;

import java.util.ArrayList;
import java.util.List;
import org.dadda.tensor.Reduction;
import org.dadda.tensor.Shape;
import org.dadda.tensor.View;

/** Reductions, argmax and the index kernels on the GPU. */
final class ReductionOps {
    private final Launcher launcher;
    private final Device device;

    ReductionOps(Launcher launcher, Device device) {
        this.launcher = launcher;
        this.device = device;
    }

    /** Sum or max of dense x over the axes out (dense, same rank) has at 1: one block per output element. */
    void reduce(Reduction kind, View x, View out) {
        if (kind != Reduction.SUM && kind != Reduction.MAX) {
            throw new IllegalArgumentException("reduce: kind must be SUM or MAX, got " + kind);
        }
        int[] shape = x.shape();
        boolean[] reduced = Reduction.reducedAxes(shape, out.shape());
        int[] strides = Shape.strides(shape);
        List<Integer> keptAxes = new ArrayList<>();
        List<Integer> reducedAxes = new ArrayList<>();
        for (int ax = 0; ax < shape.length; ax++) {
            (reduced[ax] ? reducedAxes : keptAxes).add(ax);
        }
        StridedLayout kept = StridedLayout.of("reduce", pick(shape, keptAxes), pick(strides, keptAxes));
        StridedLayout red = StridedLayout.of("reduce", pick(shape, reducedAxes), pick(strides, reducedAxes));
        int outCount = out.numel();
        int redCount = Shape.numel(pick(shape, reducedAxes));
        if (outCount == 0) {
            return;
        }
        launcher.launch(Kernels.REDUCE, LaunchGeometry.perRow(outCount, redCount), new KernelArgs().pointer(x)
                .pointer(out).struct(kept.pack()).struct(red.pack()).i(outCount).i(redCount).flag(kind == Reduction.MAX));
    }

    private static int[] pick(int[] values, List<Integer> axes) {
        return axes.stream().mapToInt(ax -> values[ax]).toArray();
    }

    void argmax(View x, int[] out) {
        int[] s = x.shape();
        DeviceBuffer result = DeviceInts.allocate(device, out.length);
        launcher.launch(Kernels.ARGMAX, LaunchGeometry.elementwise(out.length),
                new KernelArgs().pointer(x).pointer(result.address(0)).i(s[0]).i(s[1]).i(s[2]));
        DeviceInts.download(device, result, out);
    }

    void indexSelect(View x, int[] idx, View out) {
        int[] s = x.shape();
        for (int i : idx) {
            if (i < 0 || i >= s[1]) {
                throw new IndexOutOfBoundsException("indexSelect: index " + i + " outside [0, " + s[1] + ")");
            }
        }
        DeviceBuffer indices = DeviceInts.upload(device, idx);
        launcher.launch(Kernels.INDEX_SELECT, LaunchGeometry.elementwise(out.numel()), new KernelArgs().pointer(x)
                .pointer(indices.address(0)).pointer(out).i(s[0]).i(s[1]).i(s[2]).i(idx.length));
        // The index buffer must outlive the launch that reads it (its cleaner frees it after).
        java.lang.ref.Reference.reachabilityFence(indices);
    }

    void indexAdd(View g, int[] idx, View gx) {
        int[] s = gx.shape();
        DeviceBuffer indices = DeviceInts.upload(device, idx);
        launcher.launch(Kernels.INDEX_ADD, LaunchGeometry.elementwise(gx.numel()), new KernelArgs().pointer(g)
                .pointer(indices.address(0)).pointer(gx).i(s[0]).i(s[1]).i(s[2]).i(idx.length));
        java.lang.ref.Reference.reachabilityFence(indices);
    }
}
