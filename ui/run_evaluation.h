#pragma once
// One part (val or test) of a finished run, as the results views show it: the stored predictions turned into core's
// ClassificationReport over the run's classes, and the specimens behind each confusion-matrix cell.
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

#include "core/common/result.h"
#include "core/eval/metrics.h"
#include "core/store/project_store.h"

namespace taxo::ui {

struct RunEvaluation {
    std::int64_t runId = 0;
    QString part;               // "val" or "test"
    QStringList classNames;     // index = class (the model's classes, or the labels seen when it has no bundle)
    ClassificationReport report;
    std::vector<PredictionRow> rows;  // the part's predictions whose labels are among classNames
    std::vector<int> trueClass, predictedClass;  // per row

    // Reads the run's predictions of `part` and computes the metrics (sklearn definitions, core/eval/metrics).
    static Result<RunEvaluation> load(const ProjectStore& store, std::int64_t runId, const QString& part);
    // Specimens whose true class is t and predicted class p.
    std::vector<std::int64_t> specimensIn(int t, int p) const;
    // Specimens whose true class is t (any prediction).
    std::vector<std::int64_t> specimensOf(int t) const;
    // Indices into rows of wrong predictions, most confident first.
    std::vector<int> misclassified() const;
};

}  // namespace taxo::ui
