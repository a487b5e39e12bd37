#include "core/train/compute_setup.h"

#include <algorithm>
#include <thread>

#include "core/train/trained_head_impl.h"

namespace taxo {

Result<torch::Device> setUpCompute(const std::string& device, int threads) {
    auto resolved = resolveDevice(device);
    if (!resolved) return resolved.error();
    torch::set_num_threads(threads > 0 ? threads : std::max(1, int(std::thread::hardware_concurrency())));
    return *resolved;
}

}  // namespace taxo
