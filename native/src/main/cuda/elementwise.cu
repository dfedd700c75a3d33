/*
 * Elementwise kernels: fill, unary ops and their derivatives, broadcast binaries, where, the
 * strided copy and the fused Adam step. One thread per output element (grid-stride), so every
 * output is written by one thread and the results do not depend on the launch size.
 * Transcendentals use CUDA's precise float functions (no --use_fast_math).
 */
#include "common.cuh"
#include "ops.h"

__device__ __forceinline__ float sigmoidf(float x) {
    if (x >= 0.f) {
        return 1.f / (1.f + expf(-x));
    }
    float e = expf(x);
    return e / (1.f + e);
}

__device__ __forceinline__ float unaryApply(int op, float x, float p, float q) {
    switch (op) {
        case UNARY_NEG: return -x;
        case UNARY_EXP: return expf(x);
        case UNARY_LOG: return logf(x);
        case UNARY_SQRT: return sqrtf(x);
        case UNARY_ABS: return fabsf(x);
        case UNARY_POW: return p == 2.f ? x * x : powf(x, p);
        case UNARY_CLAMP: return x < p ? p : (x > q ? q : x);
        case UNARY_AFFINE: return p * x + q;
        case UNARY_RELU: return x > 0.f ? x : 0.f;
        case UNARY_SIGMOID: return sigmoidf(x);
        case UNARY_TANH: return tanhf(x);
        case UNARY_SILU: return x * sigmoidf(x);
        case UNARY_GELU: return 0.5f * x * (1.f + erff(x * 0.70710678118654752f));
        case UNARY_GREATER_THAN: return x > p ? 1.f : 0.f;
        default: return __int_as_float(0x7fc00000); /* unknown op: NaN, caught by the Java side's code table */
    }
}

/* f'(x) given x and y = f(x), as UnaryOp.derivative. */
__device__ __forceinline__ float unaryDerivative(int op, float x, float y, float p, float q) {
    switch (op) {
        case UNARY_NEG: return -1.f;
        case UNARY_EXP: return y;
        case UNARY_LOG: return 1.f / x;
        case UNARY_SQRT: return 0.5f / y;
        case UNARY_ABS: return x > 0.f ? 1.f : (x < 0.f ? -1.f : 0.f);
        case UNARY_POW: return p == 2.f ? 2.f * x : (p == 1.f ? 1.f : p * powf(x, p - 1.f));
        case UNARY_CLAMP: return (x >= p && x <= q) ? 1.f : 0.f;
        case UNARY_AFFINE: return p;
        case UNARY_RELU: return x > 0.f ? 1.f : 0.f;
        case UNARY_SIGMOID: return y * (1.f - y);
        case UNARY_TANH: return 1.f - y * y;
        case UNARY_SILU: {
            float s = sigmoidf(x);
            return s * (1.f + x * (1.f - s));
        }
        case UNARY_GELU: {
            float cdf = 0.5f * (1.f + erff(x * 0.70710678118654752f));
            return cdf + x * expf(-0.5f * x * x) * 0.39894228040143268f;
        }
        case UNARY_GREATER_THAN: return 0.f;
        default: return __int_as_float(0x7fc00000);
    }
}

__device__ __forceinline__ float binaryApply(int op, float a, float b) {
    switch (op) {
        case BINARY_ADD: return a + b;
        case BINARY_SUB: return a - b;
        case BINARY_MUL: return a * b;
        case BINARY_DIV: return a / b;
        case BINARY_MAX: return a >= b ? a : b;
        case BINARY_MIN: return a <= b ? a : b;
        case BINARY_GT: return a > b ? 1.f : 0.f;
        case BINARY_LT: return a < b ? 1.f : 0.f;
        case BINARY_EQ: return a == b ? 1.f : 0.f;
        default: return __int_as_float(0x7fc00000);
    }
}

extern "C" __global__ void fill_f32(float* dst, int n, float value) {
    GRID_STRIDE_LOOP(i, n) {
        dst[i] = value;
    }
}

extern "C" __global__ void unary_f32(int op, float p, float q, const float* x, float* out, int n) {
    GRID_STRIDE_LOOP(i, n) {
        out[i] = unaryApply(op, x[i], p, q);
    }
}

/* y may be null for ops whose derivative ignores it. */
extern "C" __global__ void unary_backward_f32(int op, float p, float q, const float* x, const float* y,
                                              const float* gy, float* gx, int n) {
    GRID_STRIDE_LOOP(i, n) {
        float yv = y == 0 ? 0.f : y[i];
        gx[i] = gy[i] * unaryDerivative(op, x[i], yv, p, q);
    }
}

/* out (dense) = a op b, a and b walked through layout operands 0 and 1. */
extern "C" __global__ void binary_f32(int op, const float* a, const float* b, float* out, StridedLayout l, int n) {
    GRID_STRIDE_LOOP(i, n) {
        long long off[2];
        stridedOffsets(l, i, 2, off);
        out[i] = binaryApply(op, a[off[0]], b[off[1]]);
    }
}

/* out (dense) = cond != 0 ? a : b, through layout operands 0 (cond), 1 (a), 2 (b). */
extern "C" __global__ void where_f32(const float* cond, const float* a, const float* b, float* out, StridedLayout l,
                                     int n) {
    GRID_STRIDE_LOOP(i, n) {
        long long off[3];
        stridedOffsets(l, i, 3, off);
        out[i] = cond[off[0]] != 0.f ? a[off[1]] : b[off[2]];
    }
}

/*
 * dst = src (or dst += src) through layout operands 0 (src) and 1 (dst). A destination with a
 * zero stride would be written by several threads: the Java side refuses such copies.
 */
extern "C" __global__ void copy_strided_f32(const float* src, float* dst, StridedLayout l, int n, int accumulate) {
    GRID_STRIDE_LOOP(i, n) {
        long long off[2];
        stridedOffsets(l, i, 2, off);
        float v = src[off[0]];
        dst[off[1]] = accumulate ? dst[off[1]] + v : v;
    }
}

/* One Adam/AdamW step in place (PyTorch's rule, as ReferenceBackend.fusedAdamStep). */
extern "C" __global__ void adam_step_f32(float* param, const float* grad, float* m, float* v, int n, float lr,
                                         float beta1, float beta2, float eps, float weightDecay, int decoupled,
                                         float bc1, float bc2) {
    float sqrtBc2 = sqrtf(bc2);
    float stepSize = lr / bc1;
    GRID_STRIDE_LOOP(i, n) {
        float pv = param[i];
        float gv = grad[i];
        if (weightDecay != 0.f) {
            if (decoupled) {
                pv *= 1.f - lr * weightDecay;
            } else {
                gv += weightDecay * pv;
            }
        }
        float mv = beta1 * m[i] + (1.f - beta1) * gv;
        float vv = beta2 * v[i] + (1.f - beta2) * gv * gv;
        m[i] = mv;
        v[i] = vv;
        param[i] = pv - stepSize * mv / (sqrtf(vv) / sqrtBc2 + eps);
    }
}
