#pragma once
// LibTorch modules for the study's heads (see head_config.h). Torch-internal: include only from core .cpp files.
#include <torch/torch.h>

#include "core/models/head_config.h"

namespace taxo {

// Dropout whose masks come from a caller-owned CPU generator, so a run's randomness is a function of its seed and
// epoch alone (torch::nn::Dropout draws from the process-wide generator, which other jobs also advance).
class SeededDropoutImpl : public torch::nn::Module {
public:
    explicit SeededDropoutImpl(double p = 0.5) : p_(p) {}
    void setGenerator(at::Generator* generator) { generator_ = generator; }
    torch::Tensor forward(const torch::Tensor& x);
    double p() const { return p_; }

private:
    double p_;
    at::Generator* generator_ = nullptr;  // not owned; nullptr = process-wide generator
};
TORCH_MODULE(SeededDropout);

class HeadImpl : public torch::nn::Module {
public:
    // Weights are Keras-initialised (Glorot-uniform kernels, zero biases) from `init` (CPU); move with ->to(device).
    HeadImpl(const HeadConfig& config, std::int64_t embeddingDim, std::int64_t numClasses, at::Generator& init);
    // x: batch x embeddingDim -> logits batch x numClasses.
    torch::Tensor forward(torch::Tensor x);
    // Keras L2: sum over the penalised Dense kernels of l2 * sum(w^2); a 0-dim tensor (0 when none).
    torch::Tensor l2Penalty() const;
    void setDropoutGenerator(at::Generator* generator);

    const HeadConfig& config() const { return config_; }
    std::int64_t embeddingDim() const { return embeddingDim_; }
    std::int64_t numClasses() const { return numClasses_; }

private:
    HeadConfig config_;
    std::int64_t embeddingDim_, numClasses_;
    torch::nn::Linear dense1_{nullptr}, dense2_{nullptr}, out_{nullptr};
    torch::nn::BatchNorm1d bn1_{nullptr}, bn2_{nullptr};
    SeededDropout drop1_{nullptr}, drop2_{nullptr};
};
TORCH_MODULE(Head);

// Keras' BatchNormalization defaults: moving average momentum 0.99 (torch momentum 0.01), epsilon 1e-3.
constexpr double kKerasBatchNormMomentum = 0.01;
constexpr double kKerasBatchNormEps = 1e-3;

// Copies of every parameter and buffer, by name (for best-weight snapshots).
std::vector<std::pair<std::string, torch::Tensor>> snapshotState(const torch::nn::Module& module);
void restoreState(torch::nn::Module& module, const std::vector<std::pair<std::string, torch::Tensor>>& state);

}  // namespace taxo
