package org.dadda.tensor.ref;

import org.dadda.tensor.AdamHyperparameters;
import org.dadda.tensor.AttentionGeometry;
import org.dadda.tensor.Backend;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.DType;
import org.dadda.tensor.F64Storage;
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
 * The float64 backend: every kernel of {@link Backend} written once, plainly, through
 * {@link Storage#get}/{@link Storage#set} with double accumulation. Finite-difference gradient
 * checks run on it, and it is the definition the fast float32 kernels are tested against. Slow by
 * design.
 */
public final class ReferenceBackend implements Backend {

    /** The shared instance (the backend is stateless). */
    public static final ReferenceBackend INSTANCE = new ReferenceBackend();

    private ReferenceBackend() {
    }

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public DType dtype() {
        return DType.F64;
    }

    @Override
    public Storage allocate(int n) {
        return Workspace.allocate(this, n, size -> new F64Storage(new double[size]));
    }

    @Override
    public Storage fromFloats(float[] src, int off, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = src[off + i];
        }
        return new F64Storage(a);
    }

    @Override
    public Storage fromDoubles(double[] src) {
        return new F64Storage(src.clone());
    }


    /** Element {@code i} of a dense view, counted from its offset. */
    static double get(View v, int i) {
        return v.storage().get(v.offset() + i);
    }

    /** Stores element {@code i} of a dense view, counted from its offset. */
    static void set(View v, int i, double value) {
        v.storage().set(v.offset() + i, value);
    }

    @Override
    public void fill(View s, double value) {
        for (int i = 0, n = s.numel(); i < n; i++) {
            set(s, i, value);
        }
    }

    @Override
    public float[] toFloats(View s) {
        float[] r = new float[s.numel()];
        for (int i = 0; i < r.length; i++) {
            r[i] = (float) get(s, i);
        }
        return r;
    }

    @Override
    public double[] toDoubles(View s) {
        double[] r = new double[s.numel()];
        for (int i = 0; i < r.length; i++) {
            r[i] = get(s, i);
        }
        return r;
    }

    @Override
    public void copy(View src, View dst, boolean accumulate) {
        StridedWalk w = new StridedWalk(dst.shape(), src.offset(), src.strides(), dst.offset(), dst.strides());
        Storage from = src.storage();
        Storage to = dst.storage();
        for (int count = 0, total = w.size(); count < total; count++) {
            double v = from.get(w.first());
            int di = w.second();
            to.set(di, accumulate ? to.get(di) + v : v);
            w.next();
        }
    }

    @Override
    public void unary(UnaryOp op, double p, double q, View x, View out) {
        for (int i = 0, n = out.numel(); i < n; i++) {
            set(out, i, op.apply(get(x, i), p, q));
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, double p, double q, View x, View y, View gy, View gx) {
        for (int i = 0, n = gx.numel(); i < n; i++) {
            double xv = get(x, i);
            double yv = y == null ? 0 : get(y, i);
            set(gx, i, get(gy, i) * op.derivative(xv, yv, p, q));
        }
    }

    @Override
    public void binary(BinaryOp op, View a, View b, View out) {
        StridedWalk w = new StridedWalk(out.shape(), a.offset(), a.strides(), b.offset(), b.strides());
        for (int count = 0, total = w.size(); count < total; count++) {
            set(out, count, op.apply(a.storage().get(w.first()), b.storage().get(w.second())));
            w.next();
        }
    }

    @Override
    public void where(View cond, View a, View b, View out) {
        StridedWalk w = new StridedWalk(out.shape(), cond.offset(), cond.strides(), a.offset(), a.strides(), b.offset(),
                b.strides());
        for (int count = 0, total = w.size(); count < total; count++) {
            set(out, count, cond.storage().get(w.first()) != 0 ? a.storage().get(w.second()) : b.storage().get(w.third()));
            w.next();
        }
    }

    @Override
    public void reduce(Reduction kind, View x, View out) {
        boolean max = kind == Reduction.MAX;
        int[] shape = x.shape();
        boolean[] reduce = Reduction.reducedAxes(x.shape(), out.shape());
        int rank = shape.length;
        int[] outStrides = new int[rank];
        int stride = 1;
        for (int ax = rank - 1; ax >= 0; ax--) {
            outStrides[ax] = reduce[ax] ? 0 : stride;
            stride *= reduce[ax] ? 1 : shape[ax];
        }
        int outN = stride;
        double[] acc = new double[outN];
        java.util.Arrays.fill(acc, max ? Double.NEGATIVE_INFINITY : 0);
        // The input is walked in order; the walk tracks where each element's reduction lands.
        StridedWalk w = new StridedWalk(shape, 0, outStrides);
        for (int count = 0, total = w.size(); count < total; count++) {
            double v = get(x, count);
            int oi = w.first();
            if (max) {
                // NaN propagates, as in PyTorch.
                if (v > acc[oi] || Double.isNaN(v)) {
                    acc[oi] = v;
                }
            } else {
                acc[oi] += v;
            }
            w.next();
        }
        for (int i = 0; i < outN; i++) {
            set(out, i, acc[i]);
        }
    }

    @Override
    public void argmax(View x, int[] out) {
        int outer = x.shape()[0];
        int n = x.shape()[1];
        int inner = x.shape()[2];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int best = 0;
                double bv = get(x, (o * n) * inner + in);
                for (int j = 1; j < n; j++) {
                    double v = get(x, (o * n + j) * inner + in);
                    if (v > bv) {
                        bv = v;
                        best = j;
                    }
                }
                out[o * inner + in] = best;
            }
        }
    }

    @Override
    public void gemm(GemmGeometry g, double alpha, View a, View b, double beta, View c) {
        boolean transA = g.transA();
        boolean transB = g.transB();
        int m = g.m();
        int n = g.n();
        int k = g.k();
        int aBatchStride = GemmGeometry.batchStride(a);
        int bBatchStride = GemmGeometry.batchStride(b);
        for (int bt = 0; bt < g.batch(); bt++) {
            int ab = bt * aBatchStride;
            int bb = bt * bBatchStride;
            int cb = bt * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? get(a, ab + p * m + i) : get(a, ab + i * k + p);
                        double bv = transB ? get(b, bb + j * k + p) : get(b, bb + p * n + j);
                        s += av * bv;
                    }
                    double prev = beta == 0 ? 0 : beta * get(c, cb + i * n + j);
                    set(c, cb + i * n + j, alpha * s + prev);
                }
            }
        }
    }

    /** One multiply-add of a convolution: output, input and weight element indices. */
    @FunctionalInterface
    private interface ConvTap {
        void accept(int outIndex, int inIndex, int weightIndex);
    }

    /**
     * Visits every (output, input, weight) triple of a convolution once, padding skipped. The
     * forward pass and both gradients are this one loop with a different multiply-add.
     */
    private static void forEachTap(ConvGeometry g, ConvTap tap) {
        int oh = g.oh();
        int ow = g.ow();
        int cg = g.cPerGroup();
        int ocg = g.ocPerGroup();
        for (int n = 0; n < g.n(); n++) {
            for (int o = 0; o < g.oc(); o++) {
                int grp = o / ocg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        int outIndex = ((n * g.oc() + o) * oh + oy) * ow + ox;
                        for (int ci = 0; ci < cg; ci++) {
                            int c = grp * cg + ci;
                            for (int ky = 0; ky < g.kh(); ky++) {
                                int iy = oy * g.strideH() - g.padH() + ky * g.dilH();
                                if (iy < 0 || iy >= g.h()) {
                                    continue;
                                }
                                for (int kx = 0; kx < g.kw(); kx++) {
                                    int ix = ox * g.strideW() - g.padW() + kx * g.dilW();
                                    if (ix >= 0 && ix < g.w()) {
                                        tap.accept(outIndex, ((n * g.c() + c) * g.h() + iy) * g.w() + ix,
                                                ((o * cg + ci) * g.kh() + ky) * g.kw() + kx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void store(double[] acc, View out) {
        for (int i = 0; i < acc.length; i++) {
            set(out, i, acc[i]);
        }
    }

    @Override
    public void conv2d(ConvGeometry g, View x, View w, View bias, View y) {
        double[] acc = new double[g.n() * g.oc() * g.oh() * g.ow()];
        if (bias != null) {
            int plane = g.oh() * g.ow();
            for (int i = 0; i < acc.length; i++) {
                acc[i] = get(bias, (i / plane) % g.oc());
            }
        }
        forEachTap(g, (o, i, k) -> acc[o] += get(x, i) * get(w, k));
        store(acc, y);
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, View gy, View w, View gx) {
        double[] acc = new double[g.n() * g.c() * g.h() * g.w()];
        forEachTap(g, (o, i, k) -> acc[i] += get(gy, o) * get(w, k));
        store(acc, gx);
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, View x, View gy, View gw) {
        double[] acc = new double[g.oc() * g.cPerGroup() * g.kh() * g.kw()];
        forEachTap(g, (o, i, k) -> acc[k] += get(gy, o) * get(x, i));
        store(acc, gw);
    }

    /** One pooling window: the output element and the input elements it covers, padding skipped. */
    @FunctionalInterface
    private interface PoolWindow {
        void accept(int outIndex, int[] inIndices, int count);
    }

    /**
     * Visits every pooling window once, its inputs in row-major order. The forward pass and the
     * gradient are this one loop with a different reduction.
     */
    private static void forEachWindow(PoolGeometry geo, PoolWindow window) {
        int h = geo.h();
        int w = geo.w();
        int oh = geo.oh();
        int ow = geo.ow();
        int[] taps = new int[geo.kh() * geo.kw()];
        for (int pl = 0; pl < geo.planes(); pl++) {
            int base = pl * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int count = 0;
                    for (int ky = 0; ky < geo.kh(); ky++) {
                        int iy = oy * geo.stride() - geo.pad() + ky;
                        for (int kx = 0; kx < geo.kw(); kx++) {
                            int ix = ox * geo.stride() - geo.pad() + kx;
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                taps[count++] = base + iy * w + ix;
                            }
                        }
                    }
                    window.accept((pl * oh + oy) * ow + ox, taps, count);
                }
            }
        }
    }

    @Override
    public void pool2d(PoolGeometry geo, View x, View y) {
        boolean max = geo.isMax();
        // Average pooling divides by the whole window, padding included (count_include_pad).
        int size = geo.kh() * geo.kw();
        forEachWindow(geo, (o, taps, count) -> {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int i = 0; i < count; i++) {
                double v = get(x, taps[i]);
                acc = max ? (v > acc || Double.isNaN(v) ? v : acc) : acc + v;
            }
            set(y, o, max ? acc : acc / size);
        });
    }

    @Override
    public void pool2dBackward(PoolGeometry geo, View x, View gy, View gx) {
        boolean max = geo.isMax();
        int size = geo.kh() * geo.kw();
        double[] acc = new double[geo.planes() * geo.h() * geo.w()];
        forEachWindow(geo, (o, taps, count) -> {
            double g = get(gy, o);
            if (!max) {
                for (int i = 0; i < count; i++) {
                    acc[taps[i]] += g / size;
                }
                return;
            }
            // The gradient goes to the first maximum of the window, as the forward pass chose it.
            int best = -1;
            double bv = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < count; i++) {
                double v = get(x, taps[i]);
                if (best < 0 || v > bv) {
                    bv = v;
                    best = taps[i];
                }
            }
            if (best >= 0) {
                acc[best] += g;
            }
        });
        store(acc, gx);
    }

    @Override
    public void adaptiveAvgPool2d(ResizeGeometry geo, View x, View y) {
        int planes = geo.planes();
        int h = geo.h();
        int w = geo.w();
        int oh = geo.oh();
        int ow = geo.ow();
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * h / oh;
                int y1 = ((oy + 1) * h + oh - 1) / oh;
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * w / ow;
                    int x1 = ((ox + 1) * w + ow - 1) / ow;
                    double s = 0;
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            s += get(x, (pl * h + iy) * w + ix);
                        }
                    }
                    set(y, (pl * oh + oy) * ow + ox, s / ((y1 - y0) * (x1 - x0)));
                }
            }
        }
    }

    @Override
    public void adaptiveAvgPool2dBackward(ResizeGeometry geo, View gy, View gx) {
        int planes = geo.planes();
        int h = geo.h();
        int w = geo.w();
        int oh = geo.oh();
        int ow = geo.ow();
        double[] acc = new double[planes * h * w];
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * h / oh;
                int y1 = ((oy + 1) * h + oh - 1) / oh;
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * w / ow;
                    int x1 = ((ox + 1) * w + ow - 1) / ow;
                    double g = get(gy, (pl * oh + oy) * ow + ox) / ((y1 - y0) * (x1 - x0));
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            acc[(pl * h + iy) * w + ix] += g;
                        }
                    }
                }
            }
        }
        store(acc, gx);
    }

    @Override
    public void upsampleNearest(ResizeGeometry geo, View x, View y) {
        int planes = geo.planes();
        int h = geo.h();
        int w = geo.w();
        int oh = geo.oh();
        int ow = geo.ow();
        int sh = geo.scaleH();
        int sw = geo.scaleW();
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    set(y, (pl * oh + oy) * ow + ox, get(x, (pl * h + oy / sh) * w + ox / sw));
                }
            }
        }
    }

    @Override
    public void upsampleNearestBackward(ResizeGeometry geo, View gy, View gx) {
        int planes = geo.planes();
        int h = geo.h();
        int w = geo.w();
        int oh = geo.oh();
        int ow = geo.ow();
        int sh = geo.scaleH();
        int sw = geo.scaleW();
        double[] acc = new double[planes * h * w];
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    acc[(pl * h + oy / sh) * w + ox / sw] += get(gy, (pl * oh + oy) * ow + ox);
                }
            }
        }
        store(acc, gx);
    }

    @Override
    public void softmax(SoftmaxGeometry geo, View x, View y) {
        int rows = geo.rows();
        int cols = geo.cols();
        boolean log = geo.log();
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                mx = Math.max(mx, get(x, base + j));
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += StrictMath.exp(get(x, base + j) - mx);
            }
            double lse = mx + StrictMath.log(sum);
            for (int j = 0; j < cols; j++) {
                double v = get(x, base + j) - lse;
                set(y, r * cols + j, log ? v : StrictMath.exp(v));
            }
        }
    }

    @Override
    public void softmaxBackward(SoftmaxGeometry geo, View y, View gy, View gx) {
        int rows = geo.rows();
        int cols = geo.cols();
        boolean log = geo.log();
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += log ? get(gy, base + j) : get(gy, base + j) * get(y, base + j);
            }
            for (int j = 0; j < cols; j++) {
                double yv = get(y, base + j);
                double g = get(gy, base + j);
                set(gx, base + j, log ? g - StrictMath.exp(yv) * dot : yv * (g - dot));
            }
        }
    }

    @Override
    public void norm(NormGeometry geo, View x, View gamma, View beta, View y, View mean, View rstd) {
        if (geo.kind() == NormGeometry.Kind.BATCH) {
            batchNorm(x, geo.n(), geo.c(), geo.hw(), gamma, beta, geo.eps(), y, mean, rstd);
        } else {
            groupNorm(x, geo.n(), geo.c(), geo.hw(), geo.groups(), gamma, beta, geo.eps(), y, mean, rstd);
        }
    }

    @Override
    public void normBackward(NormGeometry geo, View x, View gamma, View mean, View rstd, View gy, View gx, View ggamma,
                             View gbeta) {
        if (geo.kind() == NormGeometry.Kind.BATCH) {
            batchNormBackward(x, geo.n(), geo.c(), geo.hw(), gamma, mean, rstd, gy, gx, ggamma, gbeta);
        } else {
            groupNormBackward(x, geo.n(), geo.c(), geo.hw(), geo.groups(), gamma, mean, rstd, gy, gx, ggamma, gbeta);
        }
    }

    private static void groupNorm(View x, int n, int c, int hw, int groups, View gamma, View beta, double eps, View y,
                                  View mean, View rstd) {
        int cg = c / groups;
        int count = cg * hw;
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < groups; g++) {
                int base = (b * c + g * cg) * hw;
                double s = 0;
                for (int i = 0; i < count; i++) {
                    s += get(x, base + i);
                }
                double mu = s / count;
                double ss = 0;
                for (int i = 0; i < count; i++) {
                    double d = get(x, base + i) - mu;
                    ss += d * d;
                }
                double rs = 1 / Math.sqrt(ss / count + eps);
                set(mean, b * groups + g, mu);
                set(rstd, b * groups + g, rs);
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    double ga = gamma == null ? 1 : get(gamma, ch);
                    double be = beta == null ? 0 : get(beta, ch);
                    for (int i = 0; i < hw; i++) {
                        int at = base + ci * hw + i;
                        set(y, at, (get(x, at) - mu) * rs * ga + be);
                    }
                }
            }
        }
    }

    private static void groupNormBackward(View x, int n, int c, int hw, int groups, View gamma, View mean, View rstd,
                                          View gy, View gx, View ggamma, View gbeta) {
        int cg = c / groups;
        int count = cg * hw;
        double[] gg = new double[c];
        double[] gb = new double[c];
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < groups; g++) {
                int base = (b * c + g * cg) * hw;
                double mu = get(mean, b * groups + g);
                double rs = get(rstd, b * groups + g);
                // dxhat = gy * gamma; gx = rs * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
                double sumD = 0;
                double sumDX = 0;
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    double ga = gamma == null ? 1 : get(gamma, ch);
                    for (int i = 0; i < hw; i++) {
                        int at = base + ci * hw + i;
                        double xh = (get(x, at) - mu) * rs;
                        double gv = get(gy, at);
                        gg[ch] += gv * xh;
                        gb[ch] += gv;
                        sumD += gv * ga;
                        sumDX += gv * ga * xh;
                    }
                }
                double mD = sumD / count;
                double mDX = sumDX / count;
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    double ga = gamma == null ? 1 : get(gamma, ch);
                    for (int i = 0; i < hw; i++) {
                        int at = base + ci * hw + i;
                        double xh = (get(x, at) - mu) * rs;
                        set(gx, at, rs * (get(gy, at) * ga - mD - xh * mDX));
                    }
                }
            }
        }
        if (ggamma != null) {
            for (int ch = 0; ch < c; ch++) {
                set(ggamma, ch, gg[ch]);
            }
        }
        if (gbeta != null) {
            for (int ch = 0; ch < c; ch++) {
                set(gbeta, ch, gb[ch]);
            }
        }
    }

    private static void batchNorm(View x, int n, int c, int hw, View gamma, View beta, double eps, View y, View mean,
                                  View rstd) {
        int count = n * hw;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    s += get(x, (b * c + ch) * hw + i);
                }
            }
            double mu = s / count;
            double ss = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    double d = get(x, (b * c + ch) * hw + i) - mu;
                    ss += d * d;
                }
            }
            double rs = 1 / Math.sqrt(ss / count + eps);
            set(mean, ch, mu);
            set(rstd, ch, rs);
            double ga = gamma == null ? 1 : get(gamma, ch);
            double be = beta == null ? 0 : get(beta, ch);
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    int at = (b * c + ch) * hw + i;
                    set(y, at, (get(x, at) - mu) * rs * ga + be);
                }
            }
        }
    }

    private static void batchNormBackward(View x, int n, int c, int hw, View gamma, View mean, View rstd, View gy,
                                          View gx, View ggamma, View gbeta) {
        int count = n * hw;
        for (int ch = 0; ch < c; ch++) {
            double mu = get(mean, ch);
            double rs = get(rstd, ch);
            double ga = gamma == null ? 1 : get(gamma, ch);
            double sg = 0;
            double sgx = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    int at = (b * c + ch) * hw + i;
                    double gv = get(gy, at);
                    sg += gv;
                    sgx += gv * (get(x, at) - mu) * rs;
                }
            }
            if (ggamma != null) {
                set(ggamma, ch, sgx);
            }
            if (gbeta != null) {
                set(gbeta, ch, sg);
            }
            double mD = sg * ga / count;
            double mDX = sgx * ga / count;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    int at = (b * c + ch) * hw + i;
                    double xh = (get(x, at) - mu) * rs;
                    set(gx, at, rs * (get(gy, at) * ga - mD - xh * mDX));
                }
            }
        }
    }

    @Override
    public void attention(AttentionGeometry geo, View q, View k, View v, View mask, View out, View lse) {
        int bh = geo.heads();
        int lq = geo.lq();
        int lk = geo.lk();
        int d = geo.d();
        double scale = geo.scale();
        double[] s = new double[lk];
        for (int h = 0; h < bh; h++) {
            for (int i = 0; i < lq; i++) {
                double mx = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < lk; j++) {
                    double dot = 0;
                    for (int t = 0; t < d; t++) {
                        dot += get(q, (h * lq + i) * d + t) * get(k, (h * lk + j) * d + t);
                    }
                    s[j] = dot * scale + (mask == null ? 0 : get(mask, i * lk + j));
                    mx = Math.max(mx, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < lk; j++) {
                    s[j] = StrictMath.exp(s[j] - mx);
                    sum += s[j];
                }
                set(lse, h * lq + i, mx + StrictMath.log(sum));
                for (int t = 0; t < d; t++) {
                    double acc = 0;
                    for (int j = 0; j < lk; j++) {
                        acc += s[j] * get(v, (h * lk + j) * d + t);
                    }
                    set(out, (h * lq + i) * d + t, acc / sum);
                }
            }
        }
    }

    @Override
    public void attentionBackward(AttentionGeometry geo, View q, View k, View v, View mask, View out, View lse,
                                  View gout, View gq, View gk, View gv) {
        int bh = geo.heads();
        int lq = geo.lq();
        int lk = geo.lk();
        int d = geo.d();
        double scale = geo.scale();
        double[] p = new double[lk];
        double[] dp = new double[lk];
        double[] gkAcc = new double[bh * lk * d];
        double[] gvAcc = new double[bh * lk * d];
        for (int h = 0; h < bh; h++) {
            for (int i = 0; i < lq; i++) {
                double l = get(lse, h * lq + i);
                // D_i = sum_t gout_it * out_it equals sum_j p_ij dp_ij.
                double di = 0;
                for (int t = 0; t < d; t++) {
                    di += get(gout, (h * lq + i) * d + t) * get(out, (h * lq + i) * d + t);
                }
                for (int j = 0; j < lk; j++) {
                    double dot = 0;
                    double dpv = 0;
                    for (int t = 0; t < d; t++) {
                        dot += get(q, (h * lq + i) * d + t) * get(k, (h * lk + j) * d + t);
                        dpv += get(gout, (h * lq + i) * d + t) * get(v, (h * lk + j) * d + t);
                    }
                    double sv = dot * scale + (mask == null ? 0 : get(mask, i * lk + j));
                    p[j] = StrictMath.exp(sv - l);
                    dp[j] = dpv;
                }
                for (int t = 0; t < d; t++) {
                    double acc = 0;
                    for (int j = 0; j < lk; j++) {
                        double ds = p[j] * (dp[j] - di) * scale;
                        acc += ds * get(k, (h * lk + j) * d + t);
                        gkAcc[(h * lk + j) * d + t] += ds * get(q, (h * lq + i) * d + t);
                        gvAcc[(h * lk + j) * d + t] += p[j] * get(gout, (h * lq + i) * d + t);
                    }
                    set(gq, (h * lq + i) * d + t, acc);
                }
            }
        }
        for (int i = 0; i < gkAcc.length; i++) {
            set(gk, i, gkAcc[i]);
            set(gv, i, gvAcc[i]);
        }
    }

    @Override
    public void indexSelect(View x, int[] idx, View out) {
        int outer = x.shape()[0];
        int n = x.shape()[1];
        int inner = x.shape()[2];
        for (int o = 0; o < outer; o++) {
            for (int r = 0; r < idx.length; r++) {
                int src = (o * n + idx[r]) * inner;
                int dst = (o * idx.length + r) * inner;
                for (int i = 0; i < inner; i++) {
                    set(out, dst + i, get(x, src + i));
                }
            }
        }
    }

    @Override
    public void indexAdd(View g, int[] idx, View gx) {
        int outer = gx.shape()[0];
        int n = gx.shape()[1];
        int inner = gx.shape()[2];
        for (int o = 0; o < outer; o++) {
            for (int r = 0; r < idx.length; r++) {
                int src = (o * idx.length + r) * inner;
                int dst = (o * n + idx[r]) * inner;
                for (int i = 0; i < inner; i++) {
                    set(gx, dst + i, get(gx, dst + i) + get(g, src + i));
                }
            }
        }
    }

    @Override
    public void fusedAdamStep(AdamHyperparameters h, View p, View g, View m, View v) {
        double lr = h.lr();
        double beta1 = h.beta1();
        double beta2 = h.beta2();
        double eps = h.eps();
        double weightDecay = h.weightDecay();
        boolean decoupled = h.decoupled();
        double bc1 = h.bc1();
        double bc2 = h.bc2();
        for (int i = 0, n = p.numel(); i < n; i++) {
            double pv = get(p, i);
            double gv = get(g, i);
            if (weightDecay != 0) {
                if (decoupled) {
                    pv *= 1 - lr * weightDecay;
                } else {
                    gv += weightDecay * pv;
                }
            }
            double mv = beta1 * get(m, i) + (1 - beta1) * gv;
            double vv = beta2 * get(v, i) + (1 - beta2) * gv * gv;
            set(m, i, mv);
            set(v, i, vv);
            double denom = Math.sqrt(vv) / Math.sqrt(bc2) + eps;
            set(p, i, pv - lr / bc1 * mv / denom);
        }
    }

    /** Registers this backend as {@code reference} for {@link org.dadda.tensor.Backends#byName}. */
    public static final class Provider extends org.dadda.tensor.NamedBackend {
        /** The provider ServiceLoader instantiates. */
        public Provider() {
            super("reference", INSTANCE);
        }
    }
}
