package org.dadda.tensor.cpu;

import org.dadda.tensor.cpu.attention.AttentionKernel;
import org.dadda.tensor.cpu.conv.Conv2dKernel;
import org.dadda.tensor.cpu.copy.CopyKernels;
import org.dadda.tensor.cpu.elementwise.Elementwise;
import org.dadda.tensor.cpu.elementwise.WhereKernel;
import org.dadda.tensor.cpu.norm.NormKernel;
import org.dadda.tensor.cpu.norm.SoftmaxKernels;
import org.dadda.tensor.cpu.pool.PoolKernels;
import org.dadda.tensor.cpu.pool.UpsampleKernels;
import org.dadda.tensor.cpu.reduce.ReduceKernels;
import org.dadda.tensor.cpu.support.KernelConfig;
import org.dadda.tensor.parallel.Parallel;
import org.dadda.tensor.AdamHyperparameters;
import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.Backend;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.DType;
import org.dadda.tensor.F32Storage;
import org.dadda.tensor.GemmGeometry;
import org.dadda.tensor.NormGeometry;
import org.dadda.tensor.PoolGeometry;
import org.dadda.tensor.Reduction;
import org.dadda.tensor.ResizeGeometry;
import org.dadda.tensor.SoftmaxGeometry;
import org.dadda.tensor.Storage;
import org.dadda.tensor.UnaryOp;
import org.dadda.tensor.View;
import org.dadda.tensor.Workspace;

/**
 * The pure-Java float32 backend. Hot kernels (GEMM, convolution, attention, elementwise,
 * normalisation, softmax, pooling, upsampling, index select/add, argmax, where) are specialised
 * on {@code float[]} and split over {@link Parallel}'s pool. Each method unpacks its {@link View}s
 * and geometry record into the kernel's arrays and offsets.
 */
public final class CpuBackend implements Backend {

    /** The shared instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private final KernelSet kernels = KernelSet.active();
    private final Conv2dKernel conv = kernels.conv(KernelConfig.winogradEnabled());
    private final AttentionKernel attention = kernels.attention();
    private final NormKernel norm = kernels.norm();

    private CpuBackend() {
    }

    static float[] arr(Storage s) {
        return ((F32Storage) s).array();
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public DType dtype() {
        return DType.F32;
    }

    @Override
    public Storage allocate(int n) {
        return Workspace.allocate(this, n, size -> new F32Storage(new float[size]));
    }

    @Override
    public Storage allocateUninitialized(int n) {
        return Workspace.allocateUninitialized(this, n, size -> new F32Storage(new float[size]));
    }

    @Override
    public Storage fromFloats(float[] src, int off, int n) {
        float[] a = new float[n];
        System.arraycopy(src, off, a, 0, n);
        return new F32Storage(a);
    }

    @Override
    public Storage fromDoubles(double[] src) {
        float[] a = new float[src.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) src[i];
        }
        return new F32Storage(a);
    }

    @Override
    public float[] toFloats(View src) {
        float[] r = new float[src.numel()];
        System.arraycopy(arr(src.storage()), src.offset(), r, 0, r.length);
        return r;
    }

    @Override
    public double[] toDoubles(View src) {
        float[] a = arr(src.storage());
        double[] r = new double[src.numel()];
        for (int i = 0; i < r.length; i++) {
            r[i] = a[src.offset() + i];
        }
        return r;
    }

    @Override
    public void fill(View dst, double value) {
        java.util.Arrays.fill(arr(dst.storage()), dst.offset(), dst.offset() + dst.numel(), (float) value);
    }

    // ------------------------------------------------------------------ operands

    /** The array of a dense view's storage (kernels that take an offset read it from the view). */
    private static float[] arr(View v) {
        return arr(v.storage());
    }

    /** The array of an optional operand, or null. */
    private static float[] arrOrNull(View v) {
        return v == null ? null : arr(v.storage());
    }

