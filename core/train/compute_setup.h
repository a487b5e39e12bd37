#pragma once
// Torch-internal: the device and thread settings every job applies before computing.
#include <torch/torch.h>

#include <string>

#include "core/common/result.h"

namespace taxo {

// device: "cpu", "cuda", "cuda:N" or "auto" (CUDA when LibTorch has it and a GPU is present). threads: LibTorch's
// intra-op threads (process-wide); 0 = all cores, because Debian's LibTorch otherwise starts with one.
Result<torch::Device> setUpCompute(const std::string& device, int threads);

}  // namespace taxo
