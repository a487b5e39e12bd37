#include "training_charts.h"

#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLineSeries>
#include <QPainter>
#include <QTimer>
#include <QValueAxis>
#ifdef TAXOSCOPE_HAVE_SVG
#include <QSvgGenerator>
#endif

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "core/store/project_store.h"

namespace taxo::ui {
namespace {

QValueAxis* axis(QChart* chart, Qt::Orientation orientation) {
    const auto axes = chart->axes(orientation);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis*>(axes.first());
}

QChartView* makeChart(const QString& title, const QString& yTitle) {
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto* x = new QValueAxis;
    x->setTitleText(QObject::tr("epoch"));
    x->setLabelFormat("%d");
    x->setTickType(QValueAxis::TicksDynamic);  // whole epochs, however many there are
    x->setTickAnchor(0);
    x->setTickInterval(1);
    x->setRange(0, 1);
    auto* y = new QValueAxis;
    y->setTitleText(yTitle);
    y->setRange(0, 1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto* view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(260, 200);
    return view;
}

EpochMetrics metricsFrom(const nlohmann::json& j) {
    EpochMetrics m;
    m.loss = j.value("loss", 0.0);
    m.accuracy = j.value("accuracy", 0.0);
    m.macroF1 = j.value("macro_f1", 0.0);
    m.top5 = j.value("top5", 0.0);
    return m;
}

double valueOf(const EpochMetrics& m, TrainingCharts::Metric metric) {
    switch (metric) {
    case TrainingCharts::Loss: return m.loss;
    case TrainingCharts::Accuracy: return m.accuracy;
    case TrainingCharts::MacroF1: return m.macroF1;
    default: return m.top5;
    }
}

}  // namespace

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int m = 0; m < MetricCount; ++m) {
        views_[m] = makeChart(metricTitle(Metric(m)), m == Loss ? tr("loss") : tr("fraction"));
        grid->addWidget(views_[m], m / 2, m % 2);
    }
    batchView_ = makeChart(tr("Loss of each batch"), tr("loss"));
    batchSeries_ = new QLineSeries;
    batchSeries_->setName(tr("batch loss"));
    batchView_->chart()->addSeries(batchSeries_);
    for (auto* a : batchView_->chart()->axes()) batchSeries_->attachAxis(a);
    grid->addWidget(batchView_, 2, 0, 1, 2);
    flush_ = new QTimer(this);
    flush_->setInterval(250);  // a batch takes milliseconds: redrawing for each would swamp the GUI thread
    connect(flush_, &QTimer::timeout, this, &TrainingCharts::flushBatches);
}

QString TrainingCharts::metricTitle(Metric metric) {
    switch (metric) {
    case Loss: return tr("Loss");
    case Accuracy: return tr("Accuracy");
    case MacroF1: return tr("Macro-F1");
    default: return tr("Top-5 accuracy");
    }
}

void TrainingCharts::clear() {
    for (auto& [key, s] : series_) s->chart()->removeSeries(s), delete s;
    series_.clear();
    batchSeries_->clear();
    pendingBatches_.clear();
    batchMax_ = 0;
    for (QChartView* v : views_) {
        axis(v->chart(), Qt::Horizontal)->setRange(0, 1);
        axis(v->chart(), Qt::Vertical)->setRange(0, 1);
    }
    axis(batchView_->chart(), Qt::Horizontal)->setRange(0, 1);
    axis(batchView_->chart(), Qt::Vertical)->setRange(0, 1);
}

QLineSeries* TrainingCharts::series(Metric metric, bool validation, const QString& prefix) {
    const QString key = QString("%1|%2|%3").arg(metric).arg(validation).arg(prefix);
    auto found = series_.find(key);
    if (found != series_.end()) return found->second;
    auto* s = new QLineSeries;
    const QString part = validation ? tr("validation") : tr("train");
    s->setName(prefix.isEmpty() ? part : QString("%1 %2").arg(prefix, part));
    s->setPointsVisible(true);
    QChart* chart = views_[metric]->chart();
    chart->addSeries(s);
    for (auto* a : chart->axes()) s->attachAxis(a);
    if (validation) {
        QPen pen = s->pen();
        pen.setStyle(prefix.isEmpty() ? Qt::SolidLine : Qt::DashLine);
        s->setPen(pen);
    }
    series_[key] = s;
    return s;
}

