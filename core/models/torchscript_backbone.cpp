// A backbone exported from PyTorch (torch.jit) with a manifest: see scripts/export-backbone.py.
#include <torch/script.h>

#include "core/models/backbone_net.h"

namespace taxo {

namespace {

class TorchScriptBackbone : public Backbone {
public:
    TorchScriptBackbone(BackboneInfo info, torch::jit::script::Module module) : info_(std::move(info)), module_(std::move(module)) {
        module_.eval();
        setTrainableBlocks(0);
    }

    const BackboneInfo& info() const override { return info_; }

    torch::Tensor embed(const torch::Tensor& x) override {
        torch::NoGradGuard noGrad;
        const bool was = module_.is_training();
        module_.eval();
        torch::Tensor y = run(x);
        module_.train(was);
        return y;
    }
    // A traced module exposes no intermediate feature map, so Grad-CAM is not available here.
    BackboneOutputs forwardWithFeatures(const torch::Tensor& x, bool) override { return {torch::Tensor(), run(x), torch::Tensor()}; }
    torch::Tensor classify(const torch::Tensor&) override { return {}; }
    const std::vector<std::string>& labels() const override { return labels_; }
    void to(const torch::Device& d) override {
        module_.to(d);
        device_ = d;
    }
    torch::Device device() const override { return device_; }
    // The traced graph has no block structure we can rely on: one block, the whole network.
    int blockCount() const override { return 1; }
    void setTrainableBlocks(int n) override {
        for (auto p : module_.parameters()) p.set_requires_grad(n > 0);
    }
    std::vector<torch::Tensor> trainableParameters() override {
        std::vector<torch::Tensor> out;
        for (const auto& p : module_.parameters())
            if (p.requires_grad()) out.push_back(p);
        return out;
    }
    void train(bool on) override { module_.train(on); }

private:
    torch::Tensor run(const torch::Tensor& x) {
        torch::Tensor y = module_.forward({x.to(device_)}).toTensor();
        return y.reshape({y.size(0), -1});
    }

    BackboneInfo info_;
    torch::jit::script::Module module_;
    std::vector<std::string> labels_;
    torch::Device device_{torch::kCPU};
};

}  // namespace

Result<std::shared_ptr<Backbone>> loadTorchScriptBackbone(const BackboneInfo& info) {
    torch::jit::script::Module module;
    try {
        module = torch::jit::load(info.modelFile, torch::kCPU);
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::BadFormat, info.modelFile + ": not a loadable TorchScript module (" +
                                                   std::string(e.what_without_backtrace()).substr(0, 200) + ")");
    } catch (const std::exception& e) {
        // A damaged archive can also fail in the TorchScript parser, which throws std::runtime_error (found by
        // tests/reliability/test_model_files: a flipped byte in a type name of the archive's code).
        return makeError(ErrorCode::BadFormat, info.modelFile + ": not a loadable TorchScript module (" +
                                                   std::string(e.what()).substr(0, 200) + ")");
    }
    auto backbone = std::make_shared<TorchScriptBackbone>(info, std::move(module));
    // One small pass proves the manifest's input size and embedding dimension before any long job relies on them.
    try {
        const torch::Tensor y = backbone->embed(torch::zeros({1, 3, info.inputHeight, info.inputWidth}));
        if (y.dim() != 2 || y.size(1) != info.embeddingDim)
            return makeError(ErrorCode::BadFormat, info.modelFile + ": gives " + std::to_string(y.numel()) +
                                                       " values per image but the manifest says embeddingDim " +
                                                       std::to_string(info.embeddingDim));
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::BadFormat, info.modelFile + ": fails on a " + std::to_string(info.inputWidth) + "x" +
                                                   std::to_string(info.inputHeight) + " input (" +
                                                   std::string(e.what_without_backtrace()).substr(0, 200) + ")");
    } catch (const std::exception& e) {
        return makeError(ErrorCode::BadFormat, info.modelFile + ": fails on a " + std::to_string(info.inputWidth) + "x" +
                                                   std::to_string(info.inputHeight) + " input (" + std::string(e.what()).substr(0, 200) + ")");
    }
    return std::shared_ptr<Backbone>(backbone);
}

}  // namespace taxo
