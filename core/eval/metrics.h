#pragma once
// Classification metrics, defined exactly as scikit-learn 1.2 computes them (no LibTorch here):
// a precision or recall whose denominator is 0 is 0 (sklearn's zero_division default), F1 = 2PR/(P+R) or 0,
// and macro / weighted averages run over the classes present in y_true or y_pred (sklearn without labels=),
// or, with Averaging::AllClasses, over every known class (sklearn with labels=range(numClasses)).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.h"

namespace taxo {

enum class Averaging { PresentClasses, AllClasses };

struct MetricsOptions {
    Averaging averaging = Averaging::PresentClasses;
    int topK = 5;  // for topKAccuracy, when probabilities are given
};

struct ClassMetrics {
    int classIndex = 0;
    double precision = 0, recall = 0, f1 = 0;  // 0..1
    std::int64_t support = 0;    // rows whose true label is this class
    std::int64_t predicted = 0;  // rows predicted as this class
};

struct ClassificationReport {
    int numClasses = 0;
    std::int64_t rows = 0;
    double accuracy = 0;
    double macroPrecision = 0, macroRecall = 0, macroF1 = 0;
    double weightedPrecision = 0, weightedRecall = 0, weightedF1 = 0;
    int topK = 0;             // 0 when no probabilities were given
    double topKAccuracy = 0;  // fraction of rows whose true class is among the k most probable
    std::vector<ClassMetrics> perClass;   // one per known class, index = class
    std::vector<std::int64_t> confusion;  // numClasses x numClasses, row-major: [true][predicted] counts

    std::int64_t confusionAt(int trueClass, int predictedClass) const {
        return confusion[static_cast<std::size_t>(trueClass) * static_cast<std::size_t>(numClasses) +
                         static_cast<std::size_t>(predictedClass)];
    }
};

// yTrue and yPred: class indices 0..numClasses-1, same length.
Result<ClassificationReport> computeMetrics(const std::vector<std::int32_t>& yTrue,
                                            const std::vector<std::int32_t>& yPred, int numClasses,
                                            const MetricsOptions& options = {});
// probabilities: rows x numClasses, row-major. Predictions are the arg-max (lowest index on ties) and
// topKAccuracy is filled in.
Result<ClassificationReport> computeMetricsFromProbabilities(const std::vector<std::int32_t>& yTrue,
                                                             const std::vector<float>& probabilities,
                                                             int numClasses, const MetricsOptions& options = {});

// Ties are broken like sklearn.metrics.top_k_accuracy_score: among equal scores the higher class index ranks first.
Result<double> topKAccuracy(const std::vector<std::int32_t>& yTrue, const std::vector<float>& scores, int numClasses,
                            int k);
std::vector<std::int32_t> argMax(const std::vector<float>& scores, int numClasses);

// The n classes with the lowest F1 among classes with support > 0 (a class absent from y_true says nothing);
// ties: lower support first (fewer specimens, the rarer family), then lower class index.
std::vector<ClassMetrics> worstClasses(const ClassificationReport& report, int n);

// Exports. classNames may be empty (class indices are used) or hold one name per class.
nlohmann::json toJson(const ClassificationReport& report, const std::vector<std::string>& classNames = {});
std::string perClassCsv(const ClassificationReport& report, const std::vector<std::string>& classNames = {});
std::string confusionCsv(const ClassificationReport& report, const std::vector<std::string>& classNames = {});
Status writeMetricsFiles(const ClassificationReport& report, const std::vector<std::string>& classNames,
                         const std::string& jsonPath, const std::string& perClassCsvPath,
                         const std::string& confusionCsvPath);

}  // namespace taxo
