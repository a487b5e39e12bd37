#include "core/eval/metrics.h"

#include <algorithm>
#include <cstdio>

#include "core/common/atomic_file.h"
#include "core/data/csv.h"

namespace taxo {

namespace {

Status checkLabels(const std::vector<std::int32_t>& labels, int numClasses, const char* what) {
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] < 0 || labels[i] >= numClasses)
            return makeError(ErrorCode::InvalidArgument, std::string("metrics: ") + what + " label " +
                                                             std::to_string(labels[i]) + " at row " + std::to_string(i) +
                                                             " is outside 0.." + std::to_string(numClasses - 1));
    return {};
}

std::string className(const std::vector<std::string>& names, int c) {
    return c < static_cast<int>(names.size()) ? names[static_cast<std::size_t>(c)] : std::to_string(c);
}

// Full precision so exported values round-trip.
std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace

std::vector<std::int32_t> argMax(const std::vector<float>& scores, int numClasses) {
    const std::size_t rows = numClasses > 0 ? scores.size() / static_cast<std::size_t>(numClasses) : 0;
    std::vector<std::int32_t> out(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        const float* row = scores.data() + r * static_cast<std::size_t>(numClasses);
        out[r] = static_cast<std::int32_t>(std::max_element(row, row + numClasses) - row);
    }
    return out;
}

Result<double> topKAccuracy(const std::vector<std::int32_t>& yTrue, const std::vector<float>& scores, int numClasses,
                            int k) {
    if (numClasses < 1 || k < 1)
        return makeError(ErrorCode::InvalidArgument, "top-k accuracy: k and the class count must be positive");
    if (scores.size() != yTrue.size() * static_cast<std::size_t>(numClasses))
        return makeError(ErrorCode::InvalidArgument, "top-k accuracy: " + std::to_string(scores.size()) +
                                                         " scores for " + std::to_string(yTrue.size()) + " rows x " +
                                                         std::to_string(numClasses) + " classes");
    if (auto s = checkLabels(yTrue, numClasses, "true"); !s) return s.error();
    if (yTrue.empty()) return 0.0;
    std::int64_t hits = 0;
    for (std::size_t r = 0; r < yTrue.size(); ++r) {
        const float* row = scores.data() + r * static_cast<std::size_t>(numClasses);
        const int t = yTrue[r];
        int ahead = 0;  // classes ranked before the true one
        for (int j = 0; j < numClasses && ahead < k; ++j)
            if (row[j] > row[t] || (row[j] == row[t] && j > t)) ++ahead;
        if (ahead < k) ++hits;
    }
    return static_cast<double>(hits) / static_cast<double>(yTrue.size());
}

Result<ClassificationReport> computeMetrics(const std::vector<std::int32_t>& yTrue,
                                            const std::vector<std::int32_t>& yPred, int numClasses,
                                            const MetricsOptions& options) {
    if (numClasses < 1) return makeError(ErrorCode::InvalidArgument, "metrics: the class count must be positive");
    if (yTrue.size() != yPred.size())
        return makeError(ErrorCode::InvalidArgument, "metrics: " + std::to_string(yTrue.size()) + " true labels but " +
                                                         std::to_string(yPred.size()) + " predictions");
    if (auto s = checkLabels(yTrue, numClasses, "true"); !s) return s.error();
    if (auto s = checkLabels(yPred, numClasses, "predicted"); !s) return s.error();

    ClassificationReport rep;
    rep.numClasses = numClasses;
    rep.rows = static_cast<std::int64_t>(yTrue.size());
    const auto n = static_cast<std::size_t>(numClasses);
    rep.confusion.assign(n * n, 0);
    std::int64_t correct = 0;
    for (std::size_t i = 0; i < yTrue.size(); ++i) {
        ++rep.confusion[static_cast<std::size_t>(yTrue[i]) * n + static_cast<std::size_t>(yPred[i])];
        if (yTrue[i] == yPred[i]) ++correct;
    }
    rep.accuracy = rep.rows > 0 ? static_cast<double>(correct) / static_cast<double>(rep.rows) : 0.0;

    rep.perClass.resize(n);
    int averaged = 0;
    std::int64_t totalSupport = 0;
    for (int c = 0; c < numClasses; ++c) {
        ClassMetrics& m = rep.perClass[static_cast<std::size_t>(c)];
        m.classIndex = c;
        const std::int64_t tp = rep.confusionAt(c, c);
        for (int j = 0; j < numClasses; ++j) {
            m.support += rep.confusionAt(c, j);
            m.predicted += rep.confusionAt(j, c);
        }
        m.precision = m.predicted > 0 ? static_cast<double>(tp) / static_cast<double>(m.predicted) : 0.0;
        m.recall = m.support > 0 ? static_cast<double>(tp) / static_cast<double>(m.support) : 0.0;
        const double denom = m.precision + m.recall;
        m.f1 = denom > 0 ? 2.0 * m.precision * m.recall / denom : 0.0;
        const bool present = m.support > 0 || m.predicted > 0;
        if (options.averaging == Averaging::AllClasses || present) {
            ++averaged;
            rep.macroPrecision += m.precision;
            rep.macroRecall += m.recall;
            rep.macroF1 += m.f1;
        }
        rep.weightedPrecision += m.precision * static_cast<double>(m.support);
        rep.weightedRecall += m.recall * static_cast<double>(m.support);
        rep.weightedF1 += m.f1 * static_cast<double>(m.support);
        totalSupport += m.support;
    }
    if (averaged > 0) {
        rep.macroPrecision /= averaged;
        rep.macroRecall /= averaged;
        rep.macroF1 /= averaged;
    }
    if (totalSupport > 0) {
        rep.weightedPrecision /= static_cast<double>(totalSupport);
        rep.weightedRecall /= static_cast<double>(totalSupport);
        rep.weightedF1 /= static_cast<double>(totalSupport);
    } else {
        rep.weightedPrecision = rep.weightedRecall = rep.weightedF1 = 0;
    }
    return rep;
}

