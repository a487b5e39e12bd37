#pragma once
// Trains one of the study's heads on in-memory features (cached embeddings). No LibTorch in this header.
// Shape of a core job: parameters with defaults, plain callbacks, a JobControl for pause/resume/cancel.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/job.h"
#include "core/common/result.h"
#include "core/models/head_config.h"
#include "core/train/feature_set.h"

namespace taxo {

struct TrainParams {
    HeadConfig head;
    int batchSize = 32;
    int epochs = 13;  // the study's: its heads overfit after 13
    double learningRate = 1e-4, weightDecay = 3e-4;  // AdamW (decoupled decay, as Keras' AdamW)
    int patience = 3;  // epochs without improvement before stopping; <= 0 disables early stopping
    std::string monitor = "val_macro_f1";  // val_macro_f1 | val_accuracy | val_top5 | val_loss (minimised)
    // Per-class loss weights: none | inverse (N / (C * n_c), sklearn's "balanced") |
    // effective ((1-beta)/(1-beta^n_c), Cui et al. 2019, scaled to mean 1 over the classes seen in training).
    std::string classWeights = "none";
    double effectiveBeta = 0.999;
    bool balancedSampler = false;  // each epoch: N draws, class uniform among seen classes, then a row of it
    double labelSmoothing = 0;     // 0..1, Keras CategoricalCrossentropy(label_smoothing)
    std::uint64_t seed = 42;
    int threads = 0;                // 0 = all cores (sets torch's intra-op thread count, process-wide)
    std::string device = "auto";    // cpu | cuda | auto
    // fp32 | bf16. bf16: mixed precision on the CPU (autocast: bfloat16 matrix products through oneDNN, AMX/AVX-512
    // where the CPU has them; float32 master weights, optimizer state, loss, validation and metrics). CPU only: a
    // bf16 run on CUDA is an InvalidArgument error. Changes results slightly, so fp32 stays the default.
    std::string precision = "fp32";
    // When set: an atomic checkpoint (model, optimizer, epoch, best weights and score, history) after every epoch.
    std::string checkpointDir;
    bool resume = false;  // continue from checkpointDir's checkpoint when present (same data and params; epochs may grow)
};

nlohmann::json toJson(const TrainParams& params);
// Missing keys keep the defaults above; unknown values are errors.
Result<TrainParams> trainParamsFromJson(const nlohmann::json& json);
Status validateTrainParams(const TrainParams& params);

struct EpochMetrics {
    double loss = 0;      // mean cross-entropy (class-weighted, smoothed) plus the L2 penalty, as Keras reports it
    double accuracy = 0;  // 0..1
    double macroF1 = 0;   // sklearn definition (classes present in y_true or y_pred)
    double top5 = 0;      // top-5 accuracy
};

// {"loss", "accuracy", "macro_f1", "top5"}: the keys runs, the store and the app use.
nlohmann::json toJson(const EpochMetrics& metrics);

struct EpochRecord {
    int epoch = 0;       // 1-based
    EpochMetrics train;  // accumulated over the epoch's batches in training mode (dropout on), as Keras shows them
    EpochMetrics val;    // after the epoch, evaluation mode
    double seconds = 0;  // wall time of the epoch
};

struct TrainCallbacks {
    std::function<void(int epoch, int batch, double loss)> onBatch;  // epoch and batch 1-based; loss of that batch
    std::function<void(int epoch, const EpochMetrics& train, const EpochMetrics& val)> onEpoch;
    ProgressFn progress;  // batches done of epochs x batches
};

// A trained head ready to predict; cheap to copy (shared, immutable after training).
class TrainedHead {
public:
    TrainedHead();
    ~TrainedHead();
    TrainedHead(const TrainedHead&);
    TrainedHead& operator=(const TrainedHead&);

    bool valid() const;
    const HeadConfig& config() const;
    int numClasses() const;
    std::int64_t embeddingDim() const;
    // rows x numClasses softmax probabilities (0..1), row-major. features.labels are ignored.
    Result<std::vector<float>> predictProbabilities(const FeatureSet& features) const;

    struct Impl;
    explicit TrainedHead(std::shared_ptr<Impl> impl);
    const std::shared_ptr<Impl>& impl() const { return impl_; }

private:
    std::shared_ptr<Impl> impl_;
};

// One file: config, class count, embedding dim, parameters and buffers (torch archive), written atomically.
Status saveHead(const TrainedHead& head, const std::string& path);
Result<TrainedHead> loadHead(const std::string& path, const std::string& device = "cpu");

struct TrainOutcome {
    std::vector<EpochRecord> history;  // every epoch run, including those before a resume
    int bestEpoch = 0;                 // 1-based; its weights are the ones in `head`
    double bestScore = 0;              // the monitored value at bestEpoch
    bool stoppedEarly = false;
    bool resumed = false;  // this call continued from a checkpoint
    TrainedHead head;
};

// train and val labels must be in 0..numClasses-1 and share one embedding dim. Errors: InvalidArgument (bad data or
// params), Numeric (NaN/inf loss), Cancelled (JobControl; the last finished epoch is in the checkpoint, if any),
// Io/BadFormat (checkpoint).
Result<TrainOutcome> trainHead(const FeatureSet& train, const FeatureSet& val, int numClasses,
                               const TrainParams& params, const TrainCallbacks& callbacks = {},
                               JobControl* control = nullptr);

// [{"epoch":1,"train":{"loss","accuracy","macroF1","top5"},"val":{...},"seconds":..}, ...] (for run stores and charts).
nlohmann::json historyToJson(const std::vector<EpochRecord>& history);
Result<std::vector<EpochRecord>> historyFromJson(const nlohmann::json& json);

// Per-class weights for the `classWeights` setting (exposed for tests and the UI); 0 for classes without rows.
Result<std::vector<double>> classWeightsFor(const std::vector<std::int32_t>& labels, int numClasses,
                                            const std::string& scheme, double effectiveBeta);

// The row order of one training epoch (1-based): a seeded permutation of all rows, or with balancedSampler, rows
// drawn with replacement after a class drawn uniformly among the classes that have rows. Depends only on
// (seed, epoch, labels, sampler), which is what lets a resumed run continue exactly.
std::vector<std::int64_t> epochSampleOrder(const FeatureSet& train, int numClasses, const TrainParams& params, int epoch);

// Path of the checkpoint file inside a checkpoint folder.
std::string headCheckpointPath(const std::string& checkpointDir);

}  // namespace taxo
