#include "core/train/random_search.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <malloc.h>

#include <atomic>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <thread>

#include "core/data/csv.h"

namespace taxo {

namespace {

// Portable draws (std distributions are implementation-defined): 53-bit uniform doubles and unbiased integers.
double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
std::size_t below(std::mt19937_64& rng, std::size_t n) {
    const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % n;
    std::uint64_t x;
    do x = rng();
    while (x >= limit);
    return static_cast<std::size_t>(x % n);
}
double onGrid(std::mt19937_64& rng, double lo, double hi, double step) {
    const auto steps = static_cast<std::size_t>(std::floor((hi - lo) / step + 1e-9)) + 1;
    return lo + step * static_cast<double>(below(rng, steps));
}
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}

}  // namespace

std::vector<TrialResult> drawTrials(const SearchSpace& s, int trials, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::vector<TrialResult> out;
    for (int t = 0; t < trials; ++t) {
        TrialResult r;
        r.trialId = t;
        r.head = HeadConfig::forKind("full");
        r.head.dense1 = s.dense1[below(rng, s.dense1.size())];
        r.head.l2Dense1 = s.l2Min + (s.l2Max - s.l2Min) * unit(rng);
        r.head.dropout1 = s.dropouts[below(rng, s.dropouts.size())];
        r.head.dense2 = s.dense2[below(rng, s.dense2.size())];
        r.head.l2Dense2 = s.l2Min + (s.l2Max - s.l2Min) * unit(rng);
        r.head.dropout2 = s.dropouts[below(rng, s.dropouts.size())];
        r.learningRate = onGrid(rng, s.learningRateMin, s.learningRateMax, s.learningRateStep);
        r.weightDecay = onGrid(rng, s.weightDecayMin, s.weightDecayMax, s.weightDecayStep);
        out.push_back(r);
    }
    return out;
}

namespace {

// glibc gives each new thread its own malloc arena, whose heaps are capped at 64 MB and unmapped when empty, so the
// MB-sized gradient and optimizer tensors of concurrent trials were mapped and page-faulted afresh every few batches
// (measured on 2 trials at once: 34.6 s wall, 8.6 s of it system time, against 17.9 s and 1.4 s with one arena).
// One arena keeps them in the main heap, where setUpCompute's thresholds let them be reused. Process-wide and only
// effective for threads that have not allocated yet, so it is applied before the workers start; the lock it adds is
// negligible beside a training batch.
void shareOneMallocArena() {
    static std::once_flag once;
    std::call_once(once, [] { mallopt(M_ARENA_MAX, 1); });
}

int resolveCores(int threads) {
    return threads > 0 ? threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}
}  // namespace

int concurrentTrials(const SearchParams& params) {
    const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const int wanted = params.parallelTrials > 0 ? params.parallelTrials : cores;
    return std::max(1, std::min(wanted, params.trials));
}

TrainParams paramsForTrial(const TrainParams& base, const TrialResult& trial) {
    TrainParams p = base;
    p.head = trial.head;
    p.learningRate = trial.learningRate;
    p.weightDecay = trial.weightDecay;
    p.checkpointDir.clear();
    p.resume = false;
    return p;
}

