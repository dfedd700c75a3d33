/*
 * Just enough of CUDA for the kernels of src/main/cuda to compile as host C++ (g++ -std=c++20),
 * so the tests can run them without a GPU: each block runs as blockDim.x threads, __syncthreads
 * is a barrier, blocks run one after another (so a block's __shared__ arrays can be plain
 * statics). This checks the kernels' logic and indexing, not GPU speed or float rounding of the
 * device math library.
 */
#ifndef DADDA_CUDA_HOST_H
#define DADDA_CUDA_HOST_H

#include <algorithm>
#include <barrier>
#include <cstring>
#include <math.h>

struct uint3 {
    unsigned x = 0, y = 0, z = 0;
};

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};

inline thread_local uint3 threadIdx;
inline uint3 blockIdx;
inline dim3 blockDim;
inline dim3 gridDim;
inline std::barrier<>* blockBarrier = nullptr;

inline void __syncthreads() {
    blockBarrier->arrive_and_wait();
}

inline float __int_as_float(int i) {
    float f;
    std::memcpy(&f, &i, sizeof f);
    return f;
}

using std::max;
using std::min;

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(...)
/* Static shared arrays: one per kernel, reused by the blocks, which run one at a time. The
   build rewrites "extern __shared__" (dynamic shared memory) to "extern", which finds
   the array the emulator defines. */
#define __shared__ static

#endif