    /**
     * A dense view's numbers for a kernel that works from index 0: the storage's own array when
     * the view starts there (the common case), else a copy. A kernel that writes (or accumulates
     * into) the copy hands it to {@link #commit}, which puts it in place.
     */
    private static float[] from0(View v) {
        float[] a = arr(v.storage());
        return v.offset() == 0 ? a : java.util.Arrays.copyOfRange(a, v.offset(), v.offset() + v.numel());
    }

    private static float[] from0OrNull(View v) {
        return v == null ? null : from0(v);
    }

    /** Puts a kernel's output, written into {@link #from0}'s array, into its view. */
    private static void commit(float[] written, View v) {
        if (v != null && v.offset() != 0) {
            System.arraycopy(written, 0, arr(v.storage()), v.offset(), v.numel());
        }
    }

    // ------------------------------------------------------------------ kernels

    @Override
    public void copy(View src, View dst, boolean accumulate) {
        CopyKernels.copyStrided(arr(src), src.offset(), src.strides(), arr(dst), dst.offset(), dst.strides(), dst.shape(),
                accumulate);
    }

    @Override
    public void unary(UnaryOp op, double p, double q, View x, View out) {
        Elementwise.unary(op, arr(x), x.offset(), arr(out), out.offset(), out.numel(), (float) p, (float) q);
    }

    @Override
    public void unaryBackward(UnaryOp op, double p, double q, View x, View y, View gy, View gx) {
        float[] g = from0(gx);
        Elementwise.unaryBackward(op, arr(x), x.offset(), arrOrNull(y), y == null ? 0 : y.offset(), arr(gy), gy.offset(),
                g, gx.numel(), (float) p, (float) q);
        commit(g, gx);
    }

    @Override
    public void binary(BinaryOp op, View a, View b, View out) {
        Elementwise.binary(op, arr(a), a.offset(), a.strides(), arr(b), b.offset(), b.strides(), arr(out), out.offset(),
                out.shape());
    }

    @Override
    public void where(View cond, View a, View b, View out) {
        float[] o = from0(out);
        WhereKernel.where(arr(cond), cond.offset(), cond.strides(), arr(a), a.offset(), a.strides(), arr(b), b.offset(),
                b.strides(), o, out.shape());
        commit(o, out);
    }

    @Override
    public void reduce(Reduction kind, View x, View out) {
        if (kind != Reduction.SUM && kind != Reduction.MAX) {
            throw new IllegalArgumentException("reduce: SUM or MAX, got " + kind);
        }
        float[] o = from0(out);
        ReduceKernels.reduce(kind == Reduction.MAX, arr(x), x.offset(), x.shape(),
                Reduction.reducedAxes(x.shape(), out.shape()), o);
        commit(o, out);
    }

    @Override
    public void argmax(View x, int[] out) {
        ReduceKernels.argmax(arr(x), x.offset(), x.shape()[0], x.shape()[1], x.shape()[2], out);
    }

    @Override
    public void indexSelect(View x, int[] idx, View out) {
        float[] o = from0(out);
        CopyKernels.indexSelect(arr(x), x.offset(), x.shape()[0], x.shape()[1], x.shape()[2], idx, o);
        commit(o, out);
    }

    @Override
    public void indexAdd(View g, int[] idx, View gx) {
        float[] o = from0(gx);
        CopyKernels.indexAdd(from0(g), gx.shape()[0], gx.shape()[1], gx.shape()[2], idx, o);
        commit(o, gx);
    }

    @Override
    public void gemm(GemmGeometry g, double alpha, View a, View b, double beta, View c) {
        int m = g.m();
        int n = g.n();
        int k = g.k();
        kernels.gemm().sgemmBatched(g.transA(), g.transB(), m, n, k, (float) alpha, arr(a), a.offset(), g.transA() ? m : k,
                arr(b), b.offset(), g.transB() ? k : n, (float) beta, arr(c), c.offset(), n, g.batch(),
                GemmGeometry.batchStride(a), GemmGeometry.batchStride(b), (long) m * n);
    }

