#include "run_evaluation.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/eval/model_bundle.h"

namespace taxo::ui {

Result<RunEvaluation> RunEvaluation::load(const ProjectStore& store, std::int64_t runId, const QString& part) {
    auto run = store.run(runId);
    if (!run) return run.error();
    auto rows = store.predictions(runId);
    if (!rows) return rows.error();
    const Part wanted = part == "test" ? Part::Test : Part::Val;
    RunEvaluation e;
    e.runId = runId;
    e.part = part;
    std::vector<std::string> names;
    if (!run->modelPath.empty()) {
        if (auto bundle = readModelBundle(run->modelPath)) names = bundle->classNames;
    }
    if (names.empty()) {
        std::set<std::string> seen;
        for (const PredictionRow& r : *rows) seen.insert(r.trueLabel), seen.insert(r.predictedLabel);
        names.assign(seen.begin(), seen.end());
    }
    std::map<std::string, int> index;
    for (const std::string& n : names) {
        index.emplace(n, int(e.classNames.size()));
        e.classNames << QString::fromStdString(n);
    }
    std::vector<std::int32_t> yTrue, yPred;
    for (const PredictionRow& r : *rows) {
        if (r.part != wanted) continue;
        const auto t = index.find(r.trueLabel), p = index.find(r.predictedLabel);
        if (t == index.end() || p == index.end()) continue;  // a label the model never saw says nothing about it
        e.rows.push_back(r);
        e.trueClass.push_back(t->second);
        e.predictedClass.push_back(p->second);
        yTrue.push_back(t->second);
        yPred.push_back(p->second);
    }
    if (e.rows.empty())
        return makeError(ErrorCode::NotFound, "run " + std::to_string(runId) + " has no predictions for " + part.toStdString());
    auto report = computeMetrics(yTrue, yPred, int(names.size()));
    if (!report) return report.error();
    e.report = std::move(*report);
    return e;
}

std::vector<std::int64_t> RunEvaluation::specimensIn(int t, int p) const {
    std::vector<std::int64_t> ids;
    for (size_t i = 0; i < rows.size(); ++i)
        if (trueClass[i] == t && predictedClass[i] == p) ids.push_back(rows[i].specimenId);
    return ids;
}

std::vector<std::int64_t> RunEvaluation::specimensOf(int t) const {
    std::vector<std::int64_t> ids;
    for (size_t i = 0; i < rows.size(); ++i)
        if (trueClass[i] == t) ids.push_back(rows[i].specimenId);
    return ids;
}

std::vector<int> RunEvaluation::misclassified() const {
    std::vector<int> wrong;
    for (size_t i = 0; i < rows.size(); ++i)
        if (trueClass[i] != predictedClass[i]) wrong.push_back(int(i));
    std::stable_sort(wrong.begin(), wrong.end(), [this](int a, int b) { return rows[size_t(a)].confidence > rows[size_t(b)].confidence; });
    return wrong;
}

}  // namespace taxo::ui
