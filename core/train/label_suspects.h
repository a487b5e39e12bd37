#pragma once
// Likely label errors: every specimen is predicted by a head that never saw it (k-fold cross-validation on cached
// features), and specimens whose given label that prediction confidently contradicts are listed for review,
// together with those whose given label gets the least probability. No LibTorch in this header.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/job.h"
#include "core/common/result.h"
#include "core/train/feature_set.h"
#include "core/train/head_trainer.h"

namespace taxo {

struct LabelSuspectParams {
    int folds = 5;              // k >= 2
    std::uint64_t seed = 42;    // fold assignment (stratified by given label); each fold's head uses train.seed + fold
    // 0 (default): each fold's head trains on all other folds for train.epochs, keeping the epoch with the lowest
    // loss on them (cross_val_predict style: a fixed recipe, no early stopping). > 0: this fraction of each class
    // (at least one row of classes with 3+ rows) is held back from training to pick the best epoch instead; the
    // labels being audited are noisy there too, which favours early, unsure epochs (seen on planted errors).
    // Either way the held-out fold is never seen.
    double innerValFraction = 0;
    double confidence = 0.9;    // contradicted: predicted class != given label with probability >= this (0..1)
    int leastConfidentCount = 50;  // how many of the lowest given-label probabilities to list
    // Head and optimiser of every fold (checkpointDir and resume are ignored). The best epoch is picked by loss:
    // accuracy and macro-F1 reach 1.0 on the training folds (or a small inner part) within an epoch or two and
    // would freeze the head there, underfitted.
    TrainParams train = lossMonitored();

    static TrainParams lossMonitored() {
        TrainParams p;
        p.monitor = "val_loss";
        return p;
    }
};

struct LabelSuspect {
    std::int64_t id = 0;
    int givenLabel = 0;        // class index of the specimen's label
    int predictedLabel = 0;    // argmax of the out-of-fold probabilities
    float predictedProbability = 0;  // 0..1
    float givenProbability = 0;      // out-of-fold probability of the given label, 0..1
    int fold = 0;              // 0-based fold that held the specimen out
};

struct LabelSuspectReport {
    int numClasses = 0;
    int folds = 0;
    double confidence = 0;
    std::vector<std::int64_t> ids;        // row order of the input
    std::vector<float> outOfFold;         // rows x numClasses out-of-fold probabilities, row-major
    std::vector<int> foldOf;              // 0-based fold of each row
    double outOfFoldAccuracy = 0;         // share of rows whose argmax equals the given label
    std::vector<LabelSuspect> contradicted;    // sorted by predictedProbability, highest first
    std::vector<LabelSuspect> leastConfident;  // sorted by givenProbability, lowest first
    double seconds = 0;

    // Class names index classNames[class] when given (else the indices are written). JSON:
    // {"numClasses","folds","confidence","outOfFoldAccuracy","seconds","contradicted":[..],"leastConfident":[..]}
    // with rows {"id","given","predicted","pPredicted","pGiven","fold"}.
    nlohmann::json toJson(const std::vector<std::string>& classNames = {}) const;
    // CSV with header list,id,given,predicted,p_predicted,p_given,fold (list = contradicted | least_confident).
    std::string toCsv(const std::vector<std::string>& classNames = {}) const;
};

// Stratified, seeded fold per row: each class's rows are shuffled (mt19937_64 Fisher-Yates from seed and class)
// and dealt round-robin, continuing across classes so fold sizes differ by at most one.
std::vector<int> stratifiedFolds(const std::vector<std::int32_t>& labels, int numClasses, int folds, std::uint64_t seed);

// ids[i] names features row i; features.labels are the given labels. Errors: InvalidArgument (sizes, labels,
// params), those of trainHead, Cancelled. Progress counts folds.
Result<LabelSuspectReport> findLabelSuspects(const std::vector<std::int64_t>& ids, const FeatureSet& features,
                                             int numClasses, const LabelSuspectParams& params = {},
                                             const ProgressFn& progress = {}, JobControl* control = nullptr);

}  // namespace taxo
