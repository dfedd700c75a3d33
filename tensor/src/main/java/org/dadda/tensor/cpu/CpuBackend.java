package org.dadda.tensor.cpu;

import org.dadda.tensor.parallel.Parallel;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.DType;
import org.dadda.tensor.F32Storage;
import org.dadda.tensor.Storage;
import org.dadda.tensor.Workspace;
import org.dadda.tensor.UnaryOp;
import org.dadda.tensor.cpu.kernels.AttentionKernels;
import org.dadda.tensor.cpu.kernels.ConvKernels;
import org.dadda.tensor.cpu.kernels.Gemm;
import org.dadda.tensor.cpu.kernels.NormKernel;
import org.dadda.tensor.ref.GenericBackend;

/**
 * The pure-Java float32 backend. Hot kernels (GEMM, convolution, attention, elementwise,
 * normalisation, softmax, pooling, upsampling, index select/add, argmax, where) are specialised
 * on {@code float[]} and split over {@link Parallel}'s pool; the rest are inherited from the
 * plain {@link GenericBackend}.
 */
public final class CpuBackend extends GenericBackend {

    /** The shared instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

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
    public float[] toFloats(Storage s, int off, int n) {
        float[] r = new float[n];
        System.arraycopy(arr(s), off, r, 0, n);
        return r;
    }

    @Override
    public void fill(Storage s, int off, int n, double value) {
        java.util.Arrays.fill(arr(s), off, off + n, (float) value);
    }

    @Override
    public void unary(UnaryOp op, Storage x, int xOff, Storage out, int outOff, int n, double p, double q) {
        Elementwise.unary(op, arr(x), xOff, arr(out), outOff, n, (float) p, (float) q);
    }

    @Override
    public void unaryBackward(UnaryOp op, Storage x, int xOff, Storage y, int yOff, Storage gy, int gyOff, Storage gx,
                              int n, double p, double q) {
        Elementwise.unaryBackward(op, arr(x), xOff, y == null ? null : arr(y), yOff, arr(gy), gyOff, arr(gx), n,
                (float) p, (float) q);
    }

    @Override
    public void binary(BinaryOp op, Storage a, int aOff, int[] aStrides, Storage b, int bOff, int[] bStrides,
                       Storage out, int outOff, int[] shape) {
        Elementwise.binary(op, arr(a), aOff, aStrides, arr(b), bOff, bStrides, arr(out), outOff, shape);
    }

    @Override
    public void reduce(boolean max, Storage x, int xOff, int[] shape, boolean[] reduce, Storage out) {
        Elementwise.reduce(max, arr(x), xOff, shape, reduce, arr(out));
    }

    @Override
    public void copyStrided(Storage src, int sOff, int[] sStrides, Storage dst, int dOff, int[] dStrides, int[] shape,
                            boolean accumulate) {
        Elementwise.copyStrided(arr(src), sOff, sStrides, arr(dst), dOff, dStrides, shape, accumulate);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int batch, int m, int n, int k, double alpha,
                     Storage a, int aOff, int aBatchStride, Storage b, int bOff, int bBatchStride,
                     double beta, Storage c, int cOff) {
        Gemm.sgemmBatched(transA, transB, m, n, k, (float) alpha, arr(a), aOff, transA ? m : k, arr(b), bOff,
                transB ? k : n, (float) beta, arr(c), cOff, n, batch, aBatchStride, bBatchStride, (long) m * n);
    }

    @Override
    public void conv2d(ConvGeometry g, Storage x, int xOff, Storage w, int wOff, Storage bias, int bOff, Storage y) {
        ConvKernels.forward(g, arr(x), xOff, arr(w), wOff, bias == null ? null : arr(bias), bOff, arr(y), 0);
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, Storage gy, Storage w, int wOff, Storage gx) {
        ConvKernels.backwardInput(g, arr(gy), 0, arr(w), wOff, arr(gx), 0);
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, Storage x, int xOff, Storage gy, Storage gw) {
        ConvKernels.backwardWeight(g, arr(x), xOff, arr(gy), 0, arr(gw), 0);
    }

    @Override
    public void where(Storage cond, int cOff, int[] cStrides, Storage a, int aOff, int[] aStrides, Storage b, int bOff,
                      int[] bStrides, Storage out, int[] shape) {
        SelectKernels.where(arr(cond), cOff, cStrides, arr(a), aOff, aStrides, arr(b), bOff, bStrides, arr(out), shape);
    }

    @Override
    public void argmax(Storage x, int xOff, int outer, int n, int inner, int[] out) {
        SelectKernels.argmax(arr(x), xOff, outer, n, inner, out);
    }

    @Override
    public void indexSelect(Storage x, int xOff, int outer, int n, int inner, int[] idx, Storage out) {
        SelectKernels.indexSelect(arr(x), xOff, outer, n, inner, idx, arr(out));
    }

    @Override
    public void indexAdd(Storage g, int outer, int n, int inner, int[] idx, Storage gx) {
        SelectKernels.indexAdd(arr(g), outer, n, inner, idx, arr(gx));
    }

    @Override
    public void pool2d(boolean max, Storage x, int xOff, int planes, int h, int w, int kh, int kw, int stride, int pad,
                       Storage y) {
        PoolKernels.pool2d(max, arr(x), xOff, planes, h, w, kh, kw, stride, pad, arr(y));
    }

    @Override
    public void pool2dBackward(boolean max, Storage x, int xOff, int planes, int h, int w, int kh, int kw, int stride,
                               int pad, Storage gy, Storage gx) {
        PoolKernels.pool2dBackward(max, arr(x), xOff, planes, h, w, kh, kw, stride, pad, arr(gy), arr(gx));
    }

    @Override
    public void adaptiveAvgPool2d(Storage x, int xOff, int planes, int h, int w, int oh, int ow, Storage y) {
        PoolKernels.adaptiveAvgPool2d(arr(x), xOff, planes, h, w, oh, ow, arr(y));
    }

    @Override
    public void adaptiveAvgPool2dBackward(Storage gy, int planes, int h, int w, int oh, int ow, Storage gx) {
        PoolKernels.adaptiveAvgPool2dBackward(arr(gy), planes, h, w, oh, ow, arr(gx));
    }

    @Override
    public void upsampleNearest(Storage x, int xOff, int planes, int h, int w, int sh, int sw, Storage y) {
        UpsampleKernels.forward(arr(x), xOff, planes, h, w, sh, sw, arr(y));
    }

    @Override
    public void upsampleNearestBackward(Storage gy, int planes, int h, int w, int sh, int sw, Storage gx) {
        UpsampleKernels.backward(arr(gy), planes, h, w, sh, sw, arr(gx));
    }

    @Override
    public void softmax(Storage x, int xOff, int rows, int cols, boolean log, Storage y) {
        RowKernels.softmax(arr(x), xOff, rows, cols, log, arr(y));
    }

    @Override
    public void softmaxBackward(Storage y, Storage gy, int gyOff, int rows, int cols, boolean log, Storage gx) {
        RowKernels.softmaxBackward(arr(y), arr(gy), gyOff, rows, cols, log, arr(gx));
    }

    @Override
    public void groupNorm(Storage x, int xOff, int n, int c, int hw, int groups, Storage gamma, Storage beta,
                          double eps, Storage y, Storage mean, Storage rstd) {
        NormKernel.active().groupNorm(arr(x), xOff, n, c, hw, groups, gamma == null ? null : arr(gamma),
                beta == null ? null : arr(beta), (float) eps, arr(y), arr(mean), arr(rstd));
    }

    @Override
    public void groupNormBackward(Storage x, int xOff, int n, int c, int hw, int groups, Storage gamma, Storage mean,
                                  Storage rstd, Storage gy, int gyOff, Storage gx, Storage ggamma, Storage gbeta) {
        NormKernel.active().groupNormBackward(arr(x), xOff, n, c, hw, groups, gamma == null ? null : arr(gamma), arr(mean),
                arr(rstd), arr(gy), gyOff, arr(gx), ggamma == null ? null : arr(ggamma), gbeta == null ? null : arr(gbeta));
    }

    @Override
    public void batchNorm(Storage x, int xOff, int n, int c, int hw, Storage gamma, Storage beta, double eps, Storage y,
                          Storage mean, Storage rstd) {
        NormKernel.active().batchNorm(arr(x), xOff, n, c, hw, gamma == null ? null : arr(gamma), beta == null ? null : arr(beta),
                (float) eps, arr(y), arr(mean), arr(rstd));
    }

    @Override
    public void batchNormBackward(Storage x, int xOff, int n, int c, int hw, Storage gamma, Storage mean, Storage rstd,
                                  Storage gy, int gyOff, Storage gx, Storage ggamma, Storage gbeta) {
        NormKernel.active().batchNormBackward(arr(x), xOff, n, c, hw, gamma == null ? null : arr(gamma), arr(mean), arr(rstd),
                arr(gy), gyOff, arr(gx), ggamma == null ? null : arr(ggamma), gbeta == null ? null : arr(gbeta));
    }

    /** The array of {@code s} when its data starts at 0, else a dense copy of the {@code n} elements at {@code off}. */
    private static float[] dense(Storage s, int off, int n) {
        float[] a = arr(s);
        if (off == 0) {
            return a;
        }
        float[] c = new float[n];
        System.arraycopy(a, off, c, 0, n);
        return c;
    }

