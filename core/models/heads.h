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

// One Keras L2-regularised kernel: its penalty is factor * sum(weight^2), its gradient 2 * factor * weight.
struct L2Term {
    torch::Tensor weight;
    double factor = 0;
};

// sum of factor * sum(w^2) over `terms` as a 0-dim float tensor, outside autograd (a dot product per kernel).
torch::Tensor l2Value(const std::vector<L2Term>& terms, const torch::TensorOptions& options);
// Adds each term's gradient, 2 * factor * w, to its kernel's .grad in one pass (sets it when the kernel has none).
void addL2Gradients(const std::vector<L2Term>& terms);

class HeadImpl : public torch::nn::Module {
public:
    // Weights are Keras-initialised (Glorot-uniform kernels, zero biases) from `init` (CPU); move with ->to(device).
    HeadImpl(const HeadConfig& config, std::int64_t embeddingDim, std::int64_t numClasses, at::Generator& init);
    // x: batch x embeddingDim -> logits batch x numClasses.
    torch::Tensor forward(torch::Tensor x);
    // Keras L2: the penalised Dense kernels with their factors (none for most heads). Training takes the penalty's
    // value and gradient through l2Value / addL2Gradients instead of differentiating the sum, several passes over
    // the weights fewer per batch (trainloop::trainStep).
    std::vector<L2Term> l2Terms() const;
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
