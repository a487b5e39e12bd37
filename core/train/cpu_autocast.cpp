#include "core/train/cpu_autocast.h"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

// LibTorch 2.4 replaced the per-device autocast functions (is_cpu_enabled, ...) by ones taking the device type and
// deprecated the old ones; Debian's 1.13 has only the old ones, a CUDA build from pip only the new ones' future.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define TAXO_AUTOCAST_BY_DEVICE 1
#endif

namespace taxo {

namespace {

bool cpuAutocastEnabled() {
#ifdef TAXO_AUTOCAST_BY_DEVICE
    return at::autocast::is_autocast_enabled(at::kCPU);
#else
    return at::autocast::is_cpu_enabled();
#endif
}

void setCpuAutocast(bool enabled, at::ScalarType type) {
#ifdef TAXO_AUTOCAST_BY_DEVICE
    at::autocast::set_autocast_enabled(at::kCPU, enabled);
    at::autocast::set_autocast_dtype(at::kCPU, type);
#else
    at::autocast::set_cpu_enabled(enabled);
    at::autocast::set_autocast_cpu_dtype(type);
#endif
}

at::ScalarType cpuAutocastType() {
#ifdef TAXO_AUTOCAST_BY_DEVICE
    return at::autocast::get_autocast_dtype(at::kCPU);
#else
    return at::autocast::get_autocast_cpu_dtype();
#endif
}

}  // namespace

CpuAutocast::CpuAutocast(bool enabled) : enabled_(enabled) {
    if (!enabled_) return;
    wasEnabled_ = cpuAutocastEnabled();
    previousType_ = cpuAutocastType();
    setCpuAutocast(true, at::kBFloat16);
    at::autocast::increment_nesting();
}

CpuAutocast::~CpuAutocast() {
    if (!enabled_) return;
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    setCpuAutocast(wasEnabled_, previousType_);
}

}  // namespace taxo
