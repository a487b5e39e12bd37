#include "core/train/train_loop.h"

#include <cmath>
#include <filesystem>
#include <sstream>

#include "core/common/atomic_file.h"

#include "core/eval/metrics.h"
#include "core/train/fused_adamw.h"

namespace taxo::trainloop {

std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
    std::uint64_t z = seed ^ (a * 0x9E3779B97F4A7C15ULL) ^ (b * 0xC2B2AE3D27D4EB4FULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

std::vector<std::pair<std::int64_t, std::int64_t>> batchRanges(std::int64_t rows, int batchSize) {
    std::vector<std::pair<std::int64_t, std::int64_t>> ranges;
    for (std::int64_t s = 0; s < rows; s += batchSize) ranges.emplace_back(s, std::min<std::int64_t>(s + batchSize, rows));
    if (ranges.size() > 1 && ranges.back().second - ranges.back().first == 1) {
        ranges[ranges.size() - 2].second = rows;
        ranges.pop_back();
    }
    return ranges;
}

torch::Tensor rowLosses(const torch::Tensor& logits, const torch::Tensor& targets, double smoothing) {
    auto logp = torch::log_softmax(logits, 1);
    auto nll = -logp.gather(1, targets.unsqueeze(1)).squeeze(1);
    if (smoothing <= 0) return nll;
    return (1.0 - smoothing) * nll + smoothing * (-logp.mean(1));
}

EpochMetrics metricsOf(const std::vector<std::int32_t>& labels, const std::vector<float>& probs, int numClasses,
                       double loss) {
    EpochMetrics m;
    m.loss = loss;
    MetricsOptions opt;
    opt.topK = kTopK;
    auto rep = computeMetricsFromProbabilities(labels, probs, numClasses, opt);
    if (rep) {
        m.accuracy = rep->accuracy;
        m.macroF1 = rep->macroF1;
        m.top5 = rep->topKAccuracy;
    }
    return m;
}

std::vector<float> toHost(const torch::Tensor& t) {
    auto c = t.to(torch::kCPU).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

double monitored(const EpochMetrics& val, const std::string& monitor) {
    if (monitor == "val_accuracy") return val.accuracy;
    if (monitor == "val_top5") return val.top5;
    if (monitor == "val_loss") return val.loss;
    return val.macroF1;
}

bool LoopState::record(const EpochRecord& r, const TrainParams& params) {
    history.push_back(r);
    epochsDone = r.epoch;
    // Keras EarlyStopping(min_delta=0, restore_best_weights=True): strictly better resets the wait.
    const bool maximise = params.monitor != "val_loss";
    const double score = monitored(r.val, params.monitor);
    if (bestEpoch == 0 || (maximise ? score > bestScore : score < bestScore)) {
        bestEpoch = r.epoch;
        bestScore = score;
        wait = 0;
        return true;
    }
    if (params.patience > 0 && ++wait >= params.patience) stoppedEarly = true;
    return false;
}

nlohmann::json LoopState::toJson() const {
    return {{"epochsDone", epochsDone}, {"bestEpoch", bestEpoch},       {"bestScore", bestScore},
            {"wait", wait},             {"stoppedEarly", stoppedEarly}, {"history", historyToJson(history)}};
}

Status LoopState::fromJson(const nlohmann::json& meta, const std::string& path) {
    try {
        epochsDone = meta.at("epochsDone").get<int>();
        bestEpoch = meta.at("bestEpoch").get<int>();
        bestScore = meta.at("bestScore").get<double>();
        wait = meta.at("wait").get<int>();
        stoppedEarly = meta.at("stoppedEarly").get<bool>();
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::BadFormat, path + ": " + e.what());
    }
    auto h = historyFromJson(meta.at("history"));
    if (!h) return makeError(ErrorCode::BadFormat, path + ": " + h.error().message);
    history = std::move(*h);
    return {};
}

std::string nonFiniteWord(double value) { return std::isnan(value) ? "NaN" : "infinite"; }

void EpochAccumulator::add(double batchLoss, const torch::Tensor& logits, const std::vector<std::int32_t>& batchLabels) {
    lossSum_ += batchLoss * static_cast<double>(batchLabels.size());
    logits_.push_back(logits.detach());
    labels_.insert(labels_.end(), batchLabels.begin(), batchLabels.end());
}

EpochMetrics EpochAccumulator::metrics(int numClasses) const {
    const double loss = labels_.empty() ? 0 : lossSum_ / static_cast<double>(labels_.size());
    if (logits_.empty()) return metricsOf(labels_, {}, numClasses, loss);
    return metricsOf(labels_, toHost(torch::softmax(torch::cat(logits_, 0), 1)), numClasses, loss);
}

Result<double> trainStep(torch::optim::Optimizer& optimizer, const torch::Tensor& logits, const torch::Tensor& targets,
                         const torch::Tensor& classWeight, const std::vector<L2Term>& l2, double smoothing, int epoch,
                         std::size_t batch, const std::string& hint) {
    const auto dataLoss = (rowLosses(logits, targets, smoothing) * classWeight.index_select(0, targets)).mean();
    const double value = (dataLoss.detach() + l2Value(l2, dataLoss.options())).item<double>();
    if (!std::isfinite(value))
        return makeError(ErrorCode::Numeric, "training loss became " + nonFiniteWord(value) + " in epoch " +
                                                 std::to_string(epoch) + ", batch " + std::to_string(batch) + " (" +
                                                 hint + "); run stopped");
    // Gradients dropped rather than zeroed (PyTorch's zero_grad(set_to_none=True)): backward then hands each
    // parameter its fresh gradient instead of adding it to zeros, two passes fewer over the parameters. Every
    // parameter of both trainers' networks gets a gradient in every batch, so AdamW updates the same ones.
    for (auto& group : optimizer.param_groups())
        for (auto& p : group.params()) p.mutable_grad().reset();
    dataLoss.backward();
    addL2Gradients(l2);
    stepOptimizer(optimizer);  // AdamW in one pass over memory (core/train/fused_adamw.h)
    return value;
}

Result<EpochMetrics> validationMetrics(const torch::Tensor& logits, const std::vector<std::int32_t>& labels,
                                       const std::vector<L2Term>& l2, double smoothing, int numClasses, int epoch,
                                       const std::string& hint) {
    torch::NoGradGuard noGrad;
    const auto targets =
        torch::tensor(std::vector<std::int64_t>(labels.begin(), labels.end()), torch::kInt64).to(logits.device());
    const auto dataLoss = rowLosses(logits, targets, smoothing).mean();
    const double loss = (dataLoss + l2Value(l2, dataLoss.options())).item<double>();
    if (!std::isfinite(loss))
        return makeError(ErrorCode::Numeric, "validation loss became " + nonFiniteWord(loss) + " after epoch " +
                                                 std::to_string(epoch) + hint + "; run stopped");
    return metricsOf(labels, toHost(torch::softmax(logits, 1)), numClasses, loss);
}

namespace {
constexpr int kCheckpointFormat = 1;
}

Status saveCheckpointFile(const std::string& dir, const std::string& path, const std::string& print, const LoopState& s,
                          const ArchiveWriter& writeWeights) {
    nlohmann::json meta = s.toJson();
    meta["format"] = kCheckpointFormat;
    meta["fingerprint"] = print;
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        archive.write("meta", c10::IValue(meta.dump()));
        writeWeights(archive);
        archive.save_to(bytes);
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, dir + ": cannot serialise the checkpoint: " + e.what_without_backtrace());
    }
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return makeError(ErrorCode::Io, dir + ": cannot create the checkpoint folder: " + ec.message());
    return writeFileAtomically(path, bytes.str());
}

