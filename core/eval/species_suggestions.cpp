#include "core/eval/species_suggestions.h"

#include "core/data/preprocess.h"
#include "core/models/backbone_net.h"
#include "core/models/backbone_preprocess.h"

namespace taxo {

struct SpeciesSuggester::Impl {
    std::shared_ptr<Backbone> backbone;
    PreprocessSpec spec;
};

SpeciesSuggester::SpeciesSuggester(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SpeciesSuggester::~SpeciesSuggester() = default;

Result<std::shared_ptr<SpeciesSuggester>> SpeciesSuggester::load(const std::string& backboneId, const std::string& modelsDir) {
    auto backbone = loadBackbone(backboneId, modelsDir.empty() ? defaultModelsDir() : modelsDir);
    if (!backbone) return backbone.error();
    if (!(*backbone)->hasClassifier())
        return makeError(ErrorCode::InvalidArgument, backboneId + " has no classifier of its own to suggest species with");
    auto spec = preprocessSpecFor((*backbone)->info());
    if (!spec) return spec.error();
    auto impl = std::make_unique<Impl>();
    impl->backbone = std::move(*backbone);
    impl->spec = *spec;
    return std::shared_ptr<SpeciesSuggester>(new SpeciesSuggester(std::move(impl)));
}

Result<std::vector<ClassProbability>> SpeciesSuggester::suggest(const std::string& photoPath, int k) {
    auto pixels = loadForModel(photoPath, impl_->spec);
    if (!pixels) return pixels.error();
    torch::InferenceMode guard;
    torch::Tensor input = torch::from_blob(pixels->data(), {1, 3, impl_->spec.height, impl_->spec.width}, torch::kFloat32);
    torch::Tensor probs = torch::softmax(impl_->backbone->classify(input.to(impl_->backbone->device())), 1).to(torch::kCPU);
    const auto& labels = impl_->backbone->labels();
    auto [values, indices] = probs.topk(std::min<std::int64_t>(k, probs.size(1)), 1);
    std::vector<ClassProbability> out;
    for (std::int64_t j = 0; j < values.size(1); ++j) {
        const auto index = std::size_t(indices[0][j].item<std::int64_t>());
        out.push_back({index < labels.size() ? labels[index] : std::to_string(index), values[0][j].item<float>()});
    }
    return out;
}

}  // namespace taxo
