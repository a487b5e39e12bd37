#include "core/train/label_suspects.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <unordered_set>

#include "core/data/csv.h"

namespace taxo {

namespace {

// Fisher-Yates on mt19937_64 directly: std::shuffle and the distributions differ between standard libraries.
template <class T>
void seededShuffle(std::vector<T>& v, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<std::size_t>(rng() % i)]);
}

std::uint64_t mix(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0) {
    return seed ^ (0x9E3779B97F4A7C15ull * (a + 1)) ^ (0xC2B2AE3D27D4EB4Full * (b + 1));
}

FeatureSet subset(const FeatureSet& all, const std::vector<std::int64_t>& rows) {
    FeatureSet out;
    out.dim = all.dim;
    out.rows = static_cast<std::int64_t>(rows.size());
    out.values.reserve(rows.size() * static_cast<std::size_t>(all.dim));
    for (std::int64_t r : rows) {
        out.values.insert(out.values.end(), all.row(r), all.row(r) + all.dim);
        out.labels.push_back(all.labels[static_cast<std::size_t>(r)]);
    }
    return out;
}

std::string nameOf(int cls, const std::vector<std::string>& names) {
    return cls >= 0 && static_cast<std::size_t>(cls) < names.size() ? names[static_cast<std::size_t>(cls)]
                                                                      : std::to_string(cls);
}

std::string formatProbability(float p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", static_cast<double>(p));
    return buf;
}

}  // namespace

std::vector<int> stratifiedFolds(const std::vector<std::int32_t>& labels, int numClasses, int folds, std::uint64_t seed) {
    std::vector<int> foldOf(labels.size(), 0);
    if (folds < 1) return foldOf;
    std::vector<std::vector<std::int64_t>> byClass(static_cast<std::size_t>(std::max(numClasses, 0)));
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] >= 0 && labels[i] < numClasses) byClass[static_cast<std::size_t>(labels[i])].push_back(static_cast<std::int64_t>(i));
    std::int64_t dealt = 0;
    for (std::size_t c = 0; c < byClass.size(); ++c) {
        seededShuffle(byClass[c], mix(seed, c));
        for (std::int64_t r : byClass[c]) foldOf[static_cast<std::size_t>(r)] = static_cast<int>(dealt++ % folds);
    }
    return foldOf;
}