void TrainingCharts::append(QChart* chart, QLineSeries* s, double x, double y) {
    s->append(x, y);
    QValueAxis* ax = axis(chart, Qt::Horizontal);
    QValueAxis* ay = axis(chart, Qt::Vertical);
    if (x > ax->max()) {
        ax->setRange(0, std::ceil(x));
        ax->setTickInterval(std::max(1.0, std::ceil(ax->max() / 12)));
    }
    if (y > ay->max()) ay->setRange(0, y * 1.1);
}

void TrainingCharts::addEpoch(int epoch, const EpochMetrics& train, const EpochMetrics& val, const QString& prefix) {
    for (int m = 0; m < MetricCount; ++m) {
        QChart* chart = views_[m]->chart();
        append(chart, series(Metric(m), false, prefix), epoch, valueOf(train, Metric(m)));
        append(chart, series(Metric(m), true, prefix), epoch, valueOf(val, Metric(m)));
    }
}

void TrainingCharts::addBatchLoss(double x, double loss) {
    pendingBatches_.emplace_back(x, loss);
    if (!flush_->isActive()) flush_->start();
}

void TrainingCharts::flushBatches() {
    if (pendingBatches_.empty()) {
        flush_->stop();
        return;
    }
    QChart* chart = batchView_->chart();
    QList<QPointF> points(pendingBatches_.begin(), pendingBatches_.end());
    pendingBatches_.clear();
    double maxX = 0;
    for (const QPointF& p : points) batchMax_ = std::max(batchMax_, p.y()), maxX = std::max(maxX, p.x());
    batchSeries_->append(points);
    QValueAxis* ax = axis(chart, Qt::Horizontal);
    if (maxX > ax->max()) {
        ax->setRange(0, std::ceil(maxX));
        ax->setTickInterval(std::max(1.0, std::ceil(ax->max() / 12)));
    }
    axis(chart, Qt::Vertical)->setRange(0, batchMax_ * 1.1);
}

void TrainingCharts::setBatchChartVisible(bool visible) { batchView_->setVisible(visible); }

bool TrainingCharts::showStoredRun(const ProjectStore& store, std::int64_t runId, const QString& prefix, bool replace) {
    auto epochs = store.epochs(runId);
    if (!epochs || epochs->empty()) return false;
    if (replace) clear();
    batchView_->setVisible(false);  // batch losses are not stored
    for (const StoredEpoch& e : *epochs) {
        const auto j = nlohmann::json::parse(e.metricsJson, nullptr, false);
        if (j.is_discarded() || !j.is_object()) return false;
        addEpoch(e.epoch, metricsFrom(j.value("train", nlohmann::json::object())),
                 metricsFrom(j.value("val", nlohmann::json::object())), prefix);
    }
    return true;
}

int TrainingCharts::pointCount(Metric metric, bool validation, const QString& prefix) const {
    const auto found = series_.find(QString("%1|%2|%3").arg(metric).arg(validation).arg(prefix));
    return found == series_.end() ? 0 : int(found->second->count());
}

int TrainingCharts::batchPointCount() const { return int(batchSeries_->count() + pendingBatches_.size()); }

bool TrainingCharts::exportPng(const QString& path) {
    flushBatches();
    return grab().save(path, "PNG");
}

bool TrainingCharts::svgAvailable() {
#ifdef TAXOSCOPE_HAVE_SVG
    return true;
#else
    return false;
#endif
}

bool TrainingCharts::exportSvg(const QString& path) {
#ifdef TAXOSCOPE_HAVE_SVG
    flushBatches();
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(size());
    svg.setViewBox(rect());
    svg.setTitle(tr("Taxoscope learning curves"));
    QPainter painter;
    if (!painter.begin(&svg)) return false;
    render(&painter);
    return painter.end();
#else
    Q_UNUSED(path);
    return false;
#endif
}

}  // namespace taxo::ui
