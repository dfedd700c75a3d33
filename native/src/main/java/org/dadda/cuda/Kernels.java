package org.dadda.cuda;

import static org.dadda.cuda.Param.FLOAT;
import static org.dadda.cuda.Param.INT;
import static org.dadda.cuda.Param.POINTER;

import java.util.List;

/**
 * Every kernel the backend launches, with the parameter list of its CUDA C signature under
 * {@code src/main/cuda}. {@code PtxSignatureTest} checks each against the committed PTX, so a
 * signature changed on one side only fails the build instead of a launch on a GPU.
 */
public final class Kernels {
    private Kernels() {
    }

    private static final Param LAYOUT = Param.struct(StridedLayout.INTS);

    // elementwise.cu
    /** {@code fill_f32(dst, n, value)}. */
    public static final KernelSpec FILL = KernelSpec.of("fill_f32", POINTER, INT, FLOAT);
    /** {@code unary_f32(op, p, q, x, out, n)}. */
    public static final KernelSpec UNARY = KernelSpec.of("unary_f32", INT, FLOAT, FLOAT, POINTER, POINTER, INT);
    /** {@code unary_backward_f32(op, p, q, x, y, gy, gx, n)}. */
    public static final KernelSpec UNARY_BACKWARD = KernelSpec.of("unary_backward_f32", INT, FLOAT, FLOAT, POINTER,
            POINTER, POINTER, POINTER, INT);
    /** {@code binary_f32(op, a, b, out, layout, n)}. */
    public static final KernelSpec BINARY = KernelSpec.of("binary_f32", INT, POINTER, POINTER, POINTER, LAYOUT, INT);
    /** {@code where_f32(cond, a, b, out, layout, n)}. */
    public static final KernelSpec WHERE = KernelSpec.of("where_f32", POINTER, POINTER, POINTER, POINTER, LAYOUT, INT);
    /** {@code copy_strided_f32(src, dst, layout, n, accumulate)}. */
    public static final KernelSpec COPY = KernelSpec.of("copy_strided_f32", POINTER, POINTER, LAYOUT, INT, INT);
    /** {@code adam_step_f32(param, grad, m, v, n, lr, beta1, beta2, eps, weightDecay, decoupled, bc1, bc2)}. */
    public static final KernelSpec ADAM = KernelSpec.of("adam_step_f32", POINTER, POINTER, POINTER, POINTER, INT, FLOAT,
            FLOAT, FLOAT, FLOAT, FLOAT, INT, FLOAT, FLOAT);

    // reduce.cu
    /** {@code reduce_f32(x, out, kept, reduced, outCount, redCount, isMax)}. */
    public static final KernelSpec REDUCE = KernelSpec.of("reduce_f32", POINTER, POINTER, LAYOUT, LAYOUT, INT, INT, INT);
    /** {@code argmax_f32(x, out, outer, n, inner)}. */
    public static final KernelSpec ARGMAX = KernelSpec.of("argmax_f32", POINTER, POINTER, INT, INT, INT);
    /** {@code index_select_f32(x, idx, out, outer, n, inner, count)}. */
    public static final KernelSpec INDEX_SELECT = KernelSpec.of("index_select_f32", POINTER, POINTER, POINTER, INT, INT,
            INT, INT);
    /** {@code index_add_f32(g, idx, gx, outer, n, inner, count)}. */
    public static final KernelSpec INDEX_ADD = KernelSpec.of("index_add_f32", POINTER, POINTER, POINTER, INT, INT, INT,
            INT);

    // softmax.cu
    /** {@code softmax_f32(x, y, rows, cols, isLog)}. */
    public static final KernelSpec SOFTMAX = KernelSpec.of("softmax_f32", POINTER, POINTER, INT, INT, INT);
    /** {@code softmax_backward_f32(y, gy, gx, rows, cols, isLog)}. */
    public static final KernelSpec SOFTMAX_BACKWARD = KernelSpec.of("softmax_backward_f32", POINTER, POINTER, POINTER,
            INT, INT, INT);

    // gemm.cu, conv.cu
    /** {@code sgemm_f32(a, b, c, m, n, k, transA, transB, strideA, strideB, alpha, beta, batchBase)}. */
    public static final KernelSpec SGEMM = KernelSpec.of("sgemm_f32", POINTER, POINTER, POINTER, INT, INT, INT, INT, INT,
            INT, INT, FLOAT, FLOAT, INT);
    private static final Param CONV = Param.struct(KernelStructs.CONV_INTS);
    /** {@code conv2d_forward_f32(x, w, bias, y, dims, zBase)}. */
    public static final KernelSpec CONV_FORWARD = KernelSpec.of("conv2d_forward_f32", POINTER, POINTER, POINTER, POINTER,
            CONV, INT);
    /** {@code conv2d_backward_input_f32(gy, w, gx, dims, zBase)}. */
    public static final KernelSpec CONV_BACKWARD_INPUT = KernelSpec.of("conv2d_backward_input_f32", POINTER, POINTER,
            POINTER, CONV, INT);
    /** {@code conv2d_backward_weight_f32(x, gy, out, dims, splits, kPerSplit, zBase)}. */
    public static final KernelSpec CONV_BACKWARD_WEIGHT = KernelSpec.of("conv2d_backward_weight_f32", POINTER, POINTER,
            POINTER, CONV, INT, INT, INT);
    /** {@code conv2d_sum_splits_f32(partials, out, n, splits)}. */
    public static final KernelSpec CONV_SUM_SPLITS = KernelSpec.of("conv2d_sum_splits_f32", POINTER, POINTER, INT, INT);

