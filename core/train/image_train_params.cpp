// ImageTrainParams <-> JSON and validation (kept apart from the LibTorch translation unit).
#include <cmath>

#include "core/data/augment.h"
#include "core/train/image_trainer.h"

namespace taxo {

nlohmann::json toJson(const ImageTrainParams& p) {
    return nlohmann::json{{"base", toJson(p.base)},
                          {"backboneId", p.backboneId},
                          {"modelsDir", p.modelsDir},
                          {"unfreezeBlocks", p.unfreezeBlocks},
                          {"backboneLearningRate", p.backboneLearningRate},
                          {"augmentation", p.augmentation},
                          {"scratchModel", p.scratchModel},
                          {"scratchInputSize", p.scratchInputSize},
                          {"loaderThreads", p.loaderThreads}};
}

Status validateImageTrainParams(const ImageTrainParams& p) {
    auto bad = [](const std::string& m) -> Status { return makeError(ErrorCode::InvalidArgument, m); };
    if (auto s = validateTrainParams(p.base); !s) return s;
    if (p.base.precision != "fp32") return bad("bf16 precision applies to head training on cached features only");
    if (!p.scratchModel.empty() && p.scratchModel != "scratch_sequential" && p.scratchModel != "scratch_cnn2")
        return bad("scratch model '" + p.scratchModel + "' is unknown (expected scratch_sequential or scratch_cnn2)");
    if (p.scratchModel.empty() && p.backboneId.empty()) return bad("no backbone id and no scratch model given");
    if (p.unfreezeBlocks < 0) return bad("unfrozen blocks must be >= 0 (got " + std::to_string(p.unfreezeBlocks) + ")");
    if (!(p.backboneLearningRate > 0) || !std::isfinite(p.backboneLearningRate))
        return bad("backbone learning rate must be positive (got " + std::to_string(p.backboneLearningRate) + ")");
    if (auto a = AugmentParams::preset(p.augmentation); !a)
        return bad("augmentation '" + p.augmentation + "' is unknown (expected none, light, medium or strong)");
    // Below 16 pixels the two-block CNN's pooling leaves nothing; above 1024 a CPU batch would not fit sensibly.
    if (p.scratchInputSize != 0 && (p.scratchInputSize < 16 || p.scratchInputSize > 1024))
        return bad("scratch input size must be 0 (224) or 16..1024 pixels (got " + std::to_string(p.scratchInputSize) + ")");
    if (p.scratchModel == "scratch_sequential" && p.scratchInputSize != 0 && p.scratchInputSize < 32)
        return bad("scratch_sequential needs an input of at least 32 pixels");
    if (p.loaderThreads < 0) return bad("loader threads must be >= 0 (0 = all cores)");
    return {};
}

Result<ImageTrainParams> imageTrainParamsFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return makeError(ErrorCode::BadFormat, "image training parameters: expected a JSON object");
    ImageTrainParams p;
    try {
        if (j.contains("base")) {
            auto base = trainParamsFromJson(j.at("base"));
            if (!base) return base.error();
            p.base = *base;
        }
        p.backboneId = j.value("backboneId", p.backboneId);
        p.modelsDir = j.value("modelsDir", p.modelsDir);
        p.unfreezeBlocks = j.value("unfreezeBlocks", p.unfreezeBlocks);
        p.backboneLearningRate = j.value("backboneLearningRate", p.backboneLearningRate);
        p.augmentation = j.value("augmentation", p.augmentation);
        p.scratchModel = j.value("scratchModel", p.scratchModel);
        p.scratchInputSize = j.value("scratchInputSize", p.scratchInputSize);
        p.loaderThreads = j.value("loaderThreads", p.loaderThreads);
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::BadFormat, std::string("image training parameters: ") + e.what());
    }
    if (auto s = validateImageTrainParams(p); !s)
        return makeError(ErrorCode::BadFormat, "image training parameters: " + s.error().message);
    return p;
}

std::string imageCheckpointPath(const std::string& checkpointDir) { return checkpointDir + "/image-checkpoint.pt"; }

}  // namespace taxo
