package org.dadda.tensor;

/**
 * The kernels every op is built on: the only code that touches numbers. A backend owns its
 * {@link Storage} type; ops in {@link Tensor} and {@link Functional} never look inside storage,
 * so another backend (CUDA, the float64 reference) implements this interface without touching an op.
 *
 * <p>Conventions: every operand, input or output, is a {@link View} and carries its own offset;
 * a kernel family's sizes travel in one geometry record ({@link ConvGeometry}, {@link GemmGeometry},
 * {@link PoolGeometry}, {@link ResizeGeometry}, {@link SoftmaxGeometry}, {@link NormGeometry},
 * {@link AttentionGeometry}), and each forward kernel stands beside its backward. Outputs are
 * overwritten unless a method says it accumulates. Optional operands are null. Implementations
 * must be deterministic for a given thread count.
 */
public interface Backend {

    // ------------------------------------------------------------------ storage

    /** Short name, e.g. {@code cpu} or {@code reference}. */
    String name();

    /** Element type of this backend's storage. */
    DType dtype();

    /** A zero-filled storage of {@code n} elements. */
    Storage allocate(int n);

    /**
     * A storage of {@code n} elements whose contents are unspecified, for an output that a kernel
     * overwrites in full (inside a {@link Workspace} step it may hold an earlier tensor's numbers,
     * which saves zeroing it). Defaults to {@link #allocate(int)}.
     */
    default Storage allocateUninitialized(int n) {
        return allocate(n);
    }

    /** A storage holding a copy of {@code src[off .. off+n)}. */
    Storage fromFloats(float[] src, int off, int n);

    /** A storage holding a copy of {@code src} (rounded to this backend's precision). */
    Storage fromDoubles(double[] src);

    /** The numbers of a dense view, as floats. */
    float[] toFloats(View src);

    /** The numbers of a dense view, as doubles. */
    double[] toDoubles(View src);

    /** Sets every element of a dense view to {@code value}. */
    void fill(View dst, double value);

    // ------------------------------------------------------------------ copy

    /**
     * {@code dst[i] = src[i]} (or {@code +=} when {@code accumulate}) over the common shape, both
     * views strided. Serves permute, narrow, concatenation, broadcast-expand and their gradients.
     */
    void copy(View src, View dst, boolean accumulate);

    // ------------------------------------------------------------------ elementwise

    /** {@code out[i] = op(x[i]; p, q)} over dense views of one size. */
    void unary(UnaryOp op, double p, double q, View x, View out);

    /** {@code gx[i] = gy[i] * op'(x[i], y[i]; p, q)}; {@code y} may be null for ops whose derivative ignores it. */
    void unaryBackward(UnaryOp op, double p, double q, View x, View y, View gy, View gx);

    /** {@code out[i] = a[i] op b[i]}: {@code a}, {@code b} strided (broadcast) views of {@code out}'s shape, out dense. */
    void binary(BinaryOp op, View a, View b, View out);

    /** {@code out[i] = cond[i] != 0 ? a[i] : b[i]}: strided views of {@code out}'s shape, out dense. */
    void where(View cond, View a, View b, View out);

    // ------------------------------------------------------------------ reduce

    /**
     * {@link Reduction#SUM} or {@link Reduction#MAX} of dense {@code x} over the axes where
     * {@code out} (dense, same rank) has size 1 and {@code x} does not.
     */
    void reduce(Reduction kind, View x, View out);

    /** Index of the first maximum along the middle axis of a dense {@code [outer, n, inner]} view. */
    void argmax(View x, int[] out);

    /** Rows of a dense {@code [outer, n, inner]} view picked along the middle axis: out {@code [outer, idx.length, inner]}. */
    void indexSelect(View x, int[] idx, View out);

    /** Gradient of {@link #indexSelect}: adds the rows of {@code g} into {@code gx} (zeroed by the caller). */
    void indexAdd(View g, int[] idx, View gx);

    // ------------------------------------------------------------------ gemm

    /** {@code C = alpha op(A) op(B) + beta C}, batched; views as {@link GemmGeometry} builds them. */
    void gemm(GemmGeometry g, double alpha, View a, View b, double beta, View c);

    // ------------------------------------------------------------------ conv

    /** 2-d convolution forward over NCHW input and OIHW weights; {@code bias} may be null. */
    void conv2d(ConvGeometry g, View x, View w, View bias, View y);

    /** Gradient of the input of {@link #conv2d} (overwrites {@code gx}). */
    void conv2dBackwardInput(ConvGeometry g, View gy, View w, View gx);

    /** Gradient of the weight of {@link #conv2d} (overwrites {@code gw}). */
    void conv2dBackwardWeight(ConvGeometry g, View x, View gy, View gw);

    // ------------------------------------------------------------------ pool

    /** Max or average pooling. */
    void pool2d(PoolGeometry g, View x, View y);

    /** Gradient of {@link #pool2d} (overwrites {@code gx}); needs the input for max pooling. */
    void pool2dBackward(PoolGeometry g, View x, View gy, View gx);

    /** Adaptive average pooling to {@code [planes, oh, ow]} with PyTorch's bins. */
    void adaptiveAvgPool2d(ResizeGeometry g, View x, View y);

    /** Gradient of {@link #adaptiveAvgPool2d} (overwrites {@code gx}). */
    void adaptiveAvgPool2dBackward(ResizeGeometry g, View gy, View gx);

    /** Nearest upsampling by the geometry's integer factors. */
    void upsampleNearest(ResizeGeometry g, View x, View y);

    /** Gradient of {@link #upsampleNearest} (overwrites {@code gx}). */
    void upsampleNearestBackward(ResizeGeometry g, View gy, View gx);

    // ------------------------------------------------------------------ norm

    /** Row-wise softmax (or log-softmax). */
    void softmax(SoftmaxGeometry g, View x, View y);

    /** Gradient of {@link #softmax} from its output {@code y} (overwrites {@code gx}). */
    void softmaxBackward(SoftmaxGeometry g, View y, View gy, View gx);

    /**
     * Group or batch normalisation with a per-channel affine map ({@code gamma}, {@code beta} may be
     * null); saves the mean and reciprocal standard deviation ({@link NormGeometry#statistics()} each).
     */
    void norm(NormGeometry g, View x, View gamma, View beta, View y, View mean, View rstd);

    /** Gradient of {@link #norm}: overwrites {@code gx}, and {@code ggamma}, {@code gbeta} when not null. */
    void normBackward(NormGeometry g, View x, View gamma, View mean, View rstd, View gy, View gx, View ggamma,
                      View gbeta);

    // ------------------------------------------------------------------ attention

    /** Scaled dot-product attention; saves the row log-sum-exp in {@code lse}; {@code mask} may be null. */
    void attention(AttentionGeometry g, View q, View k, View v, View mask, View out, View lse);

    /** Gradient of {@link #attention}: overwrites {@code gq}, {@code gk}, {@code gv}. */
    void attentionBackward(AttentionGeometry g, View q, View k, View v, View mask, View out, View lse, View gout,
                           View gq, View gk, View gv);

    // ------------------------------------------------------------------ optimizer

    /**
     * One fused Adam/AdamW update in place: reads {@code grad}, updates {@code param} and the moment
     * buffers {@code m}, {@code v} (all dense, one size).
     */
    void fusedAdamStep(AdamHyperparameters h, View param, View grad, View m, View v);
}
