#include "run_history_page.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <nlohmann/json.hpp>

#include "core/models/head_config.h"
#include "core/store/project_store.h"
#include "training_charts.h"

namespace taxo::ui {
namespace {

nlohmann::json parse(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    return j.is_object() ? j : nlohmann::json::object();
}

double metricOf(const nlohmann::json& result, const char* part, const char* key) {
    const auto eval = result.value("evaluation", nlohmann::json::object());
    const auto p = eval.value(part, nlohmann::json::object());
    return p.value(key, -1.0);
}

QString percent(double v) { return v < 0 ? QStringLiteral("–") : QString::number(100 * v, 'f', 1); }

}  // namespace

RunHistoryPage::RunHistoryPage(QWidget* parent) : QWidget(parent) {
    runs_ = new QTableWidget(0, 11);
    runs_->setHorizontalHeaderLabels({tr("Run"), tr("Name"), tr("Status"), tr("Backbone"), tr("Head"), tr("Batch"),
                                      tr("Learning rate"), tr("Epochs"), tr("Best epoch"), tr("Val. accuracy %"),
                                      tr("Val. macro-F1 %")});
    runs_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    runs_->horizontalHeader()->setStretchLastSection(true);
    runs_->verticalHeader()->hide();
    runs_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    runs_->setSelectionBehavior(QAbstractItemView::SelectRows);
    runs_->setSortingEnabled(true);
    a_ = new QComboBox;
    b_ = new QComboBox;
    diff_ = new QTableWidget(0, 4);
    diff_->setHorizontalHeaderLabels({tr("Metric"), tr("Run A"), tr("Run B"), tr("B − A")});
    diff_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    diff_->verticalHeader()->hide();
    diff_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    charts_ = new TrainingCharts;
    charts_->setBatchChartVisible(false);

    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Compare run A")));
    pick->addWidget(a_, 1);
    pick->addWidget(new QLabel(tr("with run B")));
    pick->addWidget(b_, 1);
    auto* compareBox = new QWidget;
    auto* compareLayout = new QHBoxLayout(compareBox);
    compareLayout->setContentsMargins(0, 0, 0, 0);
    auto* left = new QVBoxLayout;
    left->addLayout(pick);
    left->addWidget(diff_);
    compareLayout->addLayout(left, 1);
    compareLayout->addWidget(charts_, 2);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(runs_);
    split->addWidget(compareBox);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    auto update = [this] { compare(a_->currentData().toLongLong(), b_->currentData().toLongLong()); };
    connect(a_, &QComboBox::currentIndexChanged, this, update);
    connect(b_, &QComboBox::currentIndexChanged, this, update);
    connect(runs_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        Q_EMIT openResults(runs_->item(row, 0)->data(Qt::UserRole).toLongLong());
    });
}

void RunHistoryPage::setStore(ProjectStore* store) {
    store_ = store;
    reload();
}

void RunHistoryPage::reload() {
    const QSignalBlocker blockA(a_), blockB(b_);
    runs_->setSortingEnabled(false);
    runs_->setRowCount(0);
    a_->clear();
    b_->clear();
    std::vector<RunInfo> runs;
    if (store_) {
        if (auto listed = store_->listRuns()) runs = std::move(*listed);
    }
    runs_->setRowCount(int(runs.size()));
    for (int r = 0; r < int(runs.size()); ++r) {
        const RunInfo& run = runs[size_t(r)];
        const auto config = parse(run.configJson), result = parse(run.resultJson);
        const auto train = config.value("train", nlohmann::json::object());
        const auto head = train.value("head", nlohmann::json::object());
        auto* id = new QTableWidgetItem;
        id->setData(Qt::DisplayRole, qlonglong(run.id));
        id->setData(Qt::UserRole, qlonglong(run.id));
        const QStringList cells{QString::fromStdString(run.name), QString::fromUtf8(runStatusName(run.status)),
                                QString::fromStdString(config.value("backbone", std::string())),
                                QString::fromStdString(studyHeadName(head.value("kind", std::string("full")))),
                                QString::number(train.value("batchSize", 0)),
                                QString::number(train.value("learningRate", 0.0), 'g', 3),
                                QString::number(result.value("epochs_run", 0)), QString::number(result.value("best_epoch", 0)),
                                percent(metricOf(result, "val", "accuracy")), percent(metricOf(result, "val", "macro_f1"))};
        runs_->setItem(r, 0, id);
        for (int c = 0; c < cells.size(); ++c) runs_->setItem(r, c + 1, new QTableWidgetItem(cells[c]));
        const QString title = tr("#%1 %2").arg(run.id).arg(QString::fromStdString(run.name));
        a_->addItem(title, qlonglong(run.id));
        b_->addItem(title, qlonglong(run.id));
    }
    runs_->setSortingEnabled(true);
    if (runs.size() >= 2) a_->setCurrentIndex(int(runs.size()) - 2);
    b_->setCurrentIndex(int(runs.size()) - 1);
    compare(a_->currentData().toLongLong(), b_->currentData().toLongLong());
}

void RunHistoryPage::compare(std::int64_t a, std::int64_t b) {
    charts_->clear();
    diff_->setRowCount(0);
    if (!store_) return;
    if (a > 0) charts_->showStoredRun(*store_, a, tr("A"), false);
    if (b > 0 && b != a) charts_->showStoredRun(*store_, b, tr("B"), false);
    auto resultOf = [this](std::int64_t id) {
        auto run = id > 0 ? store_->run(id) : Result<RunInfo>(makeError(ErrorCode::NotFound, ""));
        return run ? parse(run->resultJson) : nlohmann::json::object();
    };
    const auto ra = resultOf(a), rb = resultOf(b);
    const std::pair<const char*, const char*> rows[] = {{"val", "accuracy"}, {"val", "macro_f1"}, {"val", "top5"},
                                                        {"test", "accuracy"}, {"test", "macro_f1"}, {"test", "top5"}};
    const QString names[] = {tr("validation accuracy %"), tr("validation macro-F1 %"), tr("validation top-5 %"),
                             tr("test accuracy %"), tr("test macro-F1 %"), tr("test top-5 %")};
    diff_->setRowCount(6);
    for (int i = 0; i < 6; ++i) {
        const double va = metricOf(ra, rows[i].first, rows[i].second), vb = metricOf(rb, rows[i].first, rows[i].second);
        diff_->setItem(i, 0, new QTableWidgetItem(names[i]));
        diff_->setItem(i, 1, new QTableWidgetItem(percent(va)));
        diff_->setItem(i, 2, new QTableWidgetItem(percent(vb)));
        const QString d = va < 0 || vb < 0 ? QStringLiteral("–") : QString("%1%2").arg(vb >= va ? "+" : "").arg(100 * (vb - va), 0, 'f', 1);
        diff_->setItem(i, 3, new QTableWidgetItem(d));
    }
}

}  // namespace taxo::ui