Result<bool> loadCheckpointFile(const std::string& path, const std::string& print, const torch::Device& device,
                                const std::string& what, const std::string& data, LoopState& s,
                                const ArchiveReader& readWeights) {
    if (!std::filesystem::exists(path)) return false;
    auto bytes = readWholeFile(path);
    if (!bytes) return bytes.error();
    try {
        std::istringstream in(*bytes);
        torch::serialize::InputArchive archive;
        archive.load_from(in, device);
        c10::IValue metaValue;
        if (!archive.try_read("meta", metaValue) || !metaValue.isString())
            return makeError(ErrorCode::BadFormat, path + ": not a " + what);
        const auto meta = nlohmann::json::parse(metaValue.toStringRef());
        if (meta.value("format", 0) != kCheckpointFormat)
            return makeError(ErrorCode::BadFormat, path + ": unsupported checkpoint format");
        if (meta.at("fingerprint").get<std::string>() != print)
            return makeError(ErrorCode::InvalidArgument,
                             path + ": written for different " + data + " or training parameters; cannot resume "
                                    "(start a new run or use the same data and settings)");
        if (auto st = readWeights(archive); !st) return st.error();
        if (auto st = s.fromJson(meta, path); !st) return st.error();
        return true;
    } catch (const std::exception& e) {
        return makeError(ErrorCode::BadFormat, path + ": cannot read the checkpoint: " + e.what());
    }
}

Status saveModelFile(const std::string& path, const std::string& metaKey, nlohmann::json meta, int format,
                     const std::string& what, const ArchiveWriter& writeWeights) {
    std::ostringstream bytes;
    try {
        torch::serialize::OutputArchive archive;
        meta["format"] = format;
        archive.write(metaKey, c10::IValue(meta.dump()));
        writeWeights(archive);
        archive.save_to(bytes);
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, path + ": cannot serialise the " + what + ": " + e.what_without_backtrace());
    }
    return writeFileAtomically(path, bytes.str());
}

Result<nlohmann::json> openModelFile(const std::string& path, const std::string& metaKey, int format,
                                     const torch::Device& device, const std::string& what,
                                     torch::serialize::InputArchive& archive) {
    auto bytes = readWholeFile(path);
    if (!bytes) return bytes.error();
    std::istringstream in(*bytes);
    archive.load_from(in, device);
    c10::IValue metaValue;
    if (!archive.try_read(metaKey, metaValue) || !metaValue.isString())
        return makeError(ErrorCode::BadFormat, path + ": not a Taxoscope " + what);
    auto meta = nlohmann::json::parse(metaValue.toStringRef(), nullptr, false);
    if (meta.is_discarded() || meta.value("format", 0) != format)
        return makeError(ErrorCode::BadFormat, path + ": unsupported " + what + " format");
    return meta;
}

}  // namespace taxo::trainloop
