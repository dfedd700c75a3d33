/*
 * 2-d convolution, forward and both gradients, as implicit GEMMs on the tiled loop of gemm.cuh:
 * the im2col matrix is computed element by element inside the loaders and never stored. Each
 * output element is one thread's sum, so there are no atomics (the input gradient gathers from
 * the output gradient instead of scattering into the input), and results are deterministic.
 */
#include "common.cuh"
#include "gemm.cuh"

/* ConvGeometry plus its derived sizes; org.dadda.cuda.ConvDims packs it as 16 ints. */
struct ConvDims {
    int n, c, h, w, oc, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow;
};

/* Input element of image ni, channel ci of group g, under tap (ky, kx) of output pixel p; 0 in the padding. */
__device__ __forceinline__ float im2col(const float* x, const ConvDims& d, int ni, int g, int ci, int ky, int kx,
                                        int p) {
    int oy = p / d.ow;
    int ox = p % d.ow;
    int iy = oy * d.sh - d.ph + ky * d.dh;
    int ix = ox * d.sw - d.pw + kx * d.dw;
    if (iy < 0 || iy >= d.h || ix < 0 || ix >= d.w) {
        return 0.f;
    }
    int cg = d.c / d.groups;
    return x[(((long long) ni * d.c + g * cg + ci) * d.h + iy) * d.w + ix];
}

/* Weight element (o, ci, tap) of the [oc, c / groups, kh * kw] weights. */
__device__ __forceinline__ float weight(const float* wt, const ConvDims& d, int o, int ci, int tap) {
    int taps = d.kh * d.kw;
    return wt[((long long) o * (d.c / d.groups) + ci) * taps + tap];
}

/* First output channel of the group of problem z (z = image x groups + group). */
__device__ __forceinline__ int firstOutChannel(const ConvDims& d, int z) {
    return z % d.groups * (d.oc / d.groups);
}

// ------------------------------------------------------------------ forward
// Per (image, group): y[oc in group, pixel] = W[oc in group, (ci, ky, kx)] . im2col[(ci, ky, kx), pixel]

struct FwdA {
    const float* wt;
    ConvDims d;
    __device__ float operator()(int z, int m, int k) const {
        int taps = d.kh * d.kw;
        return weight(wt, d, firstOutChannel(d, z) + m, k / taps, k % taps);
    }
};

struct FwdB {
    const float* x;
    ConvDims d;
    __device__ float operator()(int z, int k, int p) const {
        int taps = d.kh * d.kw;
        int ci = k / taps;
        int t = k % taps;
        return im2col(x, d, z / d.groups, z % d.groups, ci, t / d.kw, t % d.kw, p);
    }
};

struct FwdStore {
    float* y;
    const float* bias;
    ConvDims d;
    __device__ void operator()(int z, int m, int p, float v) const {
        int o = firstOutChannel(d, z) + m;
        y[((long long) (z / d.groups) * d.oc + o) * d.oh * d.ow + p] = bias == 0 ? v : v + bias[o];
    }
};

/* grid (ceil(oh*ow/64), ceil((oc/groups)/64), images x groups from zBase); bias may be null. */
extern "C" __global__ void __launch_bounds__(GEMM_THREADS)
conv2d_forward_f32(const float* x, const float* wt, const float* bias, float* y, ConvDims d, int zBase) {
    int z = zBase + blockIdx.z;
    gemmTile(z, d.oc / d.groups, d.oh * d.ow, (d.c / d.groups) * d.kh * d.kw, FwdA{wt, d}, FwdB{x, d},
             FwdStore{y, bias, d}, true, true);
}

// ------------------------------------------------------------------ input gradient
// Per (image, group): gx[ci, input pixel] = sum over (o, ky, kx) of W[o, ci, ky, kx] gy[o, the output
// pixel whose tap (ky, kx) lands on the input pixel]; taps that land on no output pixel give 0.

struct BwdInA {
    const float* wt;
    ConvDims d;
    __device__ float operator()(int z, int ci, int k) const {
        int taps = d.kh * d.kw;
        return weight(wt, d, firstOutChannel(d, z) + k / taps, ci, k % taps);
    }
};

