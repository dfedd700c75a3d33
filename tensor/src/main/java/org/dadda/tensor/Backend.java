package org.dadda.tensor;

/**
 * The kernels every op is built on: the only code that touches numbers. A backend owns its
 * {@link Storage} type; ops in {@link Tensor} and {@link Functional} never look inside storage,
 * so another backend (CUDA, float64 reference) implements this interface without touching an op.
 *
 * <p>Conventions: shapes are row-major; an {@code off} is the element offset of a tensor inside
 * its storage; strides are in elements, and a zero stride broadcasts. Outputs are dense and
 * overwritten unless a method says it accumulates. Implementations must be deterministic for a
 * given thread count.
 */
public interface Backend {

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

    /** Copies {@code n} elements starting at {@code off} out as floats. */
    float[] toFloats(Storage s, int off, int n);

    /** Copies {@code n} elements starting at {@code off} out as doubles. */
    double[] toDoubles(Storage s, int off, int n);

    /** Sets {@code n} elements starting at {@code off} to {@code value}. */
    void fill(Storage s, int off, int n, double value);

    /**
     * Strided N-d copy over {@code shape}: {@code dst[dOff + i.dStrides] (+)= src[sOff + i.sStrides]}.
     * Serves permute, narrow, concatenation, broadcast-expand and their gradients.
     */
    void copyStrided(Storage src, int sOff, int[] sStrides, Storage dst, int dOff, int[] dStrides, int[] shape,
                     boolean accumulate);

    /** {@code out[i] = op(x[xOff + i]; p, q)} for {@code i < n}. */
    void unary(UnaryOp op, Storage x, int xOff, Storage out, int outOff, int n, double p, double q);

    /** {@code gx[i] = gy[i] * op'(x[i], y[i])}; {@code y} may be null for ops whose derivative ignores it. */
    void unaryBackward(UnaryOp op, Storage x, int xOff, Storage y, int yOff, Storage gy, int gyOff, Storage gx,
                       int n, double p, double q);

    /** Broadcast {@code out[i] = a[i] op b[i]} over {@code shape}; out is dense at {@code outOff}. */
    void binary(BinaryOp op, Storage a, int aOff, int[] aStrides, Storage b, int bOff, int[] bStrides,
                Storage out, int outOff, int[] shape);

    /** Broadcast {@code out[i] = cond[i] != 0 ? a[i] : b[i]} over {@code shape}. */
    void where(Storage cond, int cOff, int[] cStrides, Storage a, int aOff, int[] aStrides, Storage b, int bOff,
               int[] bStrides, Storage out, int[] shape);

    /**
     * Sum or maximum of {@code x} (dense, {@code shape}) over the axes flagged in {@code reduce};
     * {@code out} is dense with those axes of size 1.
     */
    void reduce(boolean max, Storage x, int xOff, int[] shape, boolean[] reduce, Storage out);

    /** Index of the first maximum along the middle axis of a dense {@code [outer, n, inner]} view. */
    void argmax(Storage x, int xOff, int outer, int n, int inner, int[] out);

    /**
     * Batched {@code C = alpha op(A) op(B) + beta C} of row-major matrices, {@code C} dense
     * {@code [batch, m, n]}; a batch stride of 0 reuses one matrix for every batch entry.
     */
    void gemm(boolean transA, boolean transB, int batch, int m, int n, int k, double alpha,
              Storage a, int aOff, int aBatchStride, Storage b, int bOff, int bBatchStride,
              double beta, Storage c, int cOff);

    /** 2-d convolution forward; {@code bias} may be null. */
    void conv2d(ConvGeometry g, Storage x, int xOff, Storage w, int wOff, Storage bias, int bOff, Storage y);

    /** Gradient of the input of a 2-d convolution (overwrites {@code gx}). */
    void conv2dBackwardInput(ConvGeometry g, Storage gy, Storage w, int wOff, Storage gx);

    /** Gradient of the weight of a 2-d convolution (overwrites {@code gw}). */
    void conv2dBackwardWeight(ConvGeometry g, Storage x, int xOff, Storage gy, Storage gw);

    /** Max (or average, {@code count_include_pad} as PyTorch's default) pooling over dense {@code [planes, h, w]}. */
    void pool2d(boolean max, Storage x, int xOff, int planes, int h, int w, int kh, int kw, int stride, int pad,
                Storage y);

    /** Gradient of {@link #pool2d} (overwrites {@code gx}); max pooling routes to the first maximum. */
    void pool2dBackward(boolean max, Storage x, int xOff, int planes, int h, int w, int kh, int kw, int stride,
                        int pad, Storage gy, Storage gx);