Result<LabelSuspectReport> findLabelSuspects(const std::vector<std::int64_t>& ids, const FeatureSet& features,
                                             int numClasses, const LabelSuspectParams& params,
                                             const ProgressFn& progress, JobControl* control) {
    const auto started = std::chrono::steady_clock::now();
    if (numClasses < 2) return makeError(ErrorCode::InvalidArgument, "label suspects: need at least 2 classes");
    if (auto s = validateFeatureSet(features, numClasses, "label suspects: features"); !s) return s.error();
    if (static_cast<std::int64_t>(ids.size()) != features.rows)
        return makeError(ErrorCode::InvalidArgument, "label suspects: " + std::to_string(ids.size()) + " ids for " +
                                                         std::to_string(features.rows) + " feature rows");
    if (params.folds < 2 || params.folds > features.rows)
        return makeError(ErrorCode::InvalidArgument, "label suspects: folds must be 2.." + std::to_string(features.rows) +
                                                         ", got " + std::to_string(params.folds));
    if (!(params.innerValFraction >= 0 && params.innerValFraction < 1))
        return makeError(ErrorCode::InvalidArgument, "label suspects: innerValFraction must be in [0, 1)");
    if (!(params.confidence >= 0 && params.confidence <= 1))
        return makeError(ErrorCode::InvalidArgument, "label suspects: confidence must be in 0..1");
    {
        std::unordered_set<std::int64_t> seen;
        for (std::int64_t id : ids)
            if (!seen.insert(id).second)
                return makeError(ErrorCode::InvalidArgument, "label suspects: id " + std::to_string(id) + " appears twice");
    }

    const std::int64_t rows = features.rows;
    const auto k = static_cast<std::size_t>(numClasses);
    LabelSuspectReport report;
    report.numClasses = numClasses;
    report.folds = params.folds;
    report.confidence = params.confidence;
    report.ids = ids;
    report.foldOf = stratifiedFolds(features.labels, numClasses, params.folds, params.seed);
    report.outOfFold.assign(static_cast<std::size_t>(rows) * k, 0.f);

    TrainParams trainParams = params.train;
    trainParams.checkpointDir.clear();
    trainParams.resume = false;

    ProgressReporter reporter(progress, "cross-validating labels", params.folds);
    for (int fold = 0; fold < params.folds; ++fold) {
        if (control && !control->checkpoint()) return makeError(ErrorCode::Cancelled, "label suspects: cancelled");
        std::vector<std::int64_t> heldOut;
        std::vector<std::vector<std::int64_t>> rest(k);
        for (std::int64_t r = 0; r < rows; ++r) {
            if (report.foldOf[static_cast<std::size_t>(r)] == fold) heldOut.push_back(r);
            else rest[static_cast<std::size_t>(features.labels[static_cast<std::size_t>(r)])].push_back(r);
        }
        std::vector<std::int64_t> trainRows, valRows;
        for (std::size_t c = 0; c < k; ++c) {
            auto& v = rest[c];
            seededShuffle(v, mix(params.seed, c, static_cast<std::uint64_t>(fold) + 1000));
            std::size_t nVal = static_cast<std::size_t>(params.innerValFraction * static_cast<double>(v.size()) + 0.5);
            if (v.size() >= 3 && params.innerValFraction > 0) nVal = std::max<std::size_t>(nVal, 1);
            if (nVal >= v.size()) nVal = 0;
            valRows.insert(valRows.end(), v.begin(), v.begin() + static_cast<std::ptrdiff_t>(nVal));
            trainRows.insert(trainRows.end(), v.begin() + static_cast<std::ptrdiff_t>(nVal), v.end());
        }
        // No inner validation (or only tiny classes): the training folds themselves pick the epoch.
        if (valRows.empty()) valRows = trainRows;
        if (trainRows.empty() || heldOut.empty())
            return makeError(ErrorCode::InvalidArgument, "label suspects: fold " + std::to_string(fold + 1) +
                                                             " leaves nothing to train on or to predict");
        std::sort(trainRows.begin(), trainRows.end());
        std::sort(valRows.begin(), valRows.end());

        trainParams.seed = params.train.seed + static_cast<std::uint64_t>(fold);
        auto outcome = trainHead(subset(features, trainRows), subset(features, valRows), numClasses, trainParams, {}, control);
        if (!outcome) {
            Error e = outcome.error();
            e.message = "label suspects, fold " + std::to_string(fold + 1) + ": " + e.message;
            return e;
        }
        auto probs = outcome->head.predictProbabilities(subset(features, heldOut));
        if (!probs) return probs.error();
        for (std::size_t i = 0; i < heldOut.size(); ++i)
            std::copy_n(probs->begin() + static_cast<std::ptrdiff_t>(i * k), k,
                        report.outOfFold.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(heldOut[i]) * k));
        reporter.update(fold + 1);
    }
    reporter.finish();

    std::vector<LabelSuspect> all;
    std::int64_t correct = 0;
    for (std::int64_t r = 0; r < rows; ++r) {
        const float* p = report.outOfFold.data() + static_cast<std::size_t>(r) * k;
        LabelSuspect s;
        s.id = ids[static_cast<std::size_t>(r)];
        s.givenLabel = features.labels[static_cast<std::size_t>(r)];
        s.predictedLabel = static_cast<int>(std::max_element(p, p + k) - p);
        s.predictedProbability = p[s.predictedLabel];
        s.givenProbability = p[s.givenLabel];
        s.fold = report.foldOf[static_cast<std::size_t>(r)];
        if (s.predictedLabel == s.givenLabel) ++correct;
        else if (s.predictedProbability >= params.confidence) report.contradicted.push_back(s);
        all.push_back(s);
    }
    report.outOfFoldAccuracy = static_cast<double>(correct) / static_cast<double>(rows);
    std::stable_sort(report.contradicted.begin(), report.contradicted.end(),
                     [](const LabelSuspect& a, const LabelSuspect& b) { return a.predictedProbability > b.predictedProbability; });
    std::stable_sort(all.begin(), all.end(),
                     [](const LabelSuspect& a, const LabelSuspect& b) { return a.givenProbability < b.givenProbability; });
    all.resize(std::min<std::size_t>(all.size(), static_cast<std::size_t>(std::max(0, params.leastConfidentCount))));
    report.leastConfident = std::move(all);
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

nlohmann::json LabelSuspectReport::toJson(const std::vector<std::string>& classNames) const {
    const auto rowsOf = [&](const std::vector<LabelSuspect>& list) {
        nlohmann::json a = nlohmann::json::array();
        for (const auto& s : list)
            a.push_back({{"id", s.id},
                         {"given", nameOf(s.givenLabel, classNames)},
                         {"predicted", nameOf(s.predictedLabel, classNames)},
                         {"pPredicted", s.predictedProbability},
                         {"pGiven", s.givenProbability},
                         {"fold", s.fold}});
        return a;
    };
    return {{"numClasses", numClasses},
            {"folds", folds},
            {"confidence", confidence},
            {"outOfFoldAccuracy", outOfFoldAccuracy},
            {"seconds", seconds},
            {"contradicted", rowsOf(contradicted)},
            {"leastConfident", rowsOf(leastConfident)}};
}

std::string LabelSuspectReport::toCsv(const std::vector<std::string>& classNames) const {
    std::string out = csvLine({"list", "id", "given", "predicted", "p_predicted", "p_given", "fold"});
    const auto add = [&](const char* list, const std::vector<LabelSuspect>& rows) {
        for (const auto& s : rows)
            out += csvLine({list, std::to_string(s.id), nameOf(s.givenLabel, classNames), nameOf(s.predictedLabel, classNames),
                            formatProbability(s.predictedProbability), formatProbability(s.givenProbability),
                            std::to_string(s.fold)});
    };
    add("contradicted", contradicted);
    add("least_confident", leastConfident);
    return out;
}

}  // namespace taxo
