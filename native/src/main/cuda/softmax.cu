/*
 * Row softmax and log-softmax with their gradients: one block per row, the row's maximum and
 * sums taken with the fixed block tree of common.cuh (deterministic).
 */
#include "common.cuh"

extern "C" __global__ void softmax_f32(const float* x, float* y, int rows, int cols, int isLog) {
    extern __shared__ float sh[];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + (long long) r * cols;
        float* yr = y + (long long) r * cols;
        float mx = -INFINITY;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            mx = nanMax(mx, xr[j]); /* NaN propagates, as Math.max in the reference */
        }
        mx = blockMax(mx, sh);
        float s = 0.f;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            s += expf(xr[j] - mx);
        }
        float lse = mx + logf(blockSum(s, sh));
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            float v = xr[j] - lse;
            yr[j] = isLog ? v : expf(v);
        }
    }
}

/* gx from the forward output y: y (gy - sum(gy y)), or gy - exp(y) sum(gy) for log-softmax. */
extern "C" __global__ void softmax_backward_f32(const float* y, const float* gy, float* gx, int rows, int cols,
                                                int isLog) {
    extern __shared__ float sh[];
    for (int r = blockIdx.x; r < rows; r += gridDim.x) {
        long long base = (long long) r * cols;
        float dot = 0.f;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            dot += isLog ? gy[base + j] : gy[base + j] * y[base + j];
        }
        dot = blockSum(dot, sh);
        for (int j = threadIdx.x; j < cols; j += blockDim.x) {
            float yv = y[base + j];
            float g = gy[base + j];
            gx[base + j] = isLog ? g - expf(yv) * dot : yv * (g - dot);
        }
    }
}
