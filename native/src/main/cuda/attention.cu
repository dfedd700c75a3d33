/*
 * Fused scaled dot-product attention, forward and backward, FlashAttention style: keys and
 * values (or queries, for the key gradients) stream through shared memory in tiles of KEY_TILE
 * rows, and each query row keeps a running maximum and sum (online softmax), so no [lq, lk]
 * score matrix is ever stored. One thread owns one row; every output is one thread's sum in a
 * fixed order (no atomics, deterministic). The head dimension is at most MAX_HEAD_DIM (the Java
 * side refuses larger ones by name); rows live in per-thread arrays.
 */
#include "common.cuh"

/* org.dadda.cuda.AttentionOps.MAX_HEAD_DIM, ROWS_PER_BLOCK and KEY_TILE must agree. */
#define MAX_HEAD_DIM 128
#define ROWS_PER_BLOCK 64
#define KEY_TILE 32

struct AttnDims {
    int heads, lq, lk, d;
    float scale;
};

/* Copies rows [r0, r0 + KEY_TILE) of the [rows, d] matrix src into tile, zeros past the end. */
__device__ __forceinline__ void loadTile(float* tile, const float* src, int r0, int rows, int d) {
    for (int i = threadIdx.x; i < KEY_TILE * d; i += blockDim.x) {
        int r = r0 + i / d;
        tile[i] = r < rows ? src[(long long) r * d + i % d] : 0.f;
    }
}

__device__ __forceinline__ float dotRow(const float* a, const float* b, int d) {
    float s = 0.f;
    for (int t = 0; t < d; t++) {
        s = fmaf(a[t], b[t], s);
    }
    return s;
}

/* Row `row` of a [rows, d] matrix into r, zeros for a thread past the last row. */
__device__ __forceinline__ void loadRow(float* r, const float* src, long long row, int d, bool active) {
    for (int t = 0; t < d; t++) {
        r[t] = active ? src[row * d + t] : 0.f;
    }
}

__device__ __forceinline__ void zeroRow(float* r, int d) {
    for (int t = 0; t < d; t++) {
        r[t] = 0.f;
    }
}

/* The logit of query qi and key kj: qi . kj scale + mask[maskAt] (no mask: null). */
__device__ __forceinline__ float logit(const float* qi, const float* kj, const AttnDims& a, const float* mask,
                                       long long maskAt) {
    float s = dotRow(qi, kj, a.d) * a.scale;
    return mask == 0 ? s : s + mask[maskAt];
}

/* A probability p = exp(logit - lse) and its logit's gradient ds = p (gout_i . v_j - delta_i) scale. */
struct Backprop {
    float p, ds;
};

__device__ __forceinline__ Backprop backprop(float s, float lse, const float* gi, const float* vj, float delta,
                                             const AttnDims& a) {
    float p = expf(s - lse);
    return Backprop{p, p * (dotRow(gi, vj, a.d) - delta) * a.scale};
}

/*
 * out = softmax(q k^T scale + mask) v and lse per query row. grid (ceil(lq / ROWS_PER_BLOCK),
 * heads), block ROWS_PER_BLOCK, shared 2 KEY_TILE d floats. mask ([lq, lk], all heads) may be null.
 */
extern "C" __global__ void __launch_bounds__(ROWS_PER_BLOCK)
attention_forward_f32(const float* q, const float* k, const float* v, const float* mask, float* out, float* lse,
                      AttnDims a) {
    extern __shared__ float sh[];
    float* kt = sh;
    float* vt = sh + KEY_TILE * a.d;
    int h = blockIdx.y;
    int i = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x;
    bool active = i < a.lq;
    const float* kh = k + (long long) h * a.lk * a.d;
    const float* vh = v + (long long) h * a.lk * a.d;
    float qr[MAX_HEAD_DIM];
    float acc[MAX_HEAD_DIM];
    loadRow(qr, q, (long long) h * a.lq + i, a.d, active);
    zeroRow(acc, a.d);
    float m = -INFINITY;
    float l = 0.f;
    for (int j0 = 0; j0 < a.lk; j0 += KEY_TILE) {
        loadTile(kt, kh, j0, a.lk, a.d);
        loadTile(vt, vh, j0, a.lk, a.d);
        __syncthreads();
        int tile = min(KEY_TILE, a.lk - j0);
        for (int jj = 0; active && jj < tile; jj++) {
            float s = logit(qr, kt + jj * a.d, a, mask, (long long) i * a.lk + j0 + jj);
            if (s == -INFINITY) {
                continue; // a fully masked key adds exp(-inf) = 0
            }
            const float* vr = vt + jj * a.d;
            if (s > m) {
                // New running maximum: rescale what was summed under the old one.
                float corr = expf(m - s);
                l = l * corr + 1.f;
                for (int t = 0; t < a.d; t++) {
                    acc[t] = fmaf(acc[t], corr, vr[t]);
                }
                m = s;
            } else {
                float p = expf(s - m);
                l += p;
                for (int t = 0; t < a.d; t++) {
                    acc[t] = fmaf(p, vr[t], acc[t]);
                }
            }
        }
        __syncthreads();
    }
    if (active) {
        float inv = 1.f / l;
        for (int t = 0; t < a.d; t++) {
            out[((long long) h * a.lq + i) * a.d + t] = acc[t] * inv;
        }
        lse[(long long) h * a.lq + i] = m + logf(l);
    }
}