    // norm.cu
    private static final Param NORM = Param.struct(KernelStructs.NORM_INTS);
    /** {@code norm_forward_f32(x, gamma, beta, y, mean, rstd, dims, statistics, eps)}. */
    public static final KernelSpec NORM_FORWARD = KernelSpec.of("norm_forward_f32", POINTER, POINTER, POINTER, POINTER,
            POINTER, POINTER, NORM, INT, FLOAT);
    /** {@code norm_backward_input_f32(x, gamma, mean, rstd, gy, gx, dims, statistics)}. */
    public static final KernelSpec NORM_BACKWARD_INPUT = KernelSpec.of("norm_backward_input_f32", POINTER, POINTER,
            POINTER, POINTER, POINTER, POINTER, NORM, INT);
    /** {@code norm_backward_affine_f32(x, mean, rstd, gy, ggamma, gbeta, dims)}. */
    public static final KernelSpec NORM_BACKWARD_AFFINE = KernelSpec.of("norm_backward_affine_f32", POINTER, POINTER,
            POINTER, POINTER, POINTER, POINTER, NORM);

    // pool.cu
    private static final Param POOL = Param.struct(KernelStructs.POOL_INTS);
    /** {@code pool2d_f32(x, y, dims)}. */
    public static final KernelSpec POOL_FORWARD = KernelSpec.of("pool2d_f32", POINTER, POINTER, POOL);
    /** {@code pool2d_backward_f32(x, gy, gx, dims)}. */
    public static final KernelSpec POOL_BACKWARD = KernelSpec.of("pool2d_backward_f32", POINTER, POINTER, POINTER, POOL);
    /** {@code adaptive_avg_pool2d_f32(x, y, planes, h, w, oh, ow)}. */
    public static final KernelSpec ADAPTIVE_POOL = KernelSpec.of("adaptive_avg_pool2d_f32", POINTER, POINTER, INT, INT,
            INT, INT, INT);
    /** {@code adaptive_avg_pool2d_backward_f32(gy, gx, planes, h, w, oh, ow)}. */
    public static final KernelSpec ADAPTIVE_POOL_BACKWARD = KernelSpec.of("adaptive_avg_pool2d_backward_f32", POINTER,
            POINTER, INT, INT, INT, INT, INT);
    /** {@code upsample_nearest_f32(x, y, planes, h, w, sh, sw)}. */
    public static final KernelSpec UPSAMPLE = KernelSpec.of("upsample_nearest_f32", POINTER, POINTER, INT, INT, INT, INT,
            INT);
    /** {@code upsample_nearest_backward_f32(gy, gx, planes, h, w, sh, sw)}. */
    public static final KernelSpec UPSAMPLE_BACKWARD = KernelSpec.of("upsample_nearest_backward_f32", POINTER, POINTER,
            INT, INT, INT, INT, INT);

    // attention.cu
    private static final Param ATTENTION = Param.struct(KernelStructs.ATTENTION_INTS);
    /** {@code attention_forward_f32(q, k, v, mask, out, lse, dims)}. */
    public static final KernelSpec ATTENTION_FORWARD = KernelSpec.of("attention_forward_f32", POINTER, POINTER, POINTER,
            POINTER, POINTER, POINTER, ATTENTION);
    /** {@code attention_delta_f32(out, gout, delta, dims)}. */
    public static final KernelSpec ATTENTION_DELTA = KernelSpec.of("attention_delta_f32", POINTER, POINTER, POINTER,
            ATTENTION);
    /** {@code attention_backward_query_f32(q, k, v, mask, lse, delta, gout, gq, dims)}. */
    public static final KernelSpec ATTENTION_BACKWARD_QUERY = KernelSpec.of("attention_backward_query_f32", POINTER,
            POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, ATTENTION);
    /** {@code attention_backward_key_value_f32(q, k, v, mask, lse, delta, gout, gk, gv, dims)}. */
    public static final KernelSpec ATTENTION_BACKWARD_KEY_VALUE = KernelSpec.of("attention_backward_key_value_f32",
            POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, POINTER, ATTENTION);

    /** All of them, for the loader (which resolves each once) and the signature test. */
    public static final List<KernelSpec> ALL = List.of(FILL, UNARY, UNARY_BACKWARD, BINARY, WHERE, COPY, ADAM, REDUCE,
            ARGMAX, INDEX_SELECT, INDEX_ADD, SOFTMAX, SOFTMAX_BACKWARD, SGEMM, CONV_FORWARD, CONV_BACKWARD_INPUT,
            CONV_BACKWARD_WEIGHT, CONV_SUM_SPLITS, NORM_FORWARD, NORM_BACKWARD_INPUT, NORM_BACKWARD_AFFINE, POOL_FORWARD, POOL_BACKWARD,
            ADAPTIVE_POOL, ADAPTIVE_POOL_BACKWARD, UPSAMPLE, UPSAMPLE_BACKWARD, ATTENTION_FORWARD, ATTENTION_DELTA,
            ATTENTION_BACKWARD_QUERY, ATTENTION_BACKWARD_KEY_VALUE);
}
