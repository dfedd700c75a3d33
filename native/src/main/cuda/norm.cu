/*
 * Group and batch normalisation, forward and backward, in one set of kernels. A statistic s
 * (group: one per image and group, batch: one per channel) covers `count` elements; element j of
 * it sits at base(s) + (j / segment) * segmentStride + j % segment and belongs to channel
 * channelBase(s) + (j % segment) / hw:
 *   group: segment = count = (c / groups) hw (one contiguous run), base = (b c + g c/groups) hw;
 *   batch: segment = hw, segmentStride = c hw, count = n hw, base = ch hw.
 * One block per statistic, sums through the fixed block tree (deterministic); the affine
 * gradients take one block per channel.
 */
#include "common.cuh"

#define KIND_GROUP 0
#define KIND_BATCH 1

struct NormDims {
    int kind, n, c, hw, groups;
};

struct Segments {
    long long base;
    int channelBase, segment, segmentStride, count;

    __device__ long long at(int j) const {
        return base + (long long) (j / segment) * segmentStride + j % segment;
    }
};

__device__ __forceinline__ Segments segmentsOf(const NormDims& d, int s) {
    Segments r;
    if (d.kind == KIND_GROUP) {
        int cg = d.c / d.groups;
        int b = s / d.groups;
        int g = s % d.groups;
        r.base = ((long long) b * d.c + g * cg) * d.hw;
        r.channelBase = g * cg;
        r.segment = cg * d.hw;
        r.segmentStride = 0;
        r.count = cg * d.hw;
    } else {
        r.base = (long long) s * d.hw;
        r.channelBase = s;
        r.segment = d.hw;
        r.segmentStride = d.c * d.hw;
        r.count = d.n * d.hw;
    }
    return r;
}

/* gamma, beta may be null. Saves mean and 1/sqrt(var + eps) per statistic. */
extern "C" __global__ void norm_forward_f32(const float* x, const float* gamma, const float* beta, float* y,
                                            float* mean, float* rstd, NormDims d, int statistics, float eps) {
    extern __shared__ float sh[];
    for (int s = blockIdx.x; s < statistics; s += gridDim.x) {
        Segments seg = segmentsOf(d, s);
        float sum = 0.f;
        for (int j = threadIdx.x; j < seg.count; j += blockDim.x) {
            sum += x[seg.at(j)];
        }
        float mu = blockSum(sum, sh) / seg.count;
        float ss = 0.f;
        for (int j = threadIdx.x; j < seg.count; j += blockDim.x) {
            float dv = x[seg.at(j)] - mu;
            ss += dv * dv;
        }
        float rs = 1.f / sqrtf(blockSum(ss, sh) / seg.count + eps);
        if (threadIdx.x == 0) {
            mean[s] = mu;
            rstd[s] = rs;
        }
        for (int j = threadIdx.x; j < seg.count; j += blockDim.x) {
            int ch = seg.channelBase + (j % seg.segment) / d.hw;
            float ga = gamma == 0 ? 1.f : gamma[ch];
            float be = beta == 0 ? 0.f : beta[ch];
            long long at = seg.at(j);
            y[at] = (x[at] - mu) * rs * ga + be;
        }
    }
}

/* gx = rstd (gy gamma - mean(gy gamma) - xhat mean(gy gamma xhat)) over each statistic's elements. */
extern "C" __global__ void norm_backward_input_f32(const float* x, const float* gamma, const float* mean,
                                                   const float* rstd, const float* gy, float* gx, NormDims d,
                                                   int statistics) {
    extern __shared__ float sh[];
    for (int s = blockIdx.x; s < statistics; s += gridDim.x) {
        Segments seg = segmentsOf(d, s);
        float mu = mean[s];
        float rs = rstd[s];
        float sumD = 0.f;
        float sumDX = 0.f;
        for (int j = threadIdx.x; j < seg.count; j += blockDim.x) {
            int ch = seg.channelBase + (j % seg.segment) / d.hw;
            float ga = gamma == 0 ? 1.f : gamma[ch];
            long long at = seg.at(j);
            float dxh = gy[at] * ga;
            sumD += dxh;
            sumDX += dxh * (x[at] - mu) * rs;
        }
        float mD = blockSum(sumD, sh) / seg.count;
        float mDX = blockSum(sumDX, sh) / seg.count;
        for (int j = threadIdx.x; j < seg.count; j += blockDim.x) {
            int ch = seg.channelBase + (j % seg.segment) / d.hw;
            float ga = gamma == 0 ? 1.f : gamma[ch];
            long long at = seg.at(j);
            float xh = (x[at] - mu) * rs;
            gx[at] = rs * (gy[at] * ga - mD - xh * mDX);
        }
    }
}

/* ggamma[ch] = sum gy xhat, gbeta[ch] = sum gy over the channel's elements in every image; either may be null. */
extern "C" __global__ void norm_backward_affine_f32(const float* x, const float* mean, const float* rstd,
                                                    const float* gy, float* ggamma, float* gbeta, NormDims d) {
    extern __shared__ float sh[];
    int cg = d.c / d.groups;
    int count = d.n * d.hw;
    for (int ch = blockIdx.x; ch < d.c; ch += gridDim.x) {
        float sg = 0.f;
        float sgx = 0.f;
        for (int j = threadIdx.x; j < count; j += blockDim.x) {
            int b = j / d.hw;
            long long at = ((long long) b * d.c + ch) * d.hw + j % d.hw;
            int s = d.kind == KIND_GROUP ? b * d.groups + ch / cg : ch;
            float g = gy[at];
            sg += g;
            sgx += g * (x[at] - mean[s]) * rstd[s];
        }
        sg = blockSum(sg, sh);
        sgx = blockSum(sgx, sh);
        if (threadIdx.x == 0) {
            if (ggamma != 0) {
                ggamma[ch] = sgx;
            }
            if (gbeta != 0) {
                gbeta[ch] = sg;
            }
        }
    }
}
