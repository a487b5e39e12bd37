#include "core/models/backbone_net.h"

#include "core/models/tflite_net.h"
#include "core/models/tflite_reader.h"

namespace taxo {

namespace {

class TfliteBackbone : public Backbone {
public:
    TfliteBackbone(BackboneInfo info, std::shared_ptr<TfliteNet> net, std::vector<std::string> labels)
        : info_(std::move(info)), net_(std::move(net)), labels_(std::move(labels)) {
        net_->eval();
    }

    const BackboneInfo& info() const override { return info_; }

    torch::Tensor embed(const torch::Tensor& x) override {
        torch::NoGradGuard noGrad;
        EvalScope eval(*net_);
        return net_->forward(x.to(device()), false).embedding;
    }

    BackboneOutputs forwardWithFeatures(const torch::Tensor& x, bool keepFeatureMap) override {
        TfliteOutputs o = net_->forward(x.to(device()), keepFeatureMap);
        return {o.logits, o.embedding, o.featureMap};
    }

    torch::Tensor classify(const torch::Tensor& x) override {
        torch::NoGradGuard noGrad;
        EvalScope eval(*net_);
        return net_->forward(x.to(device()), false).logits;
    }

    const std::vector<std::string>& labels() const override { return labels_; }
    void to(const torch::Device& d) override { net_->to(d); }
    torch::Device device() const override {
        const auto params = net_->parameters();
        return params.empty() ? torch::Device(torch::kCPU) : params.front().device();
    }
    int blockCount() const override { return net_->blockCount(); }
    void setTrainableBlocks(int n) override { net_->setTrainableBlocks(n); }
    std::vector<torch::Tensor> trainableParameters() override {
        std::vector<torch::Tensor> out;
        for (const auto& p : net_->parameters())
            if (p.requires_grad()) out.push_back(p);
        return out;
    }
    void train(bool on) override { net_->train(on); }

private:
    // Embedding and classification always run in eval mode, restoring the caller's mode afterwards.
    struct EvalScope {
        explicit EvalScope(torch::nn::Module& m) : m_(m), was_(m.is_training()) { m_.eval(); }
        ~EvalScope() { m_.train(was_); }
        torch::nn::Module& m_;
        bool was_;
    };

    BackboneInfo info_;
    std::shared_ptr<TfliteNet> net_;
    std::vector<std::string> labels_;
};

Result<std::shared_ptr<Backbone>> loadTflite(const BackboneInfo& info) {
    if (!info.sha256.empty()) {
        if (Status s = verifyModelFile(info.modelFile, info.sha256); !s) return s.error();
    }
    auto model = tflite::readModel(info.modelFile);
    if (!model) return model.error();
    auto net = TfliteNet::build(*model);
    if (!net) return net.error();
    if (info.embeddingDim && (*net)->embeddingDim() != info.embeddingDim)
        return makeError(ErrorCode::BadFormat, info.modelFile + ": embedding has " + std::to_string((*net)->embeddingDim()) +
                                                   " values, expected " + std::to_string(info.embeddingDim));
    if ((*net)->classCount() != info.numClasses)
        return makeError(ErrorCode::BadFormat, info.modelFile + ": classifier has " + std::to_string((*net)->classCount()) +
                                                   " outputs, expected " + std::to_string(info.numClasses));
    std::vector<std::string> labels;
    if (!info.labelsFile.empty()) {
        auto l = readLabels(info.labelsFile);
        if (!l) return l.error();
        if (static_cast<int>(l->size()) != info.numClasses)
            return makeError(ErrorCode::BadFormat, info.labelsFile + ": " + std::to_string(l->size()) + " labels for " +
                                                       std::to_string(info.numClasses) + " classes");
        labels = std::move(*l);
    }
    std::shared_ptr<Backbone> b = std::make_shared<TfliteBackbone>(info, *net, std::move(labels));
    return b;
}

}  // namespace

Result<std::shared_ptr<Backbone>> loadBackbone(const BackboneInfo& info) {
    if (info.kind == "tflite") return loadTflite(info);
    if (info.kind == "torchscript") return loadTorchScriptBackbone(info);
    return makeError(ErrorCode::InvalidArgument, "backbone '" + info.id + "': kind '" + info.kind + "' cannot be loaded here");
}

Result<std::shared_ptr<Backbone>> loadBackbone(const std::string& id, const std::string& modelsDir) {
    auto info = findBackbone(id, modelsDir);
    if (!info) return info.error();
    if (!info->installed)
        return makeError(ErrorCode::NotFound, info->modelFile + ": model file of backbone '" + id + "' is missing (run the setup script)");
    return loadBackbone(*info);
}

}  // namespace taxo
