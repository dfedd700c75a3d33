package org.dadda.cuda;

import org.dadda.tensor.AdamHyperparameters;
import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.Backend;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.DType;
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
 * The float32 backend on one NVIDIA GPU: storage in device memory ({@link CudaStorage}), every
 * kernel our own CUDA C (src/main/cuda, compiled to PTX, launched through the JCuda driver API).
 * Numbers cross to the host only in {@link #fromFloats}/{@link #fromDoubles} and
 * {@link #toFloats}/{@link #toDoubles}. Deterministic: no kernel uses atomics, every reduction
 * sums in a fixed order, so a run repeats bit for bit on the same GPU and driver.
 *
 * <p>Each op family is its own class; this one unpacks nothing and only routes.
 */
public final class CudaBackend implements Backend {
    private final Device device;
    private final ElementwiseOps elementwise;
    private final ReductionOps reductions;
    private final MatrixOps matrices;
    private final NormOps norms;
    private final SpatialOps spatial;
    private final AttentionOps attention;

    /** The backend on {@code device} (tests pass one that runs the kernels on the host). */
    CudaBackend(Device device) {
        this.device = device;
        Launcher launcher = new Launcher(device);
        this.elementwise = new ElementwiseOps(launcher);
        this.reductions = new ReductionOps(launcher, device);
        this.matrices = new MatrixOps(launcher, device);
        this.norms = new NormOps(launcher);
        this.spatial = new SpatialOps(launcher);
        this.attention = new AttentionOps(launcher, device);
    }

    /**
     * The backend on device {@code dadda.cuda.device} (default 0).
     *
     * @throws CudaUnavailableException saying why CUDA cannot start here
     */
    public static CudaBackend open() {
        return new CudaBackend(JCudaDevice.open(Integer.getInteger("dadda.cuda.device", 0)));
    }

    /** The GPU and driver, e.g. {@code NVIDIA H200, driver CUDA 13.0}: what {@code auto} reports. */
    @Override
    public String toString() {
        return device.describe();
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public DType dtype() {
        return DType.F32;
    }

    // ------------------------------------------------------------------ storage

    private CudaStorage fresh(int n, boolean zeroed) {
        CudaStorage s = new CudaStorage(device, DeviceBuffer.allocate(device, (long) n * Float.BYTES), n);
        if (zeroed && n > 0) {
            elementwise.fill(View.dense(s, 0, n), 0);
        }
        return s;
    }

    @Override
    public Storage allocate(int n) {
        return Workspace.allocate(this, n, size -> fresh(size, true));
    }

    @Override
    public Storage allocateUninitialized(int n) {
        return Workspace.allocateUninitialized(this, n, size -> fresh(size, false));
    }

    @Override
    public Storage fromFloats(float[] src, int off, int n) {
        CudaStorage s = fresh(n, false);
        s.upload(src, off, n, 0);
        return s;
    }

    @Override
    public Storage fromDoubles(double[] src) {
        float[] f = new float[src.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) src[i];
        }
        return fromFloats(f, 0, f.length);
    }

    @Override
    public float[] toFloats(View src) {
        return CudaStorage.of(src).download(src.offset(), src.numel());
    }

    @Override
    public double[] toDoubles(View src) {
        float[] f = toFloats(src);
        double[] d = new double[f.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    @Override
    public void fill(View dst, double value) {
        elementwise.fill(dst, value);
    }

    // ------------------------------------------------------------------ elementwise

    @Override
    public void copy(View src, View dst, boolean accumulate) {
        elementwise.copy(src, dst, accumulate);
    }

    @Override
    public void unary(UnaryOp op, double p, double q, View x, View out) {
        elementwise.unary(op, p, q, x, out);
    }

    @Override
    public void unaryBackward(UnaryOp op, double p, double q, View x, View y, View gy, View gx) {
        elementwise.unaryBackward(op, p, q, x, y, gy, gx);
    }

    @Override
    public void binary(BinaryOp op, View a, View b, View out) {
        elementwise.binary(op, a, b, out);
    }

    @Override
    public void where(View cond, View a, View b, View out) {
        elementwise.where(cond, a, b, out);
    }

    @Override
    public void fusedAdamStep(AdamHyperparameters h, View param, View grad, View m, View v) {
        elementwise.adam(h, param, grad, m, v);
    }

    // ------------------------------------------------------------------ reduce and select

    @Override
    public void reduce(Reduction kind, View x, View out) {
        reductions.reduce(kind, x, out);
    }

    @Override
    public void argmax(View x, int[] out) {
        reductions.argmax(x, out);
    }

    @Override
    public void indexSelect(View x, int[] idx, View out) {
        reductions.indexSelect(x, idx, out);
    }

    @Override
    public void indexAdd(View g, int[] idx, View gx) {
        reductions.indexAdd(g, idx, gx);
    }

    // ------------------------------------------------------------------ gemm and conv

    @Override
    public void gemm(GemmGeometry g, double alpha, View a, View b, double beta, View c) {
        matrices.gemm(g, alpha, a, b, beta, c);
    }

    @Override
    public void conv2d(ConvGeometry g, View x, View w, View bias, View y) {
        matrices.conv2d(g, x, w, bias, y);
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, View gy, View w, View gx) {
        matrices.conv2dBackwardInput(g, gy, w, gx);
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, View x, View gy, View gw) {
        matrices.conv2dBackwardWeight(g, x, gy, gw);
    }

    // ------------------------------------------------------------------ pool and resize

    @Override
    public void pool2d(PoolGeometry g, View x, View y) {
        spatial.pool2d(g, x, y);
    }

    @Override
    public void pool2dBackward(PoolGeometry g, View x, View gy, View gx) {
        spatial.pool2dBackward(g, x, gy, gx);
    }

    @Override
    public void adaptiveAvgPool2d(ResizeGeometry g, View x, View y) {
        spatial.adaptiveAvgPool2d(g, x, y);
    }

    @Override
    public void adaptiveAvgPool2dBackward(ResizeGeometry g, View gy, View gx) {
        spatial.adaptiveAvgPool2dBackward(g, gy, gx);
    }

    @Override
    public void upsampleNearest(ResizeGeometry g, View x, View y) {
        spatial.upsampleNearest(g, x, y);
    }

    @Override
    public void upsampleNearestBackward(ResizeGeometry g, View gy, View gx) {
        spatial.upsampleNearestBackward(g, gy, gx);
    }

    // ------------------------------------------------------------------ softmax and norm

    @Override
    public void softmax(SoftmaxGeometry g, View x, View y) {
        norms.softmax(g, x, y);
    }

    @Override
    public void softmaxBackward(SoftmaxGeometry g, View y, View gy, View gx) {
        norms.softmaxBackward(g, y, gy, gx);
    }

    @Override
    public void norm(NormGeometry g, View x, View gamma, View beta, View y, View mean, View rstd) {
        norms.norm(g, x, gamma, beta, y, mean, rstd);
    }

    @Override
    public void normBackward(NormGeometry g, View x, View gamma, View mean, View rstd, View gy, View gx, View ggamma,
                             View gbeta) {
        norms.normBackward(g, x, gamma, mean, rstd, gy, gx, ggamma, gbeta);
    }

    // ------------------------------------------------------------------ attention

    @Override
    public void attention(AttentionGeometry g, View q, View k, View v, View mask, View out, View lse) {
        attention.attention(g, q, k, v, mask, out, lse);
    }

    @Override
    public void attentionBackward(AttentionGeometry g, View q, View k, View v, View mask, View out, View lse, View gout,
                                  View gq, View gk, View gv) {
        attention.attentionBackward(g, q, k, v, mask, out, lse, gout, gq, gk, gv);
    }
}
