// Head training on in-memory features: AdamW, seeded shuffling, early stopping with best weights, per-epoch
// checkpoints that a resumed run continues bit for bit.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <random>

#include <ATen/CPUGeneratorImpl.h>

#include "core/common/content_hash.h"
#include "core/eval/metrics.h"
#include "core/train/compute_setup.h"
#include "core/train/trained_head_impl.h"
#include "core/train/train_loop.h"

namespace taxo {

using namespace trainloop;

namespace {

// Uniform in [0, n) without the implementation-defined std::uniform_int_distribution, so orders match across platforms.
std::uint64_t below(std::mt19937_64& rng, std::uint64_t n) {
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
    std::uint64_t x;
    do x = rng();
    while (x >= limit);
    return x % n;
}

}  // namespace

nlohmann::json toJson(const EpochMetrics& m) {
    return {{"loss", m.loss}, {"accuracy", m.accuracy}, {"macro_f1", m.macroF1}, {"top5", m.top5}};
}

std::vector<std::int64_t> epochSampleOrder(const FeatureSet& train, int numClasses, const TrainParams& p, int epoch) {
    std::mt19937_64 rng(mix(p.seed, static_cast<std::uint64_t>(epoch), 1));
    const auto n = static_cast<std::size_t>(train.rows);
    std::vector<std::int64_t> order(n);
    if (p.balancedSampler) {
        std::vector<std::vector<std::int64_t>> byClass(static_cast<std::size_t>(numClasses));
        for (std::size_t i = 0; i < n; ++i) byClass[static_cast<std::size_t>(train.labels[i])].push_back(static_cast<std::int64_t>(i));
        std::vector<int> seen;
        for (int c = 0; c < numClasses; ++c)
            if (!byClass[static_cast<std::size_t>(c)].empty()) seen.push_back(c);
        for (auto& slot : order) {
            const auto& rows = byClass[static_cast<std::size_t>(seen[below(rng, seen.size())])];
            slot = rows[below(rng, rows.size())];
        }
    } else {
        std::iota(order.begin(), order.end(), 0);
        for (std::size_t i = n; i > 1; --i) std::swap(order[i - 1], order[below(rng, i)]);
    }
    return order;
}

namespace {

EpochMetrics epochMetricsFromJson(const nlohmann::json& j) {
    EpochMetrics m;
    m.loss = j.at("loss").get<double>();
    m.accuracy = j.at("accuracy").get<double>();
    m.macroF1 = j.at("macro_f1").get<double>();
    m.top5 = j.at("top5").get<double>();
    return m;
}

// What a checkpoint must agree on to be resumed: data and every parameter except those a resume may change.
std::string fingerprint(const FeatureSet& train, const FeatureSet& val, int numClasses, const TrainParams& p) {
    auto j = toJson(p);
    for (const char* k : {"epochs", "threads", "device", "checkpointDir", "resume"}) j.erase(k);
    if (p.precision == "fp32") j.erase("precision");  // as checkpoints written before the option read
    j["numClasses"] = numClasses;
    j["train"] = {train.rows, train.dim, hashBytes(train.values.data(), train.values.size() * sizeof(float)),
                  hashBytes(train.labels.data(), train.labels.size() * sizeof(std::int32_t))};
    j["val"] = {val.rows, val.dim, hashBytes(val.values.data(), val.values.size() * sizeof(float)),
                hashBytes(val.labels.data(), val.labels.size() * sizeof(std::int32_t))};
    return j.dump();
}

Status saveCheckpoint(const std::string& dir, const std::string& print, const LoopState& s, Head& model, Head& best,
                      torch::optim::AdamW& optimizer) {
    return saveCheckpointFile(dir, headCheckpointPath(dir), print, s, [&](torch::serialize::OutputArchive& archive) {
        torch::serialize::OutputArchive m, b, o;
        model->save(m);
        best->save(b);
        optimizer.save(o);
        archive.write("model", m);
        archive.write("best", b);
        archive.write("optimizer", o);
    });
}

// Returns false (no error) when there is no checkpoint to resume.
Result<bool> loadCheckpoint(const std::string& dir, const std::string& print, const torch::Device& device,
                            LoopState& s, Head& model, Head& best, torch::optim::AdamW& optimizer) {
    return loadCheckpointFile(headCheckpointPath(dir), print, device, "head training checkpoint", "features", s,
                              [&](torch::serialize::InputArchive& archive) -> Status {
                                  torch::serialize::InputArchive m, b, o;
                                  archive.read("model", m);
                                  archive.read("best", b);
                                  archive.read("optimizer", o);
                                  model->load(m);
                                  best->load(b);
                                  optimizer.load(o);
                                  return {};
                              });
}

bool hasBatchNorm(const HeadConfig& c) {
    const auto k = canonicalHeadKind(c.kind);
    return k == "mid" || k == "full";
}

}  // namespace

nlohmann::json historyToJson(const std::vector<EpochRecord>& history) {
    auto hist = nlohmann::json::array();
    for (const auto& r : history)
        hist.push_back({{"epoch", r.epoch}, {"train", toJson(r.train)}, {"val", toJson(r.val)}, {"seconds", r.seconds}});
    return hist;
}

Result<std::vector<EpochRecord>> historyFromJson(const nlohmann::json& json) {
    try {
        std::vector<EpochRecord> history;
        for (const auto& r : json)
            history.push_back({r.at("epoch").get<int>(), epochMetricsFromJson(r.at("train")),
                               epochMetricsFromJson(r.at("val")), r.at("seconds").get<double>()});
        return history;
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::BadFormat, std::string("training history: ") + e.what());
    }
}