    @Override
    public void conv2d(ConvGeometry g, View x, View w, View bias, View y) {
        conv.forward(g, arr(x), x.offset(), arr(w), w.offset(), arrOrNull(bias), bias == null ? 0 : bias.offset(),
                arr(y), y.offset());
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, View gy, View w, View gx) {
        conv.backwardInput(g, arr(gy), gy.offset(), arr(w), w.offset(), arr(gx), gx.offset());
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, View x, View gy, View gw) {
        conv.backwardWeight(g, arr(x), x.offset(), arr(gy), gy.offset(), arr(gw), gw.offset());
    }

    @Override
    public void pool2d(PoolGeometry g, View x, View y) {
        float[] o = from0(y);
        PoolKernels.pool2d(g.isMax(), arr(x), x.offset(), g.planes(), g.h(), g.w(), g.kh(), g.kw(), g.stride(), g.pad(), o);
        commit(o, y);
    }

    @Override
    public void pool2dBackward(PoolGeometry g, View x, View gy, View gx) {
        float[] o = from0(gx);
        PoolKernels.pool2dBackward(g.isMax(), arr(x), x.offset(), g.planes(), g.h(), g.w(), g.kh(), g.kw(), g.stride(),
                g.pad(), from0(gy), o);
        commit(o, gx);
    }

    @Override
    public void adaptiveAvgPool2d(ResizeGeometry g, View x, View y) {
        float[] o = from0(y);
        PoolKernels.adaptiveAvgPool2d(arr(x), x.offset(), g.planes(), g.h(), g.w(), g.oh(), g.ow(), o);
        commit(o, y);
    }

    @Override
    public void adaptiveAvgPool2dBackward(ResizeGeometry g, View gy, View gx) {
        float[] o = from0(gx);
        PoolKernels.adaptiveAvgPool2dBackward(from0(gy), g.planes(), g.h(), g.w(), g.oh(), g.ow(), o);
        commit(o, gx);
    }

    @Override
    public void upsampleNearest(ResizeGeometry g, View x, View y) {
        float[] o = from0(y);
        UpsampleKernels.forward(arr(x), x.offset(), g.planes(), g.h(), g.w(), g.scaleH(), g.scaleW(), o);
        commit(o, y);
    }

    @Override
    public void upsampleNearestBackward(ResizeGeometry g, View gy, View gx) {
        float[] o = from0(gx);
        UpsampleKernels.backward(from0(gy), g.planes(), g.h(), g.w(), g.scaleH(), g.scaleW(), o);
        commit(o, gx);
    }

    @Override
    public void softmax(SoftmaxGeometry g, View x, View y) {
        float[] o = from0(y);
        SoftmaxKernels.softmax(arr(x), x.offset(), g.rows(), g.cols(), g.log(), o);
        commit(o, y);
    }

    @Override
    public void softmaxBackward(SoftmaxGeometry g, View y, View gy, View gx) {
        float[] o = from0(gx);
        SoftmaxKernels.softmaxBackward(from0(y), arr(gy), gy.offset(), g.rows(), g.cols(), g.log(), o);
        commit(o, gx);
    }

    @Override
    public void norm(NormGeometry g, View x, View gamma, View beta, View y, View mean, View rstd) {
        float[] o = from0(y);
        float[] mu = from0(mean);
        float[] rs = from0(rstd);
        if (g.kind() == NormGeometry.Kind.BATCH) {
            norm.batchNorm(arr(x), x.offset(), g.n(), g.c(), g.hw(), from0OrNull(gamma), from0OrNull(beta),
                    (float) g.eps(), o, mu, rs);
        } else {
            norm.groupNorm(arr(x), x.offset(), g.n(), g.c(), g.hw(), g.groups(), from0OrNull(gamma),
                    from0OrNull(beta), (float) g.eps(), o, mu, rs);
        }
        commit(o, y);
        commit(mu, mean);
        commit(rs, rstd);
    }

