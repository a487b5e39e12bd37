#pragma once
// Random search over ConvNextFull heads, as the study's Keras Tuner run (its Figure 13): dense units, dropouts,
// L2 coefficients, learning rate and weight decay; objective: best validation macro-F1 of a trial. No LibTorch here.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/train/head_trainer.h"

namespace taxo {

struct SearchSpace {
    std::vector<int> dense1{512, 1024, 2048};
    std::vector<int> dense2{256, 512, 1024};
    std::vector<double> dropouts{0.3, 0.4, 0.5};  // for both dropout layers, drawn independently
    double l2Min = 0.001, l2Max = 0.1;            // uniform, continuous, for each hidden Dense kernel
    // Uniform over the grid min, min+step, ..., max (Keras Tuner Float with step); Figure 13's values are on these grids.
    double learningRateMin = 1e-5, learningRateMax = 1e-4, learningRateStep = 1e-5;
    double weightDecayMin = 1e-5, weightDecayMax = 3e-4, weightDecayStep = 1e-5;
};

struct SearchParams {
    // Everything not searched (epochs, batch size, patience, seed of each trial, ...); the head kind is forced to full.
    // Trials are not checkpointed (checkpointDir and resume are ignored); a cancelled search keeps finished trials.
    TrainParams base;
    SearchSpace space;
    int trials = 20;          // the study ran 20
    std::uint64_t seed = 42;  // draws of the configurations
    // Trials trained at once, each on its own thread with base.threads / parallelTrials intra-op threads (at least 1;
    // base.threads 0 = all cores). 0 = one per core; 1 = one after another with base.threads, as before. Each trial
    // depends only on its own seeded draws, so the outcome equals a sequential search whose trials use the same
    // per-trial thread count (bit for bit; sorted the same way). Memory: each running trial holds its own copy of the
    // features as a tensor.
    int parallelTrials = 1;
};

struct TrialResult {
    int trialId = 0;  // 0-based draw order
    HeadConfig head;
    double learningRate = 0, weightDecay = 0;
    double valMacroF1 = 0;  // objective: the best epoch's validation macro-F1 (NaN when the trial failed)
    int bestEpoch = 0, epochsRun = 0;
    double seconds = 0;
    std::string error;  // empty when the trial trained; e.g. a NaN loss message otherwise
};

struct SearchOutcome {
    std::vector<TrialResult> trials;  // best first (failed trials last), ties by trialId
    bool cancelled = false;           // stopped by JobControl; `trials` holds those finished
    const TrialResult* best() const { return trials.empty() || !trials.front().error.empty() ? nullptr : &trials.front(); }
};

struct SearchCallbacks {
    // After each trial, in the order trials finish (not draw order when parallel); never called concurrently.
    std::function<void(const TrialResult&)> onTrial;
    ProgressFn progress;  // trials done of trials; never called concurrently
};

// The configurations a search draws, in order, without training (deterministic in seed).
std::vector<TrialResult> drawTrials(const SearchSpace& space, int trials, std::uint64_t seed);

// Trials that run at once for these params (parallelTrials resolved against the core count and the trial count).
int concurrentTrials(const SearchParams& params);

Result<SearchOutcome> randomSearch(const FeatureSet& train, const FeatureSet& val, int numClasses,
                                   const SearchParams& params, const SearchCallbacks& callbacks = {},
                                   JobControl* control = nullptr);

// The best trial's settings as training parameters (base with its head, learning rate and weight decay).
TrainParams paramsForTrial(const TrainParams& base, const TrialResult& trial);

nlohmann::json toJson(const SearchOutcome& outcome);
// Columns as the study's table: dense1_units,l2_reg_1,dropout1,dense2_units,l2_reg_dense2,dropout2,lr,weight_decay,
// val_f1_macro,trial_id, plus best_epoch, epochs, seconds, error.
std::string toCsv(const SearchOutcome& outcome);

}  // namespace taxo