struct BwdInB {
    const float* gy;
    ConvDims d;
    __device__ float operator()(int z, int k, int p) const {
        int taps = d.kh * d.kw;
        int t = k % taps;
        int ky = t / d.kw;
        int kx = t % d.kw;
        int ty = p / d.w + d.ph - ky * d.dh;
        int tx = p % d.w + d.pw - kx * d.dw;
        if (ty < 0 || tx < 0 || ty % d.sh != 0 || tx % d.sw != 0) {
            return 0.f;
        }
        int oy = ty / d.sh;
        int ox = tx / d.sw;
        if (oy >= d.oh || ox >= d.ow) {
            return 0.f;
        }
        int o = firstOutChannel(d, z) + k / taps;
        return gy[(((long long) (z / d.groups) * d.oc + o) * d.oh + oy) * d.ow + ox];
    }
};

struct BwdInStore {
    float* gx;
    ConvDims d;
    __device__ void operator()(int z, int ci, int p, float v) const {
        int c = (z % d.groups) * (d.c / d.groups) + ci;
        gx[((long long) (z / d.groups) * d.c + c) * d.h * d.w + p] = v;
    }
};

/* grid (ceil(h*w/64), ceil((c/groups)/64), images x groups from zBase). */
extern "C" __global__ void __launch_bounds__(GEMM_THREADS)
conv2d_backward_input_f32(const float* gy, const float* wt, float* gx, ConvDims d, int zBase) {
    int z = zBase + blockIdx.z;
    gemmTile(z, d.c / d.groups, d.h * d.w, (d.oc / d.groups) * d.kh * d.kw, BwdInA{wt, d}, BwdInB{gy, d},
             BwdInStore{gx, d}, true, true);
}

// ------------------------------------------------------------------ weight gradient
// Per group: gw[o, (ci, ky, kx)] = sum over (image, output pixel) of gy[image, o, pixel] im2col[...].
// That sum (K = images x output pixels) is long and the result small, so it is split in `splits`
// ranges of K computed by separate blocks into partial results, which conv2d_sum_splits_f32 then
// adds in a fixed order (deterministic split-K, no atomics).

struct BwdWA {
    const float* gy;
    ConvDims d;
    int kBegin;
    __device__ float operator()(int g, int m, int k) const {
        int plane = d.oh * d.ow;
        k += kBegin;
        int o = firstOutChannel(d, g) + m;
        return gy[((long long) (k / plane) * d.oc + o) * plane + k % plane];
    }
};

struct BwdWB {
    const float* x;
    ConvDims d;
    int kBegin;
    __device__ float operator()(int g, int k, int j) const {
        int plane = d.oh * d.ow;
        int taps = d.kh * d.kw;
        int t = j % taps;
        k += kBegin;
        return im2col(x, d, k / plane, g, j / taps, t / d.kw, t % d.kw, k % plane);
    }
};

struct BwdWStore {
    float* gw;
    ConvDims d;
    __device__ void operator()(int g, int m, int j, float v) const {
        int kSize = (d.c / d.groups) * d.kh * d.kw;
        gw[(long long) (firstOutChannel(d, g) + m) * kSize + j] = v;
    }
};

/*
 * grid (ceil((c/groups)*kh*kw/64), ceil((oc/groups)/64), groups x splits from zBase). Split s of
 * group g sums K range [s kPerSplit, (s + 1) kPerSplit) into out + s * (weight size); with one
 * split, out is the weight gradient itself.
 */
extern "C" __global__ void __launch_bounds__(GEMM_THREADS)
conv2d_backward_weight_f32(const float* x, const float* gy, float* out, ConvDims d, int splits, int kPerSplit,
                           int zBase) {
    int z = zBase + blockIdx.z;
    int g = z / splits;
    int s = z % splits;
    int kTotal = d.n * d.oh * d.ow;
    int kBegin = s * kPerSplit;
    int kCount = min(kPerSplit, kTotal - kBegin);
    long long weights = (long long) d.oc * (d.c / d.groups) * d.kh * d.kw;
    gemmTile(g, d.oc / d.groups, (d.c / d.groups) * d.kh * d.kw, max(kCount, 0), BwdWA{gy, d, kBegin},
             BwdWB{x, d, kBegin}, BwdWStore{out + s * weights, d}, true, false);
}

/* out[i] = sum over s of partials[s * n + i], s in increasing order. */
extern "C" __global__ void conv2d_sum_splits_f32(const float* partials, float* out, int n, int splits) {
    GRID_STRIDE_LOOP(i, n) {
        float acc = 0.f;
        for (int s = 0; s < splits; s++) {
            acc += partials[(long long) s * n + i];
        }
        out[i] = acc;
    }
}
