#include "core/train/train_loop.h"

#include <cmath>

#include "core/eval/metrics.h"

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

}  // namespace taxo::trainloop