Result<SearchOutcome> randomSearch(const FeatureSet& train, const FeatureSet& val, int numClasses,
                                   const SearchParams& params, const SearchCallbacks& callbacks, JobControl* control) {
    const auto& s = params.space;
    if (params.trials < 1) return makeError(ErrorCode::InvalidArgument, "random search: trials must be at least 1");
    if (s.dense1.empty() || s.dense2.empty() || s.dropouts.empty())
        return makeError(ErrorCode::InvalidArgument, "random search: a choice list of the search space is empty");
    if (!(s.l2Min >= 0 && s.l2Max >= s.l2Min) || !(s.learningRateMin > 0 && s.learningRateMax >= s.learningRateMin &&
                                                   s.learningRateStep > 0) ||
        !(s.weightDecayMin >= 0 && s.weightDecayMax >= s.weightDecayMin && s.weightDecayStep > 0))
        return makeError(ErrorCode::InvalidArgument, "random search: a range of the search space is empty or reversed");

    if (params.parallelTrials < 0)
        return makeError(ErrorCode::InvalidArgument, "random search: parallel trials must be >= 0 (0 = one per core)");

    const int workers = concurrentTrials(params);
    TrainParams base = params.base;
    if (workers > 1) base.threads = std::max(1, resolveCores(params.base.threads) / workers);
    const auto draws = drawTrials(s, params.trials, params.seed);

    SearchOutcome outcome;
    ProgressReporter progress(callbacks.progress, "random search", params.trials, 0);
    std::mutex mutex;  // guards outcome, firstError, progress and the callbacks
    std::atomic<std::size_t> next{0};
    std::atomic<bool> stop{false};
    std::optional<Error> firstError;
    int firstErrorTrial = std::numeric_limits<int>::max();

    auto work = [&] {
        for (;;) {
            if (stop.load()) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= draws.size()) return;
            TrialResult trial = draws[i];
            if (control && !control->checkpoint()) {
                std::lock_guard<std::mutex> lock(mutex);
                outcome.cancelled = true;
                stop = true;
                return;
            }
            const auto start = std::chrono::steady_clock::now();
            auto result = trainHead(train, val, numClasses, paramsForTrial(base, trial), {}, control);
            trial.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::lock_guard<std::mutex> lock(mutex);
            if (!result) {
                if (result.error().code == ErrorCode::Cancelled) {
                    outcome.cancelled = true;
                    stop = true;
                    return;
                }
                // A diverging configuration is a finding, not a reason to lose the other trials; bad data fails them
                // all (the error of the earliest trial is reported, as a sequential search would).
                if (result.error().code != ErrorCode::Numeric) {
                    if (trial.trialId < firstErrorTrial) {
                        firstErrorTrial = trial.trialId;
                        firstError = result.error();
                    }
                    stop = true;
                    return;
                }
                trial.valMacroF1 = std::numeric_limits<double>::quiet_NaN();
                trial.error = result.error().message;
            } else {
                trial.valMacroF1 = result->history[static_cast<std::size_t>(result->bestEpoch - 1)].val.macroF1;
                trial.bestEpoch = result->bestEpoch;
                trial.epochsRun = static_cast<int>(result->history.size());
            }
            outcome.trials.push_back(trial);
            if (callbacks.onTrial) callbacks.onTrial(trial);
            progress.update(static_cast<std::int64_t>(outcome.trials.size()),
                            "trial " + std::to_string(outcome.trials.size()) + " of " + std::to_string(params.trials));
        }
    };
    if (workers <= 1) {
        work();
    } else {
        shareOneMallocArena();
        std::vector<std::thread> pool;
        for (int w = 0; w < workers; ++w) pool.emplace_back(work);
        for (auto& t : pool) t.join();
    }
    if (firstError) return *firstError;
    std::stable_sort(outcome.trials.begin(), outcome.trials.end(), [](const TrialResult& a, const TrialResult& b) {
        const bool fa = !a.error.empty(), fb = !b.error.empty();
        if (fa != fb) return fb;
        if (!fa && a.valMacroF1 != b.valMacroF1) return a.valMacroF1 > b.valMacroF1;
        return a.trialId < b.trialId;
    });
    return outcome;
}

nlohmann::json toJson(const SearchOutcome& o) {
    nlohmann::json j{{"cancelled", o.cancelled}};
    auto& rows = j["trials"] = nlohmann::json::array();
    for (const auto& t : o.trials) {
        nlohmann::json r{{"trialId", t.trialId},     {"head", toJson(t.head)},    {"learningRate", t.learningRate},
                         {"weightDecay", t.weightDecay}, {"bestEpoch", t.bestEpoch}, {"epochsRun", t.epochsRun},
                         {"seconds", t.seconds}};
        r["valMacroF1"] = t.error.empty() ? nlohmann::json(t.valMacroF1) : nlohmann::json(nullptr);
        if (!t.error.empty()) r["error"] = t.error;
        rows.push_back(std::move(r));
    }
    if (const auto* b = o.best()) j["bestTrialId"] = b->trialId;
    return j;
}

std::string toCsv(const SearchOutcome& o) {
    std::string out = csvLine({"dense1_units", "l2_reg_1", "dropout1", "dense2_units", "l2_reg_dense2", "dropout2", "lr",
                               "weight_decay", "val_f1_macro", "trial_id", "best_epoch", "epochs", "seconds", "error"});
    for (const auto& t : o.trials)
        out += csvLine({std::to_string(t.head.dense1), number(t.head.l2Dense1), number(t.head.dropout1),
                        std::to_string(t.head.dense2), number(t.head.l2Dense2), number(t.head.dropout2),
                        number(t.learningRate), number(t.weightDecay), t.error.empty() ? number(t.valMacroF1) : "",
                        std::to_string(t.trialId), std::to_string(t.bestEpoch), std::to_string(t.epochsRun),
                        number(t.seconds), t.error});
    return out;
}

}  // namespace taxo
