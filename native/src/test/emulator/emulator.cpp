/*
 * The kernels of src/main/cuda on the host, behind a pipe: the test side (EmulatedDevice) sends
 * allocations, copies and launches over stdin and reads replies on stdout, so the whole CUDA
 * backend (argument packing, launch geometry, offsets, the kernels) runs on machines without a GPU.
 *
 * Every command is one byte followed by little-endian fields; every reply starts with a status
 * byte (0 ok, 1 error followed by a u32 length and a message):
 *   'A' u64 bytes                  -> u64 address (filled with 0xFF: NaN, so reading unwritten memory shows)
 *   'F' u64 address
 *   'U' u64 address u64 bytes data
 *   'D' u64 address u64 bytes      -> data
 *   'L' u32 nameLength name u32 gridX gridY gridZ block shared u32 count, count x (u32 bytes, data)
 */
#include "cuda_host.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

/* Dynamic shared memory ("extern __shared__ float sh[]" in the kernels). */
float sh[1 << 16];

#include "all_kernels.inc"

namespace {

template <class... A, std::size_t... I>
void invokeWith(void (*f)(A...), void** p, std::index_sequence<I...>) {
    f(*static_cast<std::remove_cv_t<A>*>(p[I])...);
}

template <class... A>
void invoke(void (*f)(A...), void** p) {
    invokeWith(f, p, std::index_sequence_for<A...>{});
}

using Kernel = void (*)(void**);
#define KERNEL(name) {#name, [](void** p) { invoke(name, p); }}

const std::map<std::string, Kernel> KERNELS = {
    KERNEL(fill_f32), KERNEL(unary_f32), KERNEL(unary_backward_f32), KERNEL(binary_f32), KERNEL(where_f32),
    KERNEL(copy_strided_f32), KERNEL(adam_step_f32), KERNEL(reduce_f32), KERNEL(argmax_f32), KERNEL(index_select_f32),
    KERNEL(index_add_f32), KERNEL(softmax_f32), KERNEL(softmax_backward_f32), KERNEL(sgemm_f32),
    KERNEL(conv2d_forward_f32), KERNEL(conv2d_backward_input_f32), KERNEL(conv2d_backward_weight_f32), KERNEL(conv2d_sum_splits_f32),
    KERNEL(norm_forward_f32), KERNEL(norm_backward_input_f32), KERNEL(norm_backward_affine_f32), KERNEL(pool2d_f32),
    KERNEL(pool2d_backward_f32), KERNEL(adaptive_avg_pool2d_f32), KERNEL(adaptive_avg_pool2d_backward_f32),
    KERNEL(upsample_nearest_f32), KERNEL(upsample_nearest_backward_f32), KERNEL(attention_forward_f32),
    KERNEL(attention_delta_f32), KERNEL(attention_backward_query_f32), KERNEL(attention_backward_key_value_f32),
};

void readExactly(void* dst, size_t n) {
    if (n > 0 && std::fread(dst, 1, n, stdin) != n) {
        std::exit(0); // the test side closed the pipe
    }
}

template <class T>
T read() {
    T v;
    readExactly(&v, sizeof v);
    return v;
}

void reply(const void* data, size_t n) {
    std::fputc(0, stdout);
    if (n > 0) {
        std::fwrite(data, 1, n, stdout);
    }
    std::fflush(stdout);
}

void fail(const std::string& message) {
    std::fputc(1, stdout);
    uint32_t n = message.size();
    std::fwrite(&n, sizeof n, 1, stdout);
    std::fwrite(message.data(), 1, n, stdout);
    std::fflush(stdout);
}

/*
 * Runs the grid: blockDim.x threads, reused for every block in turn. Between blocks all threads
 * meet at `between`, where thread 0 moves blockIdx on and makes a fresh barrier for the next
 * block's __syncthreads (a thread that returns early drops out of its block's barrier).
 */
void launch(Kernel kernel, dim3 grid, unsigned block, void** params) {
    gridDim = grid;
    blockDim = dim3{block, 1, 1};
    unsigned long long blocks = (unsigned long long) grid.x * grid.y * grid.z;
    std::barrier<> between(block);
    std::optional<std::barrier<>> inside;
    auto moveTo = [&](unsigned long long b) {
        blockIdx = uint3{(unsigned) (b % grid.x), (unsigned) (b / grid.x % grid.y), (unsigned) (b / grid.x / grid.y)};
        inside.emplace(block);
        blockBarrier = &*inside;
    };
    moveTo(0);
    std::vector<std::thread> threads;
    threads.reserve(block);
    for (unsigned t = 0; t < block; t++) {
        threads.emplace_back([&, t] {
            threadIdx = uint3{t, 0, 0};
            for (unsigned long long b = 0; b < blocks; b++) {
                kernel(params);
                inside->arrive_and_drop();
                between.arrive_and_wait(); // every thread is done with block b
                if (t == 0 && b + 1 < blocks) {
                    moveTo(b + 1);
                }
                between.arrive_and_wait(); // block b + 1 is set up
            }
        });
    }
    for (auto& th : threads) {
        th.join();
    }
}

}  // namespace

int main() {
    for (;;) {
        int command = std::fgetc(stdin);
        if (command == EOF) {
            return 0;
        }
        switch (command) {
            case 'A': {
                uint64_t bytes = read<uint64_t>();
                void* p = std::malloc(bytes);
                if (p == nullptr) {
                    fail("out of memory");
                    break;
                }
                std::memset(p, 0xFF, bytes);
                uint64_t address = reinterpret_cast<uint64_t>(p);
                reply(&address, sizeof address);
                break;
            }
            case 'F': {
                std::free(reinterpret_cast<void*>(read<uint64_t>()));
                reply(nullptr, 0);
                break;
            }
            case 'U': {
                uint64_t address = read<uint64_t>();
                uint64_t bytes = read<uint64_t>();
                readExactly(reinterpret_cast<void*>(address), bytes);
                reply(nullptr, 0);
                break;
            }
            case 'D': {
                uint64_t address = read<uint64_t>();
                uint64_t bytes = read<uint64_t>();
                reply(reinterpret_cast<void*>(address), bytes);
                break;
            }
            case 'L': {
                std::string name(read<uint32_t>(), '\0');
                readExactly(name.data(), name.size());
                dim3 grid{read<uint32_t>(), read<uint32_t>(), read<uint32_t>()};
                uint32_t block = read<uint32_t>();
                uint32_t shared = read<uint32_t>();
                uint32_t count = read<uint32_t>();
                std::vector<std::vector<uint64_t>> storage(count); // 8-byte aligned, as the driver's parameter buffer
                std::vector<void*> params(count);
                for (uint32_t i = 0; i < count; i++) {
                    uint32_t bytes = read<uint32_t>();
                    storage[i].resize((bytes + 7) / 8);
                    readExactly(storage[i].data(), bytes);
                    params[i] = storage[i].data();
                }
                auto k = KERNELS.find(name);
                if (k == KERNELS.end()) {
                    fail("no kernel " + name + " in the emulator");
                } else if (shared > sizeof sh) {
                    fail("kernel " + name + " asks for " + std::to_string(shared) + " bytes of shared memory");
                } else {
                    launch(k->second, grid, block, params.data());
                    reply(nullptr, 0);
                }
                break;
            }
            default:
                fail("unknown command " + std::to_string(command));
        }
    }
}