/* delta[h, i] = sum_t gout[h, i, t] out[h, i, t], which equals sum_j p_ij dp_ij. */
extern "C" __global__ void attention_delta_f32(const float* out, const float* gout, float* delta, AttnDims a) {
    GRID_STRIDE_LOOP(r, (long long) a.heads * a.lq) {
        delta[r] = dotRow(out + r * a.d, gout + r * a.d, a.d);
    }
}

/*
 * gq[i] = sum_j p_ij (dp_ij - delta_i) scale k_j with p_ij = exp(s_ij - lse_i), dp_ij = gout_i . v_j.
 * Launched as attention_forward_f32.
 */
extern "C" __global__ void __launch_bounds__(ROWS_PER_BLOCK)
attention_backward_query_f32(const float* q, const float* k, const float* v, const float* mask, const float* lse,
                             const float* delta, const float* gout, float* gq, AttnDims a) {
    extern __shared__ float sh[];
    float* kt = sh;
    float* vt = sh + KEY_TILE * a.d;
    int h = blockIdx.y;
    int i = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x;
    bool active = i < a.lq;
    long long row = (long long) h * a.lq + i;
    float qr[MAX_HEAD_DIM];
    float gr[MAX_HEAD_DIM];
    float acc[MAX_HEAD_DIM];
    loadRow(qr, q, row, a.d, active);
    loadRow(gr, gout, row, a.d, active);
    zeroRow(acc, a.d);
    float li = active ? lse[row] : 0.f;
    float di = active ? delta[row] : 0.f;
    for (int j0 = 0; j0 < a.lk; j0 += KEY_TILE) {
        loadTile(kt, k + (long long) h * a.lk * a.d, j0, a.lk, a.d);
        loadTile(vt, v + (long long) h * a.lk * a.d, j0, a.lk, a.d);
        __syncthreads();
        int tile = min(KEY_TILE, a.lk - j0);
        for (int jj = 0; active && jj < tile; jj++) {
            const float* kr = kt + jj * a.d;
            float s = logit(qr, kr, a, mask, (long long) i * a.lk + j0 + jj);
            Backprop b = backprop(s, li, gr, vt + jj * a.d, di, a);
            for (int t = 0; t < a.d; t++) {
                acc[t] = fmaf(b.ds, kr[t], acc[t]);
            }
        }
        __syncthreads();
    }
    if (active) {
        for (int t = 0; t < a.d; t++) {
            gq[row * a.d + t] = acc[t];
        }
    }
}

/*
 * gk[j] = sum_i ds_ij q_i and gv[j] = sum_i p_ij gout_i: one thread per key row, queries (with
 * gout, lse and delta) streamed through shared memory. grid (ceil(lk / ROWS_PER_BLOCK), heads),
 * shared 2 KEY_TILE d + 2 KEY_TILE floats.
 */
extern "C" __global__ void __launch_bounds__(ROWS_PER_BLOCK)
attention_backward_key_value_f32(const float* q, const float* k, const float* v, const float* mask, const float* lse,
                                 const float* delta, const float* gout, float* gk, float* gv, AttnDims a) {
    extern __shared__ float sh[];
    float* qt = sh;
    float* gt = sh + KEY_TILE * a.d;
    float* lt = sh + 2 * KEY_TILE * a.d;
    float* dt = lt + KEY_TILE;
    int h = blockIdx.y;
    int j = blockIdx.x * ROWS_PER_BLOCK + threadIdx.x;
    bool active = j < a.lk;
    long long row = (long long) h * a.lk + j;
    float kr[MAX_HEAD_DIM];
    float vr[MAX_HEAD_DIM];
    float dk[MAX_HEAD_DIM];
    float dv[MAX_HEAD_DIM];
    loadRow(kr, k, row, a.d, active);
    loadRow(vr, v, row, a.d, active);
    zeroRow(dk, a.d);
    zeroRow(dv, a.d);
    for (int i0 = 0; i0 < a.lq; i0 += KEY_TILE) {
        loadTile(qt, q + (long long) h * a.lq * a.d, i0, a.lq, a.d);
        loadTile(gt, gout + (long long) h * a.lq * a.d, i0, a.lq, a.d);
        for (int r = threadIdx.x; r < KEY_TILE; r += blockDim.x) {
            bool in = i0 + r < a.lq;
            lt[r] = in ? lse[(long long) h * a.lq + i0 + r] : 0.f;
            dt[r] = in ? delta[(long long) h * a.lq + i0 + r] : 0.f;
        }
        __syncthreads();
        int tile = min(KEY_TILE, a.lq - i0);
        for (int ii = 0; active && ii < tile; ii++) {
            const float* qi = qt + ii * a.d;
            const float* gi = gt + ii * a.d;
            float s = logit(qi, kr, a, mask, (long long) (i0 + ii) * a.lk + j);
            Backprop b = backprop(s, lt[ii], gi, vr, dt[ii], a);
            for (int t = 0; t < a.d; t++) {
                dv[t] = fmaf(b.p, gi[t], dv[t]);
                dk[t] = fmaf(b.ds, qi[t], dk[t]);
            }
        }
        __syncthreads();
    }
    if (active) {
        for (int t = 0; t < a.d; t++) {
            gk[row * a.d + t] = dk[t];
            gv[row * a.d + t] = dv[t];
        }
    }
}
