#pragma once
// Torch-internal: what a TrainedHead holds. Include only from core .cpp files.
#include <mutex>

#include "core/models/heads.h"
#include "core/train/head_trainer.h"

namespace taxo {

struct TrainedHead::Impl {
    Impl(Head m, torch::Device d, int classes) : module(std::move(m)), device(d), numClasses(classes) {}
    Head module;
    torch::Device device;
    int numClasses;
    std::mutex mutex;  // forward passes share the module
};

// Host-side rows x dim floats -> device tensor (copies).
torch::Tensor featuresToTensor(const FeatureSet& features, const torch::Device& device);
// Eval-mode logits in chunks, on the module's device.
torch::Tensor headLogits(HeadImpl& module, const torch::Tensor& features, std::int64_t chunk = 4096);
Result<torch::Device> resolveDevice(const std::string& name);

}  // namespace taxo
