#pragma once
// Torch-internal (include only from core/train .cpp files): the pieces of a training loop that head training on
// cached features and end-to-end training on photos share, so both report the same metrics and stop the same way.
#include <torch/torch.h>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/models/heads.h"
#include "core/train/cpu_autocast.h"
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

// ---- one epoch ------------------------------------------------------------------------------------------------

// What a training epoch shows, accumulated batch by batch as Keras' progress bar does. Logits stay on their device
// until metrics() so that a batch costs no host copy.
class EpochAccumulator {
public:
    void add(double batchLoss, const torch::Tensor& logits, const std::vector<std::int32_t>& batchLabels);
    EpochMetrics metrics(int numClasses) const;

private:
    double lossSum_ = 0;
    std::vector<torch::Tensor> logits_;
    std::vector<std::int32_t> labels_;
};

// Keras class_weight: each row's loss times its class weight, averaged over the batch size; plus the L2 penalty of
// `l2`. Steps the optimizer (an AdamW through fusedAdamWStep) and returns the loss value, or a Numeric error naming
// epoch and batch (1-based); `hint` completes the message with the likely cause.
// The penalty is not differentiated by autograd: its value is a dot product per kernel and its gradient,
// 2 * factor * w, is added to the kernel's gradient in one pass (autograd's pow, sum and their backward made as many
// passes over the weights as the rest of the batch: 6.5 against 3.1 ms per ConvNextFull batch, bf16, one thread).
Result<double> trainStep(torch::optim::Optimizer& optimizer, const torch::Tensor& logits, const torch::Tensor& targets,
                         const torch::Tensor& classWeight, const std::vector<L2Term>& l2, double smoothing, int epoch,
                         std::size_t batch, const std::string& hint);

// Validation metrics from eval-mode logits. Keras: class weights are for training only, but the regularisation penalty
// (of `l2`) is part of val_loss. A Numeric error when the loss is not finite.
Result<EpochMetrics> validationMetrics(const torch::Tensor& logits, const std::vector<std::int32_t>& labels,
                                       const std::vector<L2Term>& l2, double smoothing, int numClasses, int epoch,
                                       const std::string& hint);

// ---- files ----------------------------------------------------------------------------------------------------

using ArchiveWriter = std::function<void(torch::serialize::OutputArchive&)>;
using ArchiveReader = std::function<Status(torch::serialize::InputArchive&)>;

// A checkpoint: the loop state, format and fingerprint as JSON under "meta", then what writeWeights adds; written
// atomically to path inside dir (created when missing).
Status saveCheckpointFile(const std::string& dir, const std::string& path, const std::string& print, const LoopState& s,
                          const ArchiveWriter& writeWeights);
// false (no error) when path does not exist. `what` names the kind ("head training checkpoint") and `data` what
// the fingerprint covers ("features", "photos") in the messages.
Result<bool> loadCheckpointFile(const std::string& path, const std::string& print, const torch::Device& device,
                                const std::string& what, const std::string& data, LoopState& s,
                                const ArchiveReader& readWeights);

// A model file: meta (with "format" added) as a JSON string under metaKey, then what writeWeights adds; atomic.
Status saveModelFile(const std::string& path, const std::string& metaKey, nlohmann::json meta, int format,
                     const std::string& what, const ArchiveWriter& writeWeights);
// Loads path into archive (tensors on device) and returns its meta after checking metaKey and format.
Result<nlohmann::json> openModelFile(const std::string& path, const std::string& metaKey, int format,
                                     const torch::Device& device, const std::string& what,
                                     torch::serialize::InputArchive& archive);

}  // namespace taxo::trainloop
