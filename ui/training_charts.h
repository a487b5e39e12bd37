#pragma once
// Learning curves of one or more runs: loss, accuracy, macro-F1 and top-5 by epoch (train and validation), plus the
// loss of each batch. Points arrive one epoch at a time from the training worker (queued), or all at once from the
// store's epochs; batch losses are buffered and drawn at most a few times a second.
#include <QWidget>

#include <map>
#include <vector>

#include "core/train/head_trainer.h"

class QChart;
class QChartView;
class QLineSeries;
class QTimer;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class TrainingCharts : public QWidget {
    Q_OBJECT
public:
    enum Metric { Loss, Accuracy, MacroF1, Top5, MetricCount };

    explicit TrainingCharts(QWidget* parent = nullptr);

    void clear();
    // `prefix` names the run when several are overlaid ("" for the single run being trained).
    void addEpoch(int epoch, const EpochMetrics& train, const EpochMetrics& val, const QString& prefix = {});
    // x: epochs as a real number (epoch - 1 + batch / batches); the point is drawn by the next flush.
    void addBatchLoss(double x, double loss);
    // Replaces the curves with a stored run's epochs; false when the run has none or they cannot be read.
    bool showStoredRun(const ProjectStore& store, std::int64_t runId, const QString& prefix = {}, bool replace = true);
    void setBatchChartVisible(bool visible);

    // Points of one metric's train or validation series (for tests and the history page).
    int pointCount(Metric metric, bool validation, const QString& prefix = {}) const;
    int batchPointCount() const;
    bool exportPng(const QString& path);
    bool exportSvg(const QString& path);  // false when built without Qt SVG
    static bool svgAvailable();

    static QString metricTitle(Metric metric);

private:
    QLineSeries* series(Metric metric, bool validation, const QString& prefix);
    void append(QChart* chart, QLineSeries* series, double x, double y);
    void flushBatches();

    QChartView* views_[MetricCount];
    QChartView* batchView_;
    QLineSeries* batchSeries_;
    std::map<QString, QLineSeries*> series_;
    std::vector<QPointF> pendingBatches_;
    QTimer* flush_;
    double batchMax_ = 0;
};

}  // namespace taxo::ui