Result<TrainOutcome> trainHead(const FeatureSet& train, const FeatureSet& val, int numClasses,
                               const TrainParams& params, const TrainCallbacks& callbacks, JobControl* control) {
    if (numClasses < 1) return makeError(ErrorCode::InvalidArgument, "training: the class count must be positive");
    if (auto s = validateTrainParams(params); !s) return s.error();
    if (auto s = validateFeatureSet(train, numClasses, "training features"); !s) return s.error();
    if (auto s = validateFeatureSet(val, numClasses, "validation features"); !s) return s.error();
    if (train.dim != val.dim)
        return makeError(ErrorCode::InvalidArgument, "training features have " + std::to_string(train.dim) +
                                                         " dims but validation features " + std::to_string(val.dim));
    if (train.rows < 2 && hasBatchNorm(params.head))
        return makeError(ErrorCode::InvalidArgument, "training features: batch norm needs at least 2 rows");
    auto weights = classWeightsFor(train.labels, numClasses, params.classWeights, params.effectiveBeta);
    if (!weights) return weights.error();
    auto device = setUpCompute(params.device, params.threads);
    if (!device) return device.error();
    const bool bf16 = params.precision == "bf16";
    if (bf16 && !device->is_cpu())
        return makeError(ErrorCode::InvalidArgument, "training: bf16 precision is implemented for the CPU only; "
                                                     "the device resolved to " + device->str() + " (use fp32 there)");
    try {
        HeadConfig headConfig = params.head;
        headConfig.kind = canonicalHeadKind(headConfig.kind);
        auto initGen = at::detail::createCPUGenerator(mix(params.seed, 0, 0));
        Head model(headConfig, train.dim, numClasses, initGen);
        Head best(headConfig, train.dim, numClasses, initGen);
        model->to(*device);
        best->to(*device);
        auto dropoutGen = at::detail::createCPUGenerator(0);
        model->setDropoutGenerator(&dropoutGen);
        // Keras' AdamW: decoupled decay on every variable (BN scale and shift included), epsilon 1e-7.
        torch::optim::AdamW optimizer(model->parameters(), torch::optim::AdamWOptions(params.learningRate)
                                                               .weight_decay(params.weightDecay)
                                                               .eps(1e-7));

        const auto xTrain = featuresToTensor(train, *device);
        const auto yTrain = torch::tensor(std::vector<std::int64_t>(train.labels.begin(), train.labels.end()),
                                          torch::kInt64).to(*device);
        const auto xVal = featuresToTensor(val, *device);
        const auto classWeight = torch::tensor(std::vector<float>(weights->begin(), weights->end()), torch::kFloat32)
                                     .to(*device);

        const std::string print = params.checkpointDir.empty() ? std::string() : fingerprint(train, val, numClasses, params);
        LoopState state;
        bool resumed = false;
        if (params.resume) {
            auto loaded = loadCheckpoint(params.checkpointDir, print, *device, state, model, best, optimizer);
            if (!loaded) return loaded.error();
            resumed = *loaded;
        }
        const auto ranges = batchRanges(train.rows, params.batchSize);
        ProgressReporter progress(callbacks.progress, "training",
                                  static_cast<std::int64_t>(ranges.size()) * params.epochs);

        for (int epoch = state.epochsDone + 1; epoch <= params.epochs && !state.stoppedEarly; ++epoch) {
            const auto start = std::chrono::steady_clock::now();
            const auto order = epochSampleOrder(train, numClasses, params, epoch);
            const auto orderTensor = torch::tensor(order, torch::kInt64).to(*device);
            dropoutGen.set_current_seed(mix(params.seed, static_cast<std::uint64_t>(epoch), 2));
            model->train();

            EpochAccumulator seen;
            std::vector<std::int32_t> batchLabels;
            for (std::size_t b = 0; b < ranges.size(); ++b) {
                if (control && !control->checkpoint())
                    return makeError(ErrorCode::Cancelled, "training cancelled in epoch " + std::to_string(epoch));
                const auto [from, to] = ranges[b];
                const auto idx = orderTensor.slice(0, from, to);
                torch::Tensor logits;
                {
                    CpuAutocast mixed(bf16);
                    logits = model->forward(xTrain.index_select(0, idx));
                }
                // Loss, softmax and metrics in float32 (autocast only lowers the products).
                if (logits.scalar_type() != torch::kFloat32) logits = logits.to(torch::kFloat32);
                auto value = trainStep(optimizer, logits, yTrain.index_select(0, idx), classWeight, model->l2Terms(),
                                       params.labelSmoothing, epoch, b + 1,
                                       "features with NaN/inf values, or a learning rate too high");
                if (!value) return value.error();
                batchLabels.clear();
                for (std::int64_t i = from; i < to; ++i)
                    batchLabels.push_back(train.labels[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])]);
                seen.add(*value, logits, batchLabels);
                if (callbacks.onBatch) callbacks.onBatch(epoch, static_cast<int>(b + 1), *value);
                progress.update(static_cast<std::int64_t>((epoch - 1) * ranges.size() + b + 1),
                                "epoch " + std::to_string(epoch) + " of " + std::to_string(params.epochs));
            }

            EpochRecord record;
            record.epoch = epoch;
            record.train = seen.metrics(numClasses);
            {
                torch::NoGradGuard noGrad;
                auto valMetrics = validationMetrics(headLogits(*model, xVal), val.labels, model->l2Terms(),
                                                    params.labelSmoothing, numClasses, epoch,
                                                    " (validation features with NaN/inf values?)");
                if (!valMetrics) return valMetrics.error();
                record.val = *valMetrics;
            }
            record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (state.record(record, params)) restoreState(*best, snapshotState(*model));
            if (!params.checkpointDir.empty())
                if (auto s = saveCheckpoint(params.checkpointDir, print, state, model, best, optimizer); !s) return s.error();
            if (callbacks.onEpoch) callbacks.onEpoch(epoch, record.train, record.val);
        }

        restoreState(*model, snapshotState(*best));
        model->setDropoutGenerator(nullptr);
        model->eval();
        TrainOutcome outcome;
        outcome.history = state.history;
        outcome.bestEpoch = state.bestEpoch;
        outcome.bestScore = state.bestScore;
        outcome.stoppedEarly = state.stoppedEarly;
        outcome.resumed = resumed;
        outcome.head = TrainedHead(std::make_shared<TrainedHead::Impl>(model, *device, numClasses));
        progress.finish();
        return outcome;
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, std::string("training: ") + e.what_without_backtrace());
    }
}

}  // namespace taxo
