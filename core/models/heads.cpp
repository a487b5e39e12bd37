#include "core/models/heads.h"

#include <cmath>

namespace taxo {

torch::Tensor SeededDropoutImpl::forward(const torch::Tensor& x) {
    if (!is_training() || p_ <= 0) return x;
    const auto keep = 1.0 - p_;
    auto probs = torch::full(x.sizes(), keep, torch::TensorOptions().dtype(torch::kFloat32));
    auto mask = generator_ ? at::bernoulli(probs, *generator_) : at::bernoulli(probs);
    return x * mask.to(x.device()).div_(keep);
}

namespace {

torch::nn::Linear kerasDense(std::int64_t in, std::int64_t out, at::Generator& gen) {
    torch::nn::Linear layer(torch::nn::LinearOptions(in, out));
    torch::NoGradGuard noGrad;
    const double limit = std::sqrt(6.0 / static_cast<double>(in + out));  // glorot_uniform
    layer->weight.uniform_(-limit, limit, gen);
    layer->bias.zero_();
    return layer;
}

torch::nn::BatchNorm1d kerasBatchNorm(std::int64_t features) {
    return torch::nn::BatchNorm1d(
        torch::nn::BatchNormOptions(features).momentum(kKerasBatchNormMomentum).eps(kKerasBatchNormEps));
}

}  // namespace

HeadImpl::HeadImpl(const HeadConfig& config, std::int64_t embeddingDim, std::int64_t numClasses, at::Generator& init)
    : config_(config), embeddingDim_(embeddingDim), numClasses_(numClasses) {
    config_.kind = canonicalHeadKind(config.kind);
    const auto& k = config_.kind;
    std::int64_t last = embeddingDim;
    if (k == "dropout") {
        drop1_ = register_module("drop1", SeededDropout(config_.dropout1));
    } else if (k == "mid" || k == "full") {
        dense1_ = register_module("dense1", kerasDense(last, config_.dense1, init));
        bn1_ = register_module("bn1", kerasBatchNorm(config_.dense1));
        drop1_ = register_module("drop1", SeededDropout(config_.dropout1));
        last = config_.dense1;
        if (k == "full") {
            dense2_ = register_module("dense2", kerasDense(last, config_.dense2, init));
            bn2_ = register_module("bn2", kerasBatchNorm(config_.dense2));
            drop2_ = register_module("drop2", SeededDropout(config_.dropout2));
            last = config_.dense2;
        }
    }
    out_ = register_module("out", kerasDense(last, numClasses, init));
}

torch::Tensor HeadImpl::forward(torch::Tensor x) {
    const auto& k = config_.kind;
    if (k == "dropout") {
        x = drop1_(x);
    } else if (k == "mid") {
        x = drop1_(bn1_(torch::relu(dense1_(x))));
    } else if (k == "full") {
        // Keras' gelu defaults to the exact (erf) form, as torch's does.
        x = drop1_(bn1_(torch::gelu(dense1_(x))));
        x = drop2_(bn2_(torch::gelu(dense2_(x))));
    }
    return out_(x);
}

torch::Tensor l2Value(const std::vector<L2Term>& terms, const torch::TensorOptions& options) {
    torch::NoGradGuard noGrad;
    auto total = torch::zeros({}, options);
    for (const auto& term : terms) {
        const auto w = term.weight.reshape({-1});
        total = total + term.factor * at::dot(w, w);
    }
    return total;
}

void addL2Gradients(const std::vector<L2Term>& terms) {
    torch::NoGradGuard noGrad;
    for (auto term : terms) {  // a copy of the handle: the same tensor and .grad
        auto& grad = term.weight.mutable_grad();
        if (grad.defined())
            grad.add_(term.weight, 2 * term.factor);
        else
            grad = term.weight * (2 * term.factor);
    }
}

std::vector<L2Term> HeadImpl::l2Terms() const {
    std::vector<L2Term> terms;
    if (dense1_ && config_.l2Dense1 > 0) terms.push_back({dense1_->weight, config_.l2Dense1});
    if (dense2_ && config_.l2Dense2 > 0) terms.push_back({dense2_->weight, config_.l2Dense2});
    return terms;
}

void HeadImpl::setDropoutGenerator(at::Generator* generator) {
    if (drop1_) drop1_->setGenerator(generator);
    if (drop2_) drop2_->setGenerator(generator);
}

std::vector<std::pair<std::string, torch::Tensor>> snapshotState(const torch::nn::Module& module) {
    std::vector<std::pair<std::string, torch::Tensor>> state;
    torch::NoGradGuard noGrad;
    for (const auto& p : module.named_parameters()) state.emplace_back(p.key(), p.value().detach().clone());
    for (const auto& b : module.named_buffers()) state.emplace_back(b.key(), b.value().detach().clone());
    return state;
}

void restoreState(torch::nn::Module& module, const std::vector<std::pair<std::string, torch::Tensor>>& state) {
    torch::NoGradGuard noGrad;
    auto params = module.named_parameters();
    auto buffers = module.named_buffers();
    for (const auto& [name, value] : state) {
        if (auto* p = params.find(name)) p->copy_(value);
        else if (auto* b = buffers.find(name)) b->copy_(value);
    }
}

}  // namespace taxo
