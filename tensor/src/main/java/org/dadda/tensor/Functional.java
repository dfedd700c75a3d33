package org.dadda.tensor;

import java.util.Arrays;

/**
 * The neural-network ops over {@link Tensor}s (convolution, pooling, normalisation, attention,
 * dropout, losses), each with its backward beside its forward, in the manner of
 * {@code torch.nn.functional}.
 */
public final class Functional {
    private Functional() {
    }

    private static void requireRank(String op, Tensor t, int rank, String what) {
        if (t.dim() != rank) {
            throw new IllegalArgumentException(op + ": " + what + " must have rank " + rank + ", got shape " + Shape.str(t.shapeRef()));
        }
    }

    /** An output tensor whose kernel overwrites every element (see {@link Backend#allocateUninitialized}). */
    private static Tensor dense(Tensor like, int[] shape) {
        return Tensor.wrap(like.backend(), like.backend().allocateUninitialized(Shape.numel(shape)), shape);
    }

    /** {@code x W^T + b} over the last axis; {@code weight [out, in]}, {@code bias [out]} or null. */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        requireRank("linear", weight, 2, "weight");
        if (x.size(-1) != weight.size(1)) {
            throw new IllegalArgumentException("linear: input shape " + Shape.str(x.shapeRef()) + " does not match weight shape "
                    + Shape.str(weight.shapeRef()) + " (last axis " + x.size(-1) + " != " + weight.size(1) + ")");
        }
        int in = weight.size(1);
        int out = weight.size(0);
        int rows = x.numel() / in;
        int[] outShape = x.shape();
        outShape[outShape.length - 1] = out;
        Tensor y = dense(x, outShape);
        Backend be = x.backend();
        GemmGeometry forward = GemmGeometry.of(false, true, rows, out, in);
        be.gemm(forward, 1, forward.a(x.storage(), x.offset(), 0), forward.b(weight.storage(), weight.offset(), 0), 0,
                forward.c(y.storage(), y.offset()));
        if (bias != null) {
            if (bias.numel() != out) {
                throw new IllegalArgumentException("linear: bias shape " + Shape.str(bias.shapeRef()) + " != [" + out + "]");
            }
            int[] rowsOut = {rows, out};
            be.binary(BinaryOp.ADD, y.operand(rowsOut), View.broadcast(bias.storage(), bias.offset(), new int[] {1, out}, rowsOut),
                    y.operand(rowsOut));
        }
        return Autograd.record("linear", y, g -> {
            Tensor gx = null;
            Tensor gw = null;
            Tensor gb = null;
            if (x.requiresGrad()) {
                gx = dense(x, x.shape());
                GemmGeometry dx = GemmGeometry.of(false, false, rows, in, out);
                be.gemm(dx, 1, dx.a(g.storage(), g.offset(), 0), dx.b(weight.storage(), weight.offset(), 0), 0,
                        dx.c(gx.storage(), gx.offset()));
            }
            if (weight.requiresGrad()) {
                gw = dense(weight, weight.shape());
                GemmGeometry dw = GemmGeometry.of(true, false, out, in, rows);
                be.gemm(dw, 1, dw.a(g.storage(), g.offset(), 0), dw.b(x.storage(), x.offset(), 0), 0,
                        dw.c(gw.storage(), gw.offset()));
            }
            if (bias != null && bias.requiresGrad()) {
                gb = g.reshape(rows, out).sum(0, false).reshape(bias.shape());
            }
            return new Tensor[] {gx, gw, gb};
        }, x, weight, bias);
    }

    /**
     * 2-d convolution of {@code x [N, C, H, W]} with {@code weight [OC, C/groups, KH, KW]} and
     * optional {@code bias [OC]}, as {@code torch.nn.functional.conv2d}.
     */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        requireRank("conv2d", x, 4, "input");
        requireRank("conv2d", weight, 4, "weight");
        int[] xs = x.shapeRef();
        int[] ws = weight.shapeRef();
        if (xs[1] != ws[1] * groups) {
            throw new IllegalArgumentException("conv2d: input shape " + Shape.str(xs) + " has " + xs[1] + " channels but weight shape "
                    + Shape.str(ws) + " with groups " + groups + " expects " + ws[1] * groups);
        }
        if (bias != null && bias.numel() != ws[0]) {
            throw new IllegalArgumentException("conv2d: bias shape " + Shape.str(bias.shapeRef()) + " != [" + ws[0] + "]");
        }
        ConvGeometry geo = new ConvGeometry(xs[0], xs[1], xs[2], xs[3], ws[0], ws[2], ws[3], stride, stride, padding,
                padding, dilation, dilation, groups);
        Tensor y = dense(x, geo.outputShape());
        Backend be = x.backend();
        be.conv2d(geo, x.operand(), weight.operand(), Tensor.operandOrNull(bias), y.operand());
        return Autograd.record("conv2d", y, g -> {
            Tensor gx = null;
            Tensor gw = null;
            Tensor gb = null;
            if (x.requiresGrad()) {
                gx = dense(x, x.shape());
                be.conv2dBackwardInput(geo, g.operand(), weight.operand(), gx.operand());
            }
            if (weight.requiresGrad()) {
                gw = dense(weight, weight.shape());
                be.conv2dBackwardWeight(geo, x.operand(), g.operand(), gw.operand());
            }
            if (bias != null && bias.requiresGrad()) {
                gb = g.sum(new int[] {0, 2, 3}, false).reshape(bias.shape());
            }
            return new Tensor[] {gx, gw, gb};
        }, x, weight, bias);
    }

    private static Tensor pool(String op, boolean max, Tensor x, int kernel, int stride, int padding) {
        requireRank(op, x, 4, "input");
        int[] s = x.shapeRef();
        if (kernel < 1 || stride < 1 || padding < 0 || padding * 2 > kernel) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + ", stride " + stride + ", padding " + padding
                    + " invalid (padding must be at most half the kernel)");
        }
        int oh = (s[2] + 2 * padding - kernel) / stride + 1;
        int ow = (s[3] + 2 * padding - kernel) / stride + 1;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": kernel " + kernel + " larger than input " + Shape.str(s));
        }
        PoolGeometry geo = new PoolGeometry(max ? Reduction.MAX : Reduction.MEAN, s[0] * s[1], s[2], s[3], kernel, kernel,
                stride, padding);
        Tensor y = dense(x, new int[] {s[0], s[1], oh, ow});
        Backend be = x.backend();
        be.pool2d(geo, x.operand(), y.operand());
        return Autograd.record(op, y, g -> {
            Tensor gx = dense(x, x.shape());
            be.pool2dBackward(geo, x.operand(), g.operand(), gx.operand());
            return new Tensor[] {gx};
        }, x);
    }

    /** Max pooling over square windows. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        return pool("maxPool2d", true, x, kernel, stride, padding);
    }

    /** Average pooling over square windows (padding counts as zeros, as PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        return pool("avgPool2d", false, x, kernel, stride, padding);
    }

    /** Adaptive average pooling to {@code oh x ow} with PyTorch's bin edges. */
    public static Tensor adaptiveAvgPool2d(Tensor x, int oh, int ow) {
        requireRank("adaptiveAvgPool2d", x, 4, "input");
        int[] s = x.shapeRef();
        ResizeGeometry geo = new ResizeGeometry(s[0] * s[1], s[2], s[3], oh, ow);
        Tensor y = dense(x, new int[] {s[0], s[1], oh, ow});
        Backend be = x.backend();
        be.adaptiveAvgPool2d(geo, x.operand(), y.operand());
        return Autograd.record("adaptiveAvgPool2d", y, g -> {
            Tensor gx = dense(x, x.shape());
            be.adaptiveAvgPool2dBackward(geo, g.operand(), gx.operand());
            return new Tensor[] {gx};
        }, x);
    }

    /** Nearest-neighbour upsampling by an integer factor. */
    public static Tensor upsampleNearest(Tensor x, int scale) {
        requireRank("upsampleNearest", x, 4, "input");
        if (scale < 1) {
            throw new IllegalArgumentException("upsampleNearest: scale must be >= 1, got " + scale);
        }
        int[] s = x.shapeRef();
        ResizeGeometry geo = ResizeGeometry.upsample(s[0] * s[1], s[2], s[3], scale, scale);
        Tensor y = dense(x, new int[] {s[0], s[1], s[2] * scale, s[3] * scale});
        Backend be = x.backend();
        be.upsampleNearest(geo, x.operand(), y.operand());
        return Autograd.record("upsampleNearest", y, g -> {
            Tensor gx = dense(x, x.shape());
            be.upsampleNearestBackward(geo, g.operand(), gx.operand());
            return new Tensor[] {gx};
        }, x);
    }

    /**
     * Group normalisation of {@code x [N, C, ...]} over {@code groups} channel groups, with
     * optional per-channel {@code gamma}, {@code beta} of shape {@code [C]}.
     */
    public static Tensor groupNorm(Tensor x, int groups, Tensor gamma, Tensor beta, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("groupNorm: input must have rank >= 2, got " + Shape.str(x.shapeRef()));
        }
        int n = x.size(0);
        int c = x.size(1);
        if (groups < 1 || c % groups != 0) {
            throw new IllegalArgumentException("groupNorm: " + c + " channels of input " + Shape.str(x.shapeRef())
                    + " not divisible into " + groups + " groups");
        }
        for (Tensor p : new Tensor[] {gamma, beta}) {
            if (p != null && p.numel() != c) {
                throw new IllegalArgumentException("groupNorm: affine parameter shape " + Shape.str(p.shapeRef()) + " != [" + c + "]");
            }
        }
        int hw = x.numel() / (n * c);
        Backend be = x.backend();
        Tensor y = dense(x, x.shape());
        NormGeometry geo = NormGeometry.group(n, c, hw, groups, eps);
        View mean = View.dense(be.allocate(geo.statistics()), 0, n, groups);
        View rstd = View.dense(be.allocate(geo.statistics()), 0, n, groups);
        be.norm(geo, x.operand(), Tensor.operandOrNull(gamma), Tensor.operandOrNull(beta), y.operand(), mean, rstd);
        return Autograd.record("groupNorm", y, g -> {
            Tensor gx = dense(x, x.shape());
            Tensor gg = gamma != null && gamma.requiresGrad() ? dense(gamma, gamma.shape()) : null;
            Tensor gb = beta != null && beta.requiresGrad() ? dense(beta, beta.shape()) : null;
            be.normBackward(geo, x.operand(), Tensor.operandOrNull(gamma), mean, rstd, g.operand(), gx.operand(), Tensor.operandOrNull(gg),
                    Tensor.operandOrNull(gb));
            return new Tensor[] {gx, gg, gb};
        }, x, gamma, beta);
    }

    /**
     * Layer normalisation over the last {@code normalizedShape.length} axes with optional
     * elementwise affine parameters of that shape, as {@code torch.nn.functional.layer_norm}.
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor gamma, Tensor beta, double eps) {
        int k = normalizedShape.length;
        int[] s = x.shapeRef();
        if (k == 0 || k > s.length || !Arrays.equals(Arrays.copyOfRange(s, s.length - k, s.length), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: normalized shape " + Shape.str(normalizedShape)
                    + " is not a suffix of input shape " + Shape.str(s));
        }
        int inner = Shape.numel(normalizedShape);
        int outer = x.numel() / inner;
        // A layer norm is a group norm with one group over [outer, inner] plus an elementwise affine.
        Tensor y = groupNorm(x.reshape(outer, 1, inner), 1, null, null, eps).reshape(s);
        if (gamma != null) {
            y = y.mul(gamma);
        }
        if (beta != null) {
            y = y.add(beta);
        }
        return y;
    }

    /**
     * Batch normalisation of {@code x [N, C, ...]}. In training, normalises by the batch
     * statistics and updates {@code runningMean}/{@code runningVar} in place (unbiased variance,
     * {@code momentum} as PyTorch); in evaluation, uses the running statistics.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                                   boolean training, double momentum, double eps) {
        if (x.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: input must have rank >= 2, got " + Shape.str(x.shapeRef()));
        }
        int c = x.size(1);
        int[] bshape = new int[x.dim()];
        Arrays.fill(bshape, 1);
        bshape[1] = c;
        if (training) {
            int n = x.size(0);
            int count = x.numel() / c;
            if (count < 2) {
                throw new IllegalArgumentException("batchNorm: training needs more than one value per channel, got input "
                        + Shape.str(x.shapeRef()));
            }
            int hw = count / n;
            Backend be = x.backend();
            Tensor y = dense(x, x.shape());
            NormGeometry geo = NormGeometry.batch(n, c, hw, eps);
            View mean = View.dense(be.allocate(c), 0, c);
            View rstd = View.dense(be.allocate(c), 0, c);
            be.norm(geo, x.operand(), Tensor.operandOrNull(gamma), Tensor.operandOrNull(beta), y.operand(), mean, rstd);
            if (runningMean != null && runningVar != null) {
                // Running statistics use the unbiased variance, recovered from the saved 1/std.
                Tensor mu = Tensor.wrap(be, mean.storage(), runningMean.shape());
                Tensor var = Tensor.wrap(be, rstd.storage(), runningVar.shape()).pow(-2).add(-eps).mul((double) count / (count - 1));
                runningMean.mulInPlace(1 - momentum);
                runningMean.addInPlace(mu, momentum);
                runningVar.mulInPlace(1 - momentum);
                runningVar.addInPlace(var, momentum);
            }
            return Autograd.record("batchNorm", y, g -> {
                Tensor gx = dense(x, x.shape());
                Tensor gg = gamma != null && gamma.requiresGrad() ? dense(gamma, gamma.shape()) : null;
                Tensor gb = beta != null && beta.requiresGrad() ? dense(beta, beta.shape()) : null;
                be.normBackward(geo, x.operand(), Tensor.operandOrNull(gamma), mean, rstd, g.operand(), gx.operand(),
                        Tensor.operandOrNull(gg), Tensor.operandOrNull(gb));
                return new Tensor[] {gx, gg, gb};
            }, x, gamma, beta);
        }
        if (runningMean == null || runningVar == null) {
            throw new IllegalArgumentException("batchNorm: evaluation mode needs running statistics");
        }
        // Per-channel scale and shift first (c numbers), so the image itself is read and written in
        // two passes instead of four; sqrt and divide, because StrictMath.pow(-0.5) over the channels
        // cost more than the rest of the layer at batch 1.
        Tensor std = runningVar.add(eps).sqrt();
        Tensor scale = gamma != null ? gamma.div(std) : std.pow(-1);
        Tensor shift = runningMean.mul(scale).neg();
        if (beta != null) {
            shift = shift.add(beta);
        }
        return x.mul(scale.reshape(bshape)).add(shift.reshape(bshape));
    }

    /**
     * Fused scaled-dot-product attention: {@code softmax(q k^T * scale + mask) v} over
     * {@code q [B, H, Lq, D]}, {@code k, v [B, H, Lk, D]}; {@code mask} is an additive
     * {@code [Lq, Lk]} tensor (use a large negative number to hide a key) or null. The score
     * matrix is never materialised in full; backward recomputes it tile by tile.
     */
    public static Tensor attention(Tensor q, Tensor k, Tensor v, Tensor mask, double scale) {
        requireRank("attention", q, 4, "query");
        requireRank("attention", k, 4, "key");
        requireRank("attention", v, 4, "value");
        int[] qs = q.shapeRef();
        int[] ks = k.shapeRef();
        if (!Arrays.equals(ks, v.shapeRef()) || qs[0] != ks[0] || qs[1] != ks[1] || qs[3] != ks[3]) {
            throw new IllegalArgumentException("attention: query " + Shape.str(qs) + ", key " + Shape.str(ks) + " and value "
                    + Shape.str(v.shapeRef()) + " do not agree ([B, H, L, D] with equal B, H, D; key and value equal)");
        }
        int bh = qs[0] * qs[1];
        int lq = qs[2];
        int lk = ks[2];
        int d = qs[3];
        if (mask != null && (mask.dim() != 2 || mask.size(0) != lq || mask.size(1) != lk)) {
            throw new IllegalArgumentException("attention: mask shape " + Shape.str(mask.shapeRef()) + " != [" + lq + ", " + lk + "]");
        }
        Backend be = q.backend();
        Tensor out = dense(q, qs.clone());
        AttentionGeometry geo = new AttentionGeometry(bh, lq, lk, d, scale);
        View lse = View.dense(be.allocate(bh * lq), 0, bh, lq);
        be.attention(geo, q.operand(), k.operand(), v.operand(), Tensor.operandOrNull(mask), out.operand(), lse);
        return Autograd.record("attention", out, g -> {
            Tensor gq = dense(q, q.shape());
            Tensor gk = dense(k, k.shape());
            Tensor gv = dense(v, v.shape());
            be.attentionBackward(geo, q.operand(), k.operand(), v.operand(), Tensor.operandOrNull(mask), out.operand(), lse, g.operand(),
                    gq.operand(), gk.operand(), gv.operand());
            return new Tensor[] {gq, gk, gv, null};
        }, q, k, v, mask);
    }

    /** Inverted dropout: zeroes each element with probability {@code p} and scales the rest by 1/(1-p). */
    public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("dropout: probability must be in [0, 1), got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        Tensor keep;
        try (Autograd.NoGrad ng = Autograd.noGrad(); Backends.Scope s = Backends.use(x.backend())) {
            keep = Tensor.rand(rng, x.shape()).gt(p).mul(1 / (1 - p));
        }
        return x.mul(keep);
    }

    /** Mean squared error, averaged over all elements. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        if (!Arrays.equals(input.shapeRef(), target.shapeRef())) {
            throw new IllegalArgumentException("mseLoss: input shape " + Shape.str(input.shapeRef()) + " != target shape "
                    + Shape.str(target.shapeRef()));
        }
        Tensor d = input.sub(target);
        return d.mul(d).mean();
    }

    /**
     * Cross-entropy of {@code logits [N, K]} (or {@code [N, K, ...]}) against class indices
     * {@code target} (one per position), averaged, as {@code torch.nn.functional.cross_entropy}.
     */
    public static Tensor crossEntropy(Tensor logits, int[] target) {
        if (logits.dim() < 2) {
            throw new IllegalArgumentException("crossEntropy: logits must be [N, K, ...], got " + Shape.str(logits.shapeRef()));
        }
        Tensor l = logits;
        int k = logits.size(1);
        if (logits.dim() > 2) {
            int[] perm = new int[logits.dim()];
            perm[0] = 0;
            for (int i = 1; i < perm.length - 1; i++) {
                perm[i] = i + 1;
            }
            perm[perm.length - 1] = 1;
            l = logits.permute(perm).reshape(-1, k);
        }
        int n = l.size(0);
        if (target.length != n) {
            throw new IllegalArgumentException("crossEntropy: " + target.length + " targets for " + n + " positions of logits "
                    + Shape.str(logits.shapeRef()));
        }
        for (int t : target) {
            if (t < 0 || t >= k) {
                throw new IllegalArgumentException("crossEntropy: target class " + t + " out of range [0, " + k + ")");
            }
        }
        Tensor logp = l.logSoftmax(1);
        Tensor picked = logp.gather(1, target, new int[] {n, 1});
        return picked.mean().neg();
    }

    /**
     * Binary cross-entropy with logits, averaged: {@code max(x,0) - x t + log(1 + e^-|x|)}, with
     * an optional {@code posWeight} scalar for the positive term as PyTorch.
     */
    public static Tensor bceWithLogits(Tensor logits, Tensor target, double posWeight) {
        if (!Arrays.equals(logits.shapeRef(), target.shapeRef())) {
            throw new IllegalArgumentException("bceWithLogits: logits shape " + Shape.str(logits.shapeRef()) + " != target shape "
                    + Shape.str(target.shapeRef()));
        }
        // log(1 + e^-|x|) + max(-x, 0) = -log sigmoid(x): stable for every x.
        Tensor logSigNeg = logits.neg().relu().add(logits.abs().neg().exp().add(1).log()); // -log sigmoid(x)
        Tensor logOneMinus = logSigNeg.add(logits); // -log(1 - sigmoid(x))
        Tensor pos = target.mul(logSigNeg);
        if (posWeight != 1) {
            pos = pos.mul(posWeight);
        }
        Tensor negTerm = target.neg().add(1).mul(logOneMinus);
        return pos.add(negTerm).mean();
    }
}