Result<ClassificationReport> computeMetricsFromProbabilities(const std::vector<std::int32_t>& yTrue,
                                                             const std::vector<float>& probabilities,
                                                             int numClasses, const MetricsOptions& options) {
    if (numClasses < 1) return makeError(ErrorCode::InvalidArgument, "metrics: the class count must be positive");
    if (probabilities.size() != yTrue.size() * static_cast<std::size_t>(numClasses))
        return makeError(ErrorCode::InvalidArgument, "metrics: " + std::to_string(probabilities.size()) +
                                                         " probabilities for " + std::to_string(yTrue.size()) +
                                                         " rows x " + std::to_string(numClasses) + " classes");
    auto rep = computeMetrics(yTrue, argMax(probabilities, numClasses), numClasses, options);
    if (!rep) return rep;
    if (options.topK > 0) {
        auto top = topKAccuracy(yTrue, probabilities, numClasses, options.topK);
        if (!top) return top.error();
        rep->topK = options.topK;
        rep->topKAccuracy = *top;
    }
    return rep;
}

std::vector<ClassMetrics> worstClasses(const ClassificationReport& report, int n) {
    std::vector<ClassMetrics> present;
    for (const auto& m : report.perClass)
        if (m.support > 0) present.push_back(m);
    std::sort(present.begin(), present.end(), [](const ClassMetrics& a, const ClassMetrics& b) {
        if (a.f1 != b.f1) return a.f1 < b.f1;
        if (a.support != b.support) return a.support < b.support;
        return a.classIndex < b.classIndex;
    });
    if (n >= 0 && static_cast<std::size_t>(n) < present.size()) present.resize(static_cast<std::size_t>(n));
    return present;
}

nlohmann::json toJson(const ClassificationReport& r, const std::vector<std::string>& names) {
    nlohmann::json j{{"num_classes", r.numClasses},
                     {"rows", r.rows},
                     {"accuracy", r.accuracy},
                     {"macro_precision", r.macroPrecision},
                     {"macro_recall", r.macroRecall},
                     {"macro_f1", r.macroF1},
                     {"weighted_precision", r.weightedPrecision},
                     {"weighted_recall", r.weightedRecall},
                     {"weighted_f1", r.weightedF1}};
    if (r.topK > 0) {
        j["top_k"] = r.topK;
        j["top_k_accuracy"] = r.topKAccuracy;
    }
    auto& per = j["per_class"] = nlohmann::json::array();
    for (const auto& m : r.perClass)
        per.push_back({{"class", className(names, m.classIndex)}, {"index", m.classIndex}, {"precision", m.precision},
                       {"recall", m.recall}, {"f1", m.f1}, {"support", m.support}, {"predicted", m.predicted}});
    auto& cm = j["confusion"] = nlohmann::json::array();
    for (int t = 0; t < r.numClasses; ++t) {
        auto row = nlohmann::json::array();
        for (int p = 0; p < r.numClasses; ++p) row.push_back(r.confusionAt(t, p));
        cm.push_back(std::move(row));
    }
    return j;
}

std::string perClassCsv(const ClassificationReport& r, const std::vector<std::string>& names) {
    std::string out = csvLine({"class", "index", "precision", "recall", "f1", "support", "predicted"});
    for (const auto& m : r.perClass)
        out += csvLine({className(names, m.classIndex), std::to_string(m.classIndex), number(m.precision),
                        number(m.recall), number(m.f1), std::to_string(m.support), std::to_string(m.predicted)});
    return out;
}

std::string confusionCsv(const ClassificationReport& r, const std::vector<std::string>& names) {
    std::vector<std::string> header{"true\\predicted"};
    for (int c = 0; c < r.numClasses; ++c) header.push_back(className(names, c));
    std::string out = csvLine(header);
    for (int t = 0; t < r.numClasses; ++t) {
        std::vector<std::string> row{className(names, t)};
        for (int p = 0; p < r.numClasses; ++p) row.push_back(std::to_string(r.confusionAt(t, p)));
        out += csvLine(row);
    }
    return out;
}

Status writeMetricsFiles(const ClassificationReport& report, const std::vector<std::string>& classNames,
                         const std::string& jsonPath, const std::string& perClassCsvPath,
                         const std::string& confusionCsvPath) {
    if (!jsonPath.empty())
        if (auto s = writeFileAtomically(jsonPath, toJson(report, classNames).dump(2) + "\n"); !s) return s;
    if (!perClassCsvPath.empty())
        if (auto s = writeFileAtomically(perClassCsvPath, perClassCsv(report, classNames)); !s) return s;
    if (!confusionCsvPath.empty())
        if (auto s = writeFileAtomically(confusionCsvPath, confusionCsv(report, classNames)); !s) return s;
    return {};
}

}  // namespace taxo