    @Override
    public void normBackward(NormGeometry g, View x, View gamma, View mean, View rstd, View gy, View gx, View ggamma,
                             View gbeta) {
        float[] o = from0(gx);
        float[] gg = from0OrNull(ggamma);
        float[] gb = from0OrNull(gbeta);
        if (g.kind() == NormGeometry.Kind.BATCH) {
            norm.batchNormBackward(arr(x), x.offset(), g.n(), g.c(), g.hw(), from0OrNull(gamma), from0(mean),
                    from0(rstd), arr(gy), gy.offset(), o, gg, gb);
        } else {
            norm.groupNormBackward(arr(x), x.offset(), g.n(), g.c(), g.hw(), g.groups(), from0OrNull(gamma),
                    from0(mean), from0(rstd), arr(gy), gy.offset(), o, gg, gb);
        }
        commit(o, gx);
        commit(gg, ggamma);
        commit(gb, gbeta);
    }

    @Override
    public void attention(AttentionGeometry g, View q, View k, View v, View mask, View out, View lse) {
        float[] o = from0(out);
        float[] l = from0(lse);
        attention.forward(g.heads(), g.lq(), g.lk(), g.d(), (float) g.scale(), from0(q), from0(k), from0(v),
                from0OrNull(mask), o, l);
        commit(o, out);
        commit(l, lse);
    }

    @Override
    public void attentionBackward(AttentionGeometry g, View q, View k, View v, View mask, View out, View lse, View gout,
                                  View gq, View gk, View gv) {
        float[] oq = from0(gq);
        float[] ok = from0(gk);
        float[] ov = from0(gv);
        attention.backward(g.heads(), g.lq(), g.lk(), g.d(), (float) g.scale(), from0(q), from0(k), from0(v),
                from0OrNull(mask), from0(out), from0(lse), from0(gout), oq, ok, ov);
        commit(oq, gq);
        commit(ok, gk);
        commit(ov, gv);
    }

    @Override
    public void fusedAdamStep(AdamHyperparameters h, View param, View grad, View m, View v) {
        float[] pa = arr(param);
        float[] ga = arr(grad);
        float[] ma = arr(m);
        float[] va = arr(v);
        int pOff = param.offset();
        int gOff = grad.offset();
        int mOff = m.offset();
        int vOff = v.offset();
        float b1 = (float) h.beta1();
        float b2 = (float) h.beta2();
        float stepSize = (float) (h.lr() / h.bc1());
        float sqrtBc2 = (float) Math.sqrt(h.bc2());
        float fe = (float) h.eps();
        float decay = (float) (1 - h.lr() * h.weightDecay());
        float wd = (float) h.weightDecay();
        boolean decoupled = h.decoupled();
        Parallel.forRange(param.numel(), 1 << 14, (s, e) -> {
            for (int i = s; i < e; i++) {
                float pv = pa[pOff + i];
                float gv = ga[gOff + i];
                if (wd != 0) {
                    if (decoupled) {
                        pv *= decay;
                    } else {
                        gv += wd * pv;
                    }
                }
                float mv = b1 * ma[mOff + i] + (1 - b1) * gv;
                float vv = b2 * va[vOff + i] + (1 - b2) * gv * gv;
                ma[mOff + i] = mv;
                va[vOff + i] = vv;
                pa[pOff + i] = pv - stepSize * mv / ((float) Math.sqrt(vv) / sqrtBc2 + fe);
            }
        });
    }

    /** Registers this backend as {@code cpu} for {@link org.dadda.tensor.Backends#byName}. */
    public static final class Provider extends org.dadda.tensor.NamedBackend {
        /** The provider ServiceLoader instantiates. */
        public Provider() {
            super("cpu", INSTANCE);
        }
    }
}
