#pragma once
// Torch-internal (include only from core .cpp files): bfloat16 autocast on the CPU for a scope.
#include <c10/core/ScalarType.h>

namespace taxo {

// Mixed precision for the CPU while alive (thread-local, as LibTorch's autocast state is): bfloat16 matrix products,
// float32 elsewhere per autocast's op lists; restores the previous state and drops autocast's cast cache on exit
// (the cache holds bf16 copies of the weights, stale once the optimizer steps). Does nothing when !enabled.
class CpuAutocast {
public:
    explicit CpuAutocast(bool enabled = true);
    ~CpuAutocast();
    CpuAutocast(const CpuAutocast&) = delete;
    CpuAutocast& operator=(const CpuAutocast&) = delete;

private:
    bool enabled_, wasEnabled_ = false;
    c10::ScalarType previousType_ = c10::ScalarType::BFloat16;
};

}  // namespace taxo
