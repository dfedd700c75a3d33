/*
 * Pooling, adaptive average pooling and nearest upsampling over dense [planes, h, w], with their
 * gradients. Every gradient gathers: one thread per input element sums the outputs whose window
 * covers it, in increasing output order, so there are no atomics and results are deterministic.
 */
#include "common.cuh"

struct PoolDims {
    int isMax, planes, h, w, kh, kw, stride, pad, oh, ow;
};

/* Calls tap(index in the plane) for each input of window (oy, ox) in row-major order, padding skipped. */
template <class Tap>
__device__ __forceinline__ void forEachTap(const PoolDims& d, int oy, int ox, Tap tap) {
    for (int ky = 0; ky < d.kh; ky++) {
        int iy = oy * d.stride - d.pad + ky;
        for (int kx = 0; kx < d.kw; kx++) {
            int ix = ox * d.stride - d.pad + kx;
            if (iy >= 0 && iy < d.h && ix >= 0 && ix < d.w) {
                tap(iy * d.w + ix);
            }
        }
    }
}

/* Index (in the plane) of the first maximum of window (oy, ox); -1 if it covers no input. */
__device__ __forceinline__ int windowArgmax(const float* plane, const PoolDims& d, int oy, int ox) {
    int best = -1;
    float bv = -INFINITY;
    forEachTap(d, oy, ox, [&](int at) {
        if (best < 0 || plane[at] > bv) {
            bv = plane[at];
            best = at;
        }
    });
    return best;
}

/* Max (NaN wins) or average (padding counted in the divisor, count_include_pad) of each window. */
extern "C" __global__ void pool2d_f32(const float* x, float* y, PoolDims d) {
    GRID_STRIDE_LOOP(o, (long long) d.planes * d.oh * d.ow) {
        int ox = (int) (o % d.ow);
        int oy = (int) ((o / d.ow) % d.oh);
        const float* plane = x + (o / ((long long) d.oh * d.ow)) * d.h * d.w;
        float acc = d.isMax ? -INFINITY : 0.f;
        forEachTap(d, oy, ox, [&](int at) { acc = d.isMax ? nanMax(acc, plane[at]) : acc + plane[at]; });
        y[o] = d.isMax ? acc : acc / (d.kh * d.kw);
    }
}

/* First and last window start (oy) whose window [oy s - pad, oy s - pad + k) covers input row i. */
__device__ __forceinline__ int firstWindow(int i, int k, int s, int pad) {
    int a = i + pad - k + 1;
    return a <= 0 ? 0 : (a + s - 1) / s;
}

extern "C" __global__ void pool2d_backward_f32(const float* x, const float* gy, float* gx, PoolDims d) {
    GRID_STRIDE_LOOP(e, (long long) d.planes * d.h * d.w) {
        int ix = (int) (e % d.w);
        int iy = (int) ((e / d.w) % d.h);
        long long pl = e / ((long long) d.h * d.w);
        const float* plane = x + pl * d.h * d.w;
        const float* gplane = gy + pl * d.oh * d.ow;
        int oy1 = min(d.oh - 1, (iy + d.pad) / d.stride);
        int ox1 = min(d.ow - 1, (ix + d.pad) / d.stride);
        float acc = 0.f;
        for (int oy = firstWindow(iy, d.kh, d.stride, d.pad); oy <= oy1; oy++) {
            for (int ox = firstWindow(ix, d.kw, d.stride, d.pad); ox <= ox1; ox++) {
                float g = gplane[oy * d.ow + ox];
                if (!d.isMax) {
                    acc += g / (d.kh * d.kw);
                } else if (windowArgmax(plane, d, oy, ox) == iy * d.w + ix) {
                    acc += g;
                }
            }
        }
        gx[e] = acc;
    }
}

/* PyTorch's adaptive bins: output o of `out` over `in` covers [o in / out, ceil((o + 1) in / out)). */
__device__ __forceinline__ int binStart(int o, int in, int out) {
    return o * in / out;
}

__device__ __forceinline__ int binEnd(int o, int in, int out) {
    return ((o + 1) * in + out - 1) / out;
}

extern "C" __global__ void adaptive_avg_pool2d_f32(const float* x, float* y, int planes, int h, int w, int oh, int ow) {
    GRID_STRIDE_LOOP(o, (long long) planes * oh * ow) {
        int ox = (int) (o % ow);
        int oy = (int) ((o / ow) % oh);
        const float* plane = x + (o / ((long long) oh * ow)) * h * w;
        int y0 = binStart(oy, h, oh), y1 = binEnd(oy, h, oh);
        int x0 = binStart(ox, w, ow), x1 = binEnd(ox, w, ow);
        float s = 0.f;
        for (int iy = y0; iy < y1; iy++) {
            for (int ix = x0; ix < x1; ix++) {
                s += plane[iy * w + ix];
            }
        }
        y[o] = s / ((y1 - y0) * (x1 - x0));
    }
}

/* Bins covering input row i lie within [i out / in - 1, (i + 1) out / in]; each is checked. */
extern "C" __global__ void adaptive_avg_pool2d_backward_f32(const float* gy, float* gx, int planes, int h, int w,
                                                            int oh, int ow) {
    GRID_STRIDE_LOOP(e, (long long) planes * h * w) {
        int ix = (int) (e % w);
        int iy = (int) ((e / w) % h);
        const float* gplane = gy + (e / ((long long) h * w)) * oh * ow;
        float acc = 0.f;
        for (int oy = max(0, iy * oh / h - 1); oy <= min(oh - 1, (iy + 1) * oh / h); oy++) {
            int y0 = binStart(oy, h, oh), y1 = binEnd(oy, h, oh);
            if (iy < y0 || iy >= y1) {
                continue;
            }
            for (int ox = max(0, ix * ow / w - 1); ox <= min(ow - 1, (ix + 1) * ow / w); ox++) {
                int x0 = binStart(ox, w, ow), x1 = binEnd(ox, w, ow);
                if (ix >= x0 && ix < x1) {
                    acc += gplane[oy * ow + ox] / ((y1 - y0) * (x1 - x0));
                }
            }
        }
        gx[e] = acc;
    }
}

extern "C" __global__ void upsample_nearest_f32(const float* x, float* y, int planes, int h, int w, int sh, int sw) {
    int oh = h * sh, ow = w * sw;
    GRID_STRIDE_LOOP(o, (long long) planes * oh * ow) {
        int ox = (int) (o % ow);
        int oy = (int) ((o / ow) % oh);
        long long pl = o / ((long long) oh * ow);
        y[o] = x[(pl * h + oy / sh) * w + ox / sw];
    }
}

extern "C" __global__ void upsample_nearest_backward_f32(const float* gy, float* gx, int planes, int h, int w, int sh,
                                                         int sw) {
    int oh = h * sh, ow = w * sw;
    GRID_STRIDE_LOOP(e, (long long) planes * h * w) {
        int ix = (int) (e % w);
        int iy = (int) ((e / w) % h);
        long long pl = e / ((long long) h * w);
        float acc = 0.f;
        for (int dy = 0; dy < sh; dy++) {
            for (int dx = 0; dx < sw; dx++) {
                acc += gy[(pl * oh + iy * sh + dy) * ow + ix * sw + dx];
            }
        }
        gx[e] = acc;
    }
}
