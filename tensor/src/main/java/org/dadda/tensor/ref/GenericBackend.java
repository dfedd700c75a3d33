package org.dadda.tensor.ref;

import org.dadda.tensor.Backend;
import org.dadda.tensor.BinaryOp;
import org.dadda.tensor.ConvGeometry;
import org.dadda.tensor.Storage;
import org.dadda.tensor.UnaryOp;

/**
 * Every kernel of {@link Backend} written once, plainly, through {@link Storage#get}/{@link
 * Storage#set} with double accumulation. It is the definition the fast kernels are tested
 * against, the whole of the float64 {@link ReferenceBackend}, and the fallback a fast backend
 * inherits for kernels it has not specialised.
 */
public abstract class GenericBackend implements Backend {

    @Override
    public void fill(Storage s, int off, int n, double value) {
        for (int i = 0; i < n; i++) {
            s.set(off + i, value);
        }
    }

    @Override
    public float[] toFloats(Storage s, int off, int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (float) s.get(off + i);
        }
        return r;
    }

    @Override
    public double[] toDoubles(Storage s, int off, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = s.get(off + i);
        }
        return r;
    }

    @Override
    public void copyStrided(Storage src, int sOff, int[] sStrides, Storage dst, int dOff, int[] dStrides, int[] shape,
                            boolean accumulate) {
        StridedWalk w = new StridedWalk(shape, sOff, sStrides, dOff, dStrides);
        for (int count = 0, total = w.size(); count < total; count++) {
            double v = src.get(w.first());
            int di = w.second();
            dst.set(di, accumulate ? dst.get(di) + v : v);
            w.next();
        }
    }

    @Override
    public void unary(UnaryOp op, Storage x, int xOff, Storage out, int outOff, int n, double p, double q) {
        for (int i = 0; i < n; i++) {
            out.set(outOff + i, op.apply(x.get(xOff + i), p, q));
        }
    }

    @Override
    public void unaryBackward(UnaryOp op, Storage x, int xOff, Storage y, int yOff, Storage gy, int gyOff, Storage gx,
                              int n, double p, double q) {
        for (int i = 0; i < n; i++) {
            double xv = x.get(xOff + i);
            double yv = y == null ? 0 : y.get(yOff + i);
            gx.set(i, gy.get(gyOff + i) * op.derivative(xv, yv, p, q));
        }
    }

    @Override
    public void binary(BinaryOp op, Storage a, int aOff, int[] aStrides, Storage b, int bOff, int[] bStrides,
                       Storage out, int outOff, int[] shape) {
        StridedWalk w = new StridedWalk(shape, aOff, aStrides, bOff, bStrides);
        for (int count = 0, total = w.size(); count < total; count++) {
            out.set(outOff + count, op.apply(a.get(w.first()), b.get(w.second())));
            w.next();
        }
    }

    @Override
    public void where(Storage cond, int cOff, int[] cStrides, Storage a, int aOff, int[] aStrides, Storage b, int bOff,
                      int[] bStrides, Storage out, int[] shape) {
        StridedWalk w = new StridedWalk(shape, cOff, cStrides, aOff, aStrides, bOff, bStrides);
        for (int count = 0, total = w.size(); count < total; count++) {
            out.set(count, cond.get(w.first()) != 0 ? a.get(w.second()) : b.get(w.third()));
            w.next();
        }
    }

    @Override
    public void reduce(boolean max, Storage x, int xOff, int[] shape, boolean[] reduce, Storage out) {
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
            double v = x.get(xOff + count);
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
            out.set(i, acc[i]);
        }
    }

    @Override
    public void argmax(Storage x, int xOff, int outer, int n, int inner, int[] out) {
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int best = 0;
                double bv = x.get(xOff + (o * n) * inner + in);
                for (int j = 1; j < n; j++) {
                    double v = x.get(xOff + (o * n + j) * inner + in);
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
    public void gemm(boolean transA, boolean transB, int batch, int m, int n, int k, double alpha,
                     Storage a, int aOff, int aBatchStride, Storage b, int bOff, int bBatchStride,
                     double beta, Storage c, int cOff) {
        for (int bt = 0; bt < batch; bt++) {
            int ab = aOff + bt * aBatchStride;
            int bb = bOff + bt * bBatchStride;
            int cb = cOff + bt * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        double av = transA ? a.get(ab + p * m + i) : a.get(ab + i * k + p);
                        double bv = transB ? b.get(bb + j * k + p) : b.get(bb + p * n + j);
                        s += av * bv;
                    }
                    double prev = beta == 0 ? 0 : beta * c.get(cb + i * n + j);
                    c.set(cb + i * n + j, alpha * s + prev);
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

    private static void store(double[] acc, Storage out) {
        for (int i = 0; i < acc.length; i++) {
            out.set(i, acc[i]);
        }
    }

    @Override
    public void conv2d(ConvGeometry g, Storage x, int xOff, Storage w, int wOff, Storage bias, int bOff, Storage y) {
        double[] acc = new double[g.n() * g.oc() * g.oh() * g.ow()];
        if (bias != null) {
            int plane = g.oh() * g.ow();
            for (int i = 0; i < acc.length; i++) {
                acc[i] = bias.get(bOff + (i / plane) % g.oc());
            }
        }
        forEachTap(g, (o, i, k) -> acc[o] += x.get(xOff + i) * w.get(wOff + k));
        store(acc, y);
    }

    @Override
    public void conv2dBackwardInput(ConvGeometry g, Storage gy, Storage w, int wOff, Storage gx) {
        double[] acc = new double[g.n() * g.c() * g.h() * g.w()];
        forEachTap(g, (o, i, k) -> acc[i] += gy.get(o) * w.get(wOff + k));
        store(acc, gx);
    }

    @Override
    public void conv2dBackwardWeight(ConvGeometry g, Storage x, int xOff, Storage gy, Storage gw) {
        double[] acc = new double[g.oc() * g.cPerGroup() * g.kh() * g.kw()];
        forEachTap(g, (o, i, k) -> acc[k] += gy.get(o) * x.get(xOff + i));
        store(acc, gw);
    }

    private static int poolOut(int in, int k, int stride, int pad) {
        return (in + 2 * pad - k) / stride + 1;
    }

    @Override
    public void pool2d(boolean max, Storage x, int xOff, int planes, int h, int w, int kh, int kw, int stride, int pad,
                       Storage y) {
        int oh = poolOut(h, kh, stride, pad);
        int ow = poolOut(w, kw, stride, pad);
        for (int pl = 0; pl < planes; pl++) {
            int base = xOff + pl * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double acc = max ? Double.NEGATIVE_INFINITY : 0;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * stride - pad + ky;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * stride - pad + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            double v = x.get(base + iy * w + ix);
                            acc = max ? (v > acc || Double.isNaN(v) ? v : acc) : acc + v;
                        }
                    }
                    y.set((pl * oh + oy) * ow + ox, max ? acc : acc / (kh * kw));
                }
            }
        }
    }

    @Override
    public void pool2dBackward(boolean max, Storage x, int xOff, int planes, int h, int w, int kh, int kw, int stride,
                               int pad, Storage gy, Storage gx) {
        int oh = poolOut(h, kh, stride, pad);
        int ow = poolOut(w, kw, stride, pad);
        double[] acc = new double[planes * h * w];
        for (int pl = 0; pl < planes; pl++) {
            int base = xOff + pl * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double g = gy.get((pl * oh + oy) * ow + ox);
                    int best = -1;
                    double bv = Double.NEGATIVE_INFINITY;
                    for (int ky = 0; ky < kh; ky++) {
                        int iy = oy * stride - pad + ky;
                        for (int kx = 0; kx < kw; kx++) {
                            int ix = ox * stride - pad + kx;
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            if (max) {
                                double v = x.get(base + iy * w + ix);
                                if (best < 0 || v > bv) {
                                    bv = v;
                                    best = iy * w + ix;
                                }
                            } else {
                                acc[pl * h * w + iy * w + ix] += g / (kh * kw);
                            }
                        }
                    }
                    if (max && best >= 0) {
                        acc[pl * h * w + best] += g;
                    }
                }
            }
        }
        store(acc, gx);
    }

    @Override
    public void adaptiveAvgPool2d(Storage x, int xOff, int planes, int h, int w, int oh, int ow, Storage y) {
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
                            s += x.get(xOff + (pl * h + iy) * w + ix);
                        }
                    }
                    y.set((pl * oh + oy) * ow + ox, s / ((y1 - y0) * (x1 - x0)));
                }
            }
        }
    }

    @Override
    public void adaptiveAvgPool2dBackward(Storage gy, int planes, int h, int w, int oh, int ow, Storage gx) {
        double[] acc = new double[planes * h * w];
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * h / oh;
                int y1 = ((oy + 1) * h + oh - 1) / oh;
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * w / ow;
                    int x1 = ((ox + 1) * w + ow - 1) / ow;
                    double g = gy.get((pl * oh + oy) * ow + ox) / ((y1 - y0) * (x1 - x0));
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
    public void upsampleNearest(Storage x, int xOff, int planes, int h, int w, int sh, int sw, Storage y) {
        int oh = h * sh;
        int ow = w * sw;
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    y.set((pl * oh + oy) * ow + ox, x.get(xOff + (pl * h + oy / sh) * w + ox / sw));
                }
            }
        }
    }

    @Override
    public void upsampleNearestBackward(Storage gy, int planes, int h, int w, int sh, int sw, Storage gx) {
        int oh = h * sh;
        int ow = w * sw;
        double[] acc = new double[planes * h * w];
        for (int pl = 0; pl < planes; pl++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    acc[(pl * h + oy / sh) * w + ox / sw] += gy.get((pl * oh + oy) * ow + ox);
                }
            }
        }
        store(acc, gx);
    }

    @Override
    public void softmax(Storage x, int xOff, int rows, int cols, boolean log, Storage y) {
        for (int r = 0; r < rows; r++) {
            int base = xOff + r * cols;
            double mx = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                mx = Math.max(mx, x.get(base + j));
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                sum += StrictMath.exp(x.get(base + j) - mx);
            }
            double lse = mx + StrictMath.log(sum);
            for (int j = 0; j < cols; j++) {
                double v = x.get(base + j) - lse;
                y.set(r * cols + j, log ? v : StrictMath.exp(v));
            }
        }
    }

    @Override
    public void softmaxBackward(Storage y, Storage gy, int gyOff, int rows, int cols, boolean log, Storage gx) {
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += log ? gy.get(gyOff + base + j) : gy.get(gyOff + base + j) * y.get(base + j);
            }
            for (int j = 0; j < cols; j++) {
                double yv = y.get(base + j);
                double g = gy.get(gyOff + base + j);
                gx.set(base + j, log ? g - StrictMath.exp(yv) * dot : yv * (g - dot));
            }
        }
    }

    @Override
    public void groupNorm(Storage x, int xOff, int n, int c, int hw, int groups, Storage gamma, Storage beta,
                          double eps, Storage y, Storage mean, Storage rstd) {
        int cg = c / groups;
        int count = cg * hw;
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < groups; g++) {
                int base = (b * c + g * cg) * hw;
                double s = 0;
                for (int i = 0; i < count; i++) {
                    s += x.get(xOff + base + i);
                }
                double mu = s / count;
                double ss = 0;
                for (int i = 0; i < count; i++) {
                    double d = x.get(xOff + base + i) - mu;
                    ss += d * d;
                }
                double rs = 1 / Math.sqrt(ss / count + eps);
                mean.set(b * groups + g, mu);
                rstd.set(b * groups + g, rs);
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    double ga = gamma == null ? 1 : gamma.get(ch);
                    double be = beta == null ? 0 : beta.get(ch);
                    for (int i = 0; i < hw; i++) {
                        int at = base + ci * hw + i;
                        y.set(at, (x.get(xOff + at) - mu) * rs * ga + be);
                    }
                }
            }
        }
    }

    @Override
    public void groupNormBackward(Storage x, int xOff, int n, int c, int hw, int groups, Storage gamma, Storage mean,
                                  Storage rstd, Storage gy, int gyOff, Storage gx, Storage ggamma, Storage gbeta) {
        int cg = c / groups;
        int count = cg * hw;
        double[] gg = new double[c];
        double[] gb = new double[c];
        for (int b = 0; b < n; b++) {
            for (int g = 0; g < groups; g++) {
                int base = (b * c + g * cg) * hw;
                double mu = mean.get(b * groups + g);
                double rs = rstd.get(b * groups + g);
                // dxhat = gy * gamma; gx = rs * (dxhat - mean(dxhat) - xhat * mean(dxhat * xhat))
                double sumD = 0;
                double sumDX = 0;
                for (int ci = 0; ci < cg; ci++) {
                    int ch = g * cg + ci;
                    double ga = gamma == null ? 1 : gamma.get(ch);
                    for (int i = 0; i < hw; i++) {
                        int at = base + ci * hw + i;
                        double xh = (x.get(xOff + at) - mu) * rs;
                        double gv = gy.get(gyOff + at);
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
                    double ga = gamma == null ? 1 : gamma.get(ch);
                    for (int i = 0; i < hw; i++) {
                        int at = base + ci * hw + i;
                        double xh = (x.get(xOff + at) - mu) * rs;
                        gx.set(at, rs * (gy.get(gyOff + at) * ga - mD - xh * mDX));
                    }
                }
            }
        }
        if (ggamma != null) {
            for (int ch = 0; ch < c; ch++) {
                ggamma.set(ch, gg[ch]);
            }
        }
        if (gbeta != null) {
            for (int ch = 0; ch < c; ch++) {
                gbeta.set(ch, gb[ch]);
            }
        }
    }

    @Override
    public void batchNorm(Storage x, int xOff, int n, int c, int hw, Storage gamma, Storage beta, double eps, Storage y,
                          Storage mean, Storage rstd) {
        int count = n * hw;
        for (int ch = 0; ch < c; ch++) {
            double s = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    s += x.get(xOff + (b * c + ch) * hw + i);
                }
            }
            double mu = s / count;
            double ss = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    double d = x.get(xOff + (b * c + ch) * hw + i) - mu;
                    ss += d * d;
                }
            }
            double rs = 1 / Math.sqrt(ss / count + eps);
            mean.set(ch, mu);
            rstd.set(ch, rs);
            double ga = gamma == null ? 1 : gamma.get(ch);
            double be = beta == null ? 0 : beta.get(ch);
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    int at = (b * c + ch) * hw + i;
                    y.set(at, (x.get(xOff + at) - mu) * rs * ga + be);
                }
            }
        }
    }

    @Override
    public void batchNormBackward(Storage x, int xOff, int n, int c, int hw, Storage gamma, Storage mean, Storage rstd,
                                  Storage gy, int gyOff, Storage gx, Storage ggamma, Storage gbeta) {
        int count = n * hw;
        for (int ch = 0; ch < c; ch++) {
            double mu = mean.get(ch);
            double rs = rstd.get(ch);
            double ga = gamma == null ? 1 : gamma.get(ch);
            double sg = 0;
            double sgx = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    int at = (b * c + ch) * hw + i;
                    double gv = gy.get(gyOff + at);
                    sg += gv;
                    sgx += gv * (x.get(xOff + at) - mu) * rs;
                }
            }
            if (ggamma != null) {
                ggamma.set(ch, sgx);
            }
            if (gbeta != null) {
                gbeta.set(ch, sg);
            }
            double mD = sg * ga / count;
            double mDX = sgx * ga / count;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < hw; i++) {
                    int at = (b * c + ch) * hw + i;
                    double xh = (x.get(xOff + at) - mu) * rs;
                    gx.set(at, rs * (gy.get(gyOff + at) * ga - mD - xh * mDX));
                }
            }
        }
    }

    @Override
    public void attention(int bh, int lq, int lk, int d, double scale, Storage q, int qOff, Storage k, int kOff,
                          Storage v, int vOff, Storage mask, int maskOff, Storage out, Storage lse) {
        double[] s = new double[lk];
        for (int h = 0; h < bh; h++) {
            for (int i = 0; i < lq; i++) {
                double mx = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < lk; j++) {
                    double dot = 0;
                    for (int t = 0; t < d; t++) {
                        dot += q.get(qOff + (h * lq + i) * d + t) * k.get(kOff + (h * lk + j) * d + t);
                    }
                    s[j] = dot * scale + (mask == null ? 0 : mask.get(maskOff + i * lk + j));
                    mx = Math.max(mx, s[j]);
                }
                double sum = 0;
                for (int j = 0; j < lk; j++) {
                    s[j] = StrictMath.exp(s[j] - mx);
                    sum += s[j];
                }
                lse.set(h * lq + i, mx + StrictMath.log(sum));
                for (int t = 0; t < d; t++) {
                    double acc = 0;
                    for (int j = 0; j < lk; j++) {
                        acc += s[j] * v.get(vOff + (h * lk + j) * d + t);
                    }
                    out.set((h * lq + i) * d + t, acc / sum);
                }
            }
        }
    }

    @Override
    public void attentionBackward(int bh, int lq, int lk, int d, double scale, Storage q, int qOff, Storage k,
                                  int kOff, Storage v, int vOff, Storage mask, int maskOff, Storage out, Storage lse,
                                  Storage gout, int goutOff, Storage gq, Storage gk, Storage gv) {
        double[] p = new double[lk];
        double[] dp = new double[lk];
        double[] gkAcc = new double[bh * lk * d];
        double[] gvAcc = new double[bh * lk * d];
        for (int h = 0; h < bh; h++) {
            for (int i = 0; i < lq; i++) {
                double l = lse.get(h * lq + i);
                // D_i = sum_t gout_it * out_it equals sum_j p_ij dp_ij.
                double di = 0;
                for (int t = 0; t < d; t++) {
                    di += gout.get(goutOff + (h * lq + i) * d + t) * out.get((h * lq + i) * d + t);
                }
                for (int j = 0; j < lk; j++) {
                    double dot = 0;
                    double dpv = 0;
                    for (int t = 0; t < d; t++) {
                        dot += q.get(qOff + (h * lq + i) * d + t) * k.get(kOff + (h * lk + j) * d + t);
                        dpv += gout.get(goutOff + (h * lq + i) * d + t) * v.get(vOff + (h * lk + j) * d + t);
                    }
                    double sv = dot * scale + (mask == null ? 0 : mask.get(maskOff + i * lk + j));
                    p[j] = StrictMath.exp(sv - l);
                    dp[j] = dpv;
                }
                for (int t = 0; t < d; t++) {
                    double acc = 0;
                    for (int j = 0; j < lk; j++) {
                        double ds = p[j] * (dp[j] - di) * scale;
                        acc += ds * k.get(kOff + (h * lk + j) * d + t);
                        gkAcc[(h * lk + j) * d + t] += ds * q.get(qOff + (h * lq + i) * d + t);
                        gvAcc[(h * lk + j) * d + t] += p[j] * gout.get(goutOff + (h * lq + i) * d + t);
                    }
                    gq.set((h * lq + i) * d + t, acc);
                }
            }
        }
        for (int i = 0; i < gkAcc.length; i++) {
            gk.set(i, gkAcc[i]);
            gv.set(i, gvAcc[i]);
        }
    }

    @Override
    public void indexSelect(Storage x, int xOff, int outer, int n, int inner, int[] idx, Storage out) {
        for (int o = 0; o < outer; o++) {
            for (int r = 0; r < idx.length; r++) {
                int src = xOff + (o * n + idx[r]) * inner;
                int dst = (o * idx.length + r) * inner;
                for (int i = 0; i < inner; i++) {
                    out.set(dst + i, x.get(src + i));
                }
            }
        }
    }

    @Override
    public void indexAdd(Storage g, int outer, int n, int inner, int[] idx, Storage gx) {
        for (int o = 0; o < outer; o++) {
            for (int r = 0; r < idx.length; r++) {
                int src = (o * idx.length + r) * inner;
                int dst = (o * n + idx[r]) * inner;
                for (int i = 0; i < inner; i++) {
                    gx.set(dst + i, gx.get(dst + i) + g.get(src + i));
                }
            }
        }
    }

    @Override
    public void adamStep(Storage p, int pOff, Storage g, int gOff, Storage m, Storage v, int n, double lr,
                         double beta1, double beta2, double eps, double weightDecay, boolean decoupled, double bc1,
                         double bc2) {
        for (int i = 0; i < n; i++) {
            double pv = p.get(pOff + i);
            double gv = g.get(gOff + i);
            if (weightDecay != 0) {
                if (decoupled) {
                    pv *= 1 - lr * weightDecay;
                } else {
                    gv += weightDecay * pv;
                }
            }
            double mv = beta1 * m.get(i) + (1 - beta1) * gv;
            double vv = beta2 * v.get(i) + (1 - beta2) * gv * gv;
            m.set(i, mv);
            v.set(i, vv);
            double denom = Math.sqrt(vv) / Math.sqrt(bc2) + eps;
            p.set(pOff + i, pv - lr / bc1 * mv / denom);
        }
    }
}
