#include "core/train/compute_setup.h"

#include <dlfcn.h>
#include <malloc.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "core/train/trained_head_impl.h"

namespace taxo {

namespace {

// Debian's LibTorch calls OpenBLAS (pthread build), whose own pool starts with one thread per core whatever
// torch::set_num_threads says; its idle threads spin, which on a busy machine costs more than the matrix products.
// Looked up at run time so another BLAS (or none) is simply left alone.
void setBlasThreads(int threads) {
    using SetThreads = void (*)(int);
    if (auto* set = reinterpret_cast<SetThreads>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(threads);
}

// Training allocates and frees tensors of a few MB every batch (gradients, optimizer temporaries). With glibc's
// defaults each is a fresh mmap or a heap trim, so every batch pays page faults for zeroed pages: measured 4x the CPU
// time of the arithmetic on a ConvNextFull head. Keeping them in the heap lets the allocator reuse the same pages.
void keepLargeAllocations() {
    static std::once_flag once;
    std::call_once(once, [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);  // glibc's upper limit on 64-bit
        mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    });
}

}  // namespace

int resolveThreadCount(int threads) {
    return threads > 0 ? threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

Result<torch::Device> setUpCompute(const std::string& device, int threads) {
    auto resolved = resolveDevice(device);
    if (!resolved) return resolved.error();
    const int n = resolveThreadCount(threads);
    torch::set_num_threads(n);
    setBlasThreads(n);
    keepLargeAllocations();
    return *resolved;
}

}  // namespace taxo
