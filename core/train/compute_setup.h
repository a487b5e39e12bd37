#pragma once
// Torch-internal: the device and thread settings every job applies before computing.
#include <torch/torch.h>

#include <string>

#include "core/common/result.h"

namespace taxo {

// device: "cpu", "cuda", "cuda:N" or "auto" (CUDA when LibTorch has it and a GPU is present). threads: LibTorch's
// intra-op threads and OpenBLAS's pool (both process-wide); 0 = all cores, because Debian's LibTorch otherwise starts
// with one. Also tunes glibc's allocator once per process so that the MB-sized tensors of each training batch reuse
// heap pages instead of being mapped and unmapped every time.
Result<torch::Device> setUpCompute(const std::string& device, int threads);

// threads, or the core count when threads <= 0.
int resolveThreadCount(int threads);

}  // namespace taxo
