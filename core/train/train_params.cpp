// TrainParams <-> JSON and validation (kept apart from the LibTorch translation unit).
#include <cmath>

#include "core/train/head_trainer.h"

namespace taxo {

nlohmann::json toJson(const TrainParams& p) {
    return nlohmann::json{{"head", toJson(p.head)},
                          {"batchSize", p.batchSize},
                          {"epochs", p.epochs},
                          {"learningRate", p.learningRate},
                          {"weightDecay", p.weightDecay},
                          {"patience", p.patience},
                          {"monitor", p.monitor},
                          {"classWeights", p.classWeights},
                          {"effectiveBeta", p.effectiveBeta},
                          {"balancedSampler", p.balancedSampler},
                          {"labelSmoothing", p.labelSmoothing},
                          {"seed", p.seed},
                          {"threads", p.threads},
                          {"device", p.device},
                          {"precision", p.precision},
                          {"checkpointDir", p.checkpointDir},
                          {"resume", p.resume}};
}

Status validateTrainParams(const TrainParams& p) {
    auto bad = [](const std::string& m) -> Status { return makeError(ErrorCode::InvalidArgument, m); };
    if (auto s = validateHeadConfig(p.head); !s) return s;
    if (p.batchSize < 1) return bad("batch size must be at least 1 (got " + std::to_string(p.batchSize) + ")");
    if (p.epochs < 1) return bad("epochs must be at least 1 (got " + std::to_string(p.epochs) + ")");
    if (!(p.learningRate > 0) || !std::isfinite(p.learningRate))
        return bad("learning rate must be positive (got " + std::to_string(p.learningRate) + ")");
    if (!(p.weightDecay >= 0) || !std::isfinite(p.weightDecay))
        return bad("weight decay must be >= 0 (got " + std::to_string(p.weightDecay) + ")");
    if (p.monitor != "val_macro_f1" && p.monitor != "val_accuracy" && p.monitor != "val_top5" && p.monitor != "val_loss")
        return bad("monitor '" + p.monitor + "' is unknown (expected val_macro_f1, val_accuracy, val_top5 or val_loss)");
    if (p.classWeights != "none" && p.classWeights != "inverse" && p.classWeights != "effective")
        return bad("class weights '" + p.classWeights + "' are unknown (expected none, inverse or effective)");
    if (!(p.effectiveBeta > 0 && p.effectiveBeta < 1))
        return bad("effective-number beta must be in (0, 1) (got " + std::to_string(p.effectiveBeta) + ")");
    if (!(p.labelSmoothing >= 0 && p.labelSmoothing < 1))
        return bad("label smoothing must be in [0, 1) (got " + std::to_string(p.labelSmoothing) + ")");
    if (p.threads < 0) return bad("threads must be >= 0 (0 = all cores)");
    if (p.device != "auto" && p.device != "cpu" && p.device != "cuda")
        return bad("device '" + p.device + "' is unknown (expected auto, cpu or cuda)");
    if (p.precision != "fp32" && p.precision != "bf16")
        return bad("precision '" + p.precision + "' is unknown (expected fp32 or bf16)");
    if (p.precision == "bf16" && p.device == "cuda")
        return bad("bf16 precision is implemented for the CPU only (use fp32 on cuda)");
    if (p.resume && p.checkpointDir.empty()) return bad("resume needs a checkpoint folder");
    return {};
}

Result<TrainParams> trainParamsFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return makeError(ErrorCode::BadFormat, "training parameters: expected a JSON object");
    TrainParams p;
    try {
        if (j.contains("head")) {
            auto head = headConfigFromJson(j.at("head"));
            if (!head) return head.error();
            p.head = *head;
        }
        p.batchSize = j.value("batchSize", p.batchSize);
        p.epochs = j.value("epochs", p.epochs);
        p.learningRate = j.value("learningRate", p.learningRate);
        p.weightDecay = j.value("weightDecay", p.weightDecay);
        p.patience = j.value("patience", p.patience);
        p.monitor = j.value("monitor", p.monitor);
        p.classWeights = j.value("classWeights", p.classWeights);
        p.effectiveBeta = j.value("effectiveBeta", p.effectiveBeta);
        p.balancedSampler = j.value("balancedSampler", p.balancedSampler);
        p.labelSmoothing = j.value("labelSmoothing", p.labelSmoothing);
        p.seed = j.value("seed", p.seed);
        p.threads = j.value("threads", p.threads);
        p.device = j.value("device", p.device);
        p.precision = j.value("precision", p.precision);
        p.checkpointDir = j.value("checkpointDir", p.checkpointDir);
        p.resume = j.value("resume", p.resume);
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::BadFormat, std::string("training parameters: ") + e.what());
    }
    if (auto s = validateTrainParams(p); !s) return makeError(ErrorCode::BadFormat, "training parameters: " + s.error().message);
    return p;
}

Result<std::vector<double>> classWeightsFor(const std::vector<std::int32_t>& labels, int numClasses,
                                            const std::string& scheme, double beta) {
    if (numClasses < 1) return makeError(ErrorCode::InvalidArgument, "class weights: the class count must be positive");
    std::vector<std::int64_t> counts(static_cast<std::size_t>(numClasses), 0);
    for (auto l : labels) {
        if (l < 0 || l >= numClasses)
            return makeError(ErrorCode::InvalidArgument, "class weights: label " + std::to_string(l) + " out of range");
        ++counts[static_cast<std::size_t>(l)];
    }
    std::vector<double> w(counts.size(), 0.0);
    int seen = 0;
    for (auto c : counts) seen += c > 0;
    if (scheme == "none") {
        for (std::size_t c = 0; c < counts.size(); ++c) w[c] = counts[c] > 0 ? 1.0 : 0.0;
    } else if (scheme == "inverse") {
        // sklearn's compute_class_weight("balanced") over the classes seen.
        for (std::size_t c = 0; c < counts.size(); ++c)
            if (counts[c] > 0) w[c] = static_cast<double>(labels.size()) / (static_cast<double>(seen) * static_cast<double>(counts[c]));
    } else if (scheme == "effective") {
        if (!(beta > 0 && beta < 1)) return makeError(ErrorCode::InvalidArgument, "class weights: beta must be in (0, 1)");
        double sum = 0;
        for (std::size_t c = 0; c < counts.size(); ++c)
            if (counts[c] > 0) sum += w[c] = (1.0 - beta) / (1.0 - std::pow(beta, static_cast<double>(counts[c])));
        for (auto& x : w) x *= static_cast<double>(seen) / sum;
    } else {
        return makeError(ErrorCode::InvalidArgument, "class weights '" + scheme + "' are unknown (expected none, inverse or effective)");
    }
    return w;
}

std::string headCheckpointPath(const std::string& checkpointDir) { return checkpointDir + "/head-checkpoint.pt"; }

}  // namespace taxo
