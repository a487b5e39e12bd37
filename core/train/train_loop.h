#pragma once
// Torch-internal (include only from core/train .cpp files): the pieces of a training loop that head training on
// cached features and end-to-end training on photos share, so both report the same metrics and stop the same way.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/train/head_trainer.h"

namespace taxo::trainloop {

constexpr int kTopK = 5;

// SplitMix64: independent streams for (seed, a, b). Shuffles, dropout masks and augmentations depend only on these,
// so a resumed run needs no saved generator state to continue exactly where the killed one would have.
std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b);

// Batch boundaries; a trailing batch of one row joins the previous one (batch norm cannot train on a single row).
std::vector<std::pair<std::int64_t, std::int64_t>> batchRanges(std::int64_t rows, int batchSize);

// Keras CategoricalCrossentropy(label_smoothing) per row: (1-s) * NLL + s * mean over classes of -log p.
torch::Tensor rowLosses(const torch::Tensor& logits, const torch::Tensor& targets, double smoothing);

// Accuracy, macro-F1 and top-5 from probabilities (rows x numClasses), with the given mean loss.
EpochMetrics metricsOf(const std::vector<std::int32_t>& labels, const std::vector<float>& probs, int numClasses,
                       double loss);

std::vector<float> toHost(const torch::Tensor& t);

// The value params.monitor names (val_loss is minimised, the others maximised).
double monitored(const EpochMetrics& val, const std::string& monitor);

// Keras EarlyStopping(min_delta=0, restore_best_weights=True) bookkeeping shared by both trainers.
struct LoopState {
    std::vector<EpochRecord> history;
    int epochsDone = 0;
    int bestEpoch = 0;
    double bestScore = 0;
    int wait = 0;
    bool stoppedEarly = false;

    // Records an epoch; true when it is the new best (the caller snapshots its weights).
    bool record(const EpochRecord& r, const TrainParams& params);
    nlohmann::json toJson() const;  // everything but the weights
    Status fromJson(const nlohmann::json& meta, const std::string& pathForErrors);
};

std::string nonFiniteWord(double value);  // "NaN" or "infinite"

}  // namespace taxo::trainloop
