#pragma once
// A training run, as the app and the CLI start it: every run is stored in the project and reproducible from its
// config. Steps: create the run (runs/<id>/config.json) -> extract missing embeddings into the feature cache ->
// train the head on cached features (a checkpoint every epoch, each epoch's metrics into the store) -> evaluate on
// validation and test -> save the model bundle (runs/<id>/model) and the predictions. A killed run resumes with
// `resumeRunId` and ends with the same result as an uninterrupted one.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/job.h"
#include "core/eval/metrics.h"
#include "core/train/head_trainer.h"

namespace taxo {

struct RunConfig {
    std::string name;                                  // for people; empty: "<head> on <backbone>"
    std::string backboneId = "mobilenet_v2_imagenet";
    TrainParams train;                                 // head, batch, epochs, AdamW, early stopping, imbalance, seed...
    std::string augmentation = "none";                 // preset of the cached augmented training views
    int augmentViews = 0;                              // K augmented views per training photo (0: none)
    std::optional<std::int64_t> splitId;               // empty: the project's active split
    int batchSizeExtract = 32;
    // End to end from the photos instead of cached embeddings: fine-tune the backbone's last N blocks (at their own,
    // lower learning rate, as the study tried), or train one of the study's from-scratch CNNs. Augmentation is then
    // applied on the fly each epoch rather than through cached views.
    int unfreezeBlocks = 0;
    double backboneLearningRate = 1e-5;
    std::string scratchModel;  // "scratch_sequential" | "scratch_cnn2"; empty: backbone + head
    bool endToEnd() const { return unfreezeBlocks > 0 || !scratchModel.empty(); }
    nlohmann::json toJson() const;
    static Result<RunConfig> fromJson(const nlohmann::json& json);
};

struct RunCallbacks {
    std::function<void(const std::string& phase)> onPhase;  // "extracting features", "training", "evaluating"
    TrainCallbacks train;
};

struct RunParams {
    std::string projectDir;
    RunConfig config;
    std::optional<std::int64_t> resumeRunId;  // continue this run from its checkpoint (its stored config is used)
    std::string modelsDir;                    // empty: defaultModelsDir()
    RunCallbacks callbacks;
    ProgressFn progress;
    JobControl* control = nullptr;
};

struct PartEvaluation {
    std::string part;  // "val" or "test"
    ClassificationReport report;
};

struct RunResult {
    std::int64_t runId = 0;
    std::string runDir, modelDir;
    std::vector<std::string> classNames;
    TrainOutcome outcome;
    std::vector<PartEvaluation> evaluations;  // val, then test when the split has one
    nlohmann::json toJson() const;
};

Result<RunResult> trainRun(const RunParams& params);

// Evaluates a finished run's model on a part of its split from cached features; writes metrics files to
// runs/<id>/eval-<part>/ (metrics.json, per_class.csv, confusion.csv).
Result<PartEvaluation> evaluateRun(const std::string& projectDir, std::int64_t runId, const std::string& part,
                                   const std::string& modelsDir = {});

std::string runDirectory(const std::string& projectDir, std::int64_t runId);

}  // namespace taxo