    /** Adaptive average pooling of {@code [planes, h, w]} to {@code [planes, oh, ow]} with PyTorch's bins. */
    void adaptiveAvgPool2d(Storage x, int xOff, int planes, int h, int w, int oh, int ow, Storage y);

    /** Gradient of {@link #adaptiveAvgPool2d} (overwrites {@code gx}). */
    void adaptiveAvgPool2dBackward(Storage gy, int planes, int h, int w, int oh, int ow, Storage gx);

    /** Nearest upsampling of {@code [planes, h, w]} by integer factors. */
    void upsampleNearest(Storage x, int xOff, int planes, int h, int w, int sh, int sw, Storage y);

    /** Gradient of {@link #upsampleNearest} (overwrites {@code gx}). */
    void upsampleNearestBackward(Storage gy, int planes, int h, int w, int sh, int sw, Storage gx);

    /** Row-wise softmax (or log-softmax) of a dense {@code [rows, cols]} matrix. */
    void softmax(Storage x, int xOff, int rows, int cols, boolean log, Storage y);

    /** Gradient of {@link #softmax} from its output {@code y} (overwrites {@code gx}). */
    void softmaxBackward(Storage y, Storage gy, int gyOff, int rows, int cols, boolean log, Storage gx);

    /**
     * Group normalisation of dense {@code [n, c, hw]}: statistics over each group of
     * {@code c / groups} channels, then per-channel affine ({@code gamma}, {@code beta} may be
     * null). Saves the mean and reciprocal standard deviation {@code [n, groups]} for backward.
     */
    void groupNorm(Storage x, int xOff, int n, int c, int hw, int groups, Storage gamma, Storage beta, double eps,
                   Storage y, Storage mean, Storage rstd);

    /**
     * Gradient of {@link #groupNorm}: overwrites {@code gx}, and {@code ggamma}, {@code gbeta}
     * when not null.
     */
    void groupNormBackward(Storage x, int xOff, int n, int c, int hw, int groups, Storage gamma, Storage mean,
                           Storage rstd, Storage gy, int gyOff, Storage gx, Storage ggamma, Storage gbeta);

    /**
     * Batch normalisation with batch statistics of dense {@code [n, c, hw]}: statistics per
     * channel over {@code n} and {@code hw}, then per-channel affine ({@code gamma}, {@code beta}
     * may be null). Saves the mean and reciprocal standard deviation {@code [c]} for backward.
     */
    void batchNorm(Storage x, int xOff, int n, int c, int hw, Storage gamma, Storage beta, double eps, Storage y,
                   Storage mean, Storage rstd);

    /** Gradient of {@link #batchNorm}: overwrites {@code gx}, and {@code ggamma}, {@code gbeta} when not null. */
    void batchNormBackward(Storage x, int xOff, int n, int c, int hw, Storage gamma, Storage mean, Storage rstd,
                           Storage gy, int gyOff, Storage gx, Storage ggamma, Storage gbeta);

    /**
     * Scaled dot-product attention per head: {@code out = softmax(q k^T scale + mask) v} over dense
     * {@code q [bh, lq, d]}, {@code k, v [bh, lk, d]}; {@code mask} is an additive {@code [lq, lk]}
     * matrix shared by all heads, or null. Saves the row log-sum-exp {@code [bh, lq]}.
     */
    void attention(int bh, int lq, int lk, int d, double scale, Storage q, int qOff, Storage k, int kOff, Storage v,
                   int vOff, Storage mask, int maskOff, Storage out, Storage lse);

    /** Gradient of {@link #attention}: overwrites {@code gq}, {@code gk}, {@code gv}. */
    void attentionBackward(int bh, int lq, int lk, int d, double scale, Storage q, int qOff, Storage k, int kOff,
                           Storage v, int vOff, Storage mask, int maskOff, Storage out, Storage lse, Storage gout,
                           int goutOff, Storage gq, Storage gk, Storage gv);

    /** Rows of a dense {@code [outer, n, inner]} view picked along the middle axis: out {@code [outer, idx.length, inner]}. */
    void indexSelect(Storage x, int xOff, int outer, int n, int inner, int[] idx, Storage out);

    /** Gradient of {@link #indexSelect}: adds the rows of {@code g} into {@code gx} (zeroed by the caller). */
    void indexAdd(Storage g, int outer, int n, int inner, int[] idx, Storage gx);

    /**
     * One Adam/AdamW update of {@code n} parameters in place, PyTorch's rule. {@code decoupled}
     * selects AdamW's weight decay; {@code bc1}, {@code bc2} are the bias corrections
     * {@code 1 - beta^t}.
     */
    void adamStep(Storage p, int pOff, Storage g, int gOff, Storage m, Storage v, int n, double lr, double beta1,
                  double beta2, double eps, double weightDecay, boolean decoupled, double bc1, double bc2);
}