    @Override
    public void attention(int bh, int lq, int lk, int d, double scale, Storage q, int qOff, Storage k, int kOff,
                          Storage v, int vOff, Storage mask, int maskOff, Storage out, Storage lse) {
        AttentionKernels.forward(bh, lq, lk, d, (float) scale, dense(q, qOff, bh * lq * d), dense(k, kOff, bh * lk * d),
                dense(v, vOff, bh * lk * d), mask == null ? null : dense(mask, maskOff, lq * lk), arr(out), arr(lse));
    }

    @Override
    public void attentionBackward(int bh, int lq, int lk, int d, double scale, Storage q, int qOff, Storage k,
                                  int kOff, Storage v, int vOff, Storage mask, int maskOff, Storage out, Storage lse,
                                  Storage gout, int goutOff, Storage gq, Storage gk, Storage gv) {
        AttentionKernels.backward(bh, lq, lk, d, (float) scale, dense(q, qOff, bh * lq * d), dense(k, kOff, bh * lk * d),
                dense(v, vOff, bh * lk * d), mask == null ? null : dense(mask, maskOff, lq * lk), arr(out), arr(lse),
                dense(gout, goutOff, bh * lq * d), arr(gq), arr(gk), arr(gv));
    }

    @Override
    public void adamStep(Storage p, int pOff, Storage g, int gOff, Storage m, Storage v, int n, double lr,
                         double beta1, double beta2, double eps, double weightDecay, boolean decoupled, double bc1,
                         double bc2) {
        float[] pa = arr(p);
        float[] ga = arr(g);
        float[] ma = arr(m);
        float[] va = arr(v);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float stepSize = (float) (lr / bc1);
        float sqrtBc2 = (float) Math.sqrt(bc2);
        float fe = (float) eps;
        float decay = (float) (1 - lr * weightDecay);
        float wd = (float) weightDecay;
        Parallel.forRange(n, 1 << 14, (s, e) -> {
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
                float mv = b1 * ma[i] + (1 - b1) * gv;
                float vv = b2 * va[i] + (1 - b2) * gv * gv;
                ma[i] = mv;
                va[i] = vv;
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
