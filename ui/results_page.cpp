#include "results_page.h"

#include <algorithm>
#include <cmath>

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHorizontalBarSeries>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>

#include "core/eval/metrics.h"
#include "core/store/project_store.h"
#include "confusion_model.h"
#include "confusion_view.h"
#include "misclassified_gallery.h"
#include "per_class_model.h"
#include "run_evaluation.h"

namespace taxo::ui {
namespace {

QList<qint64> toList(const std::vector<std::int64_t>& ids) { return QList<qint64>(ids.begin(), ids.end()); }

}  // namespace

ResultsPage::ResultsPage(QWidget* parent) : QWidget(parent) {
    run_ = new QComboBox;
    run_->setMinimumContentsLength(30);
    part_ = new QComboBox;
    part_->addItem(tr("validation"), "val");
    part_->addItem(tr("test"), "test");
    summary_ = new QLabel;
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Run")));
    top->addWidget(run_);
    top->addWidget(new QLabel(tr("Part")));
    top->addWidget(part_);
    top->addWidget(summary_, 1);

    // Per-class table.
    perClass_ = new PerClassModel(this);
    perClassProxy_ = new QSortFilterProxyModel(this);
    perClassProxy_->setSourceModel(perClass_);
    perClassProxy_->setSortRole(Qt::UserRole);
    perClassProxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    perClassProxy_->setFilterKeyColumn(-1);
    table_ = new QTableView;
    table_->setModel(perClassProxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(PerClassModel::F1, Qt::AscendingOrder);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(PerClassModel::Family, QHeaderView::Stretch);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->verticalHeader()->hide();
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter families or phyla…"));
    filter_->setClearButtonEnabled(true);
    auto* classes = new QWidget;
    classes->setObjectName("per_class");
    auto* classesLayout = new QVBoxLayout(classes);
    classesLayout->addWidget(filter_);
    classesLayout->addWidget(table_);
    connect(filter_, &QLineEdit::textChanged, perClassProxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(table_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        requestClass(perClassProxy_->data(index, PerClassModel::ClassIndexRole).toInt());
    });

    // Worst families.
    worst_ = new QChartView;
    worst_->setObjectName("worst_families");
    worst_->setRenderHint(QPainter::Antialiasing);

    // Confusion matrix.
    confusion_ = new ConfusionModel(this);
    confusionView_ = new ConfusionView(confusion_);
    auto* scroll = new QScrollArea;
    scroll->setWidget(confusionView_);
    scroll->setAlignment(Qt::AlignCenter);
    threshold_ = new QSpinBox;
    threshold_->setRange(1, 100000);
    zoom_ = new QSpinBox;
    zoom_->setRange(2, 40);
    zoom_->setSuffix(tr(" px"));
    zoom_->setValue(confusionView_->cellSize());
    hideDiagonal_ = new QCheckBox(tr("Hide the diagonal"));
    order_ = new QComboBox;
    order_->addItem(tr("phylum, family"));
    order_->addItem(tr("support"));
    topConfusions_ = new QListWidget;
    auto* controls = new QFormLayout;
    controls->addRow(tr("Cell size"), zoom_);
    controls->addRow(tr("Show counts from"), threshold_);
    controls->addRow(QString(), hideDiagonal_);
    controls->addRow(tr("Order"), order_);
    auto* side = new QVBoxLayout;
    side->addLayout(controls);
    side->addWidget(new QLabel(tr("Top confusions (true → predicted)")));
    side->addWidget(topConfusions_, 1);
    auto* sidePanel = new QWidget;
    sidePanel->setLayout(side);
    sidePanel->setMaximumWidth(460);
    auto* matrix = new QWidget;
    matrix->setObjectName("confusion_matrix");
    auto* matrixLayout = new QHBoxLayout(matrix);
    matrixLayout->addWidget(scroll, 1);
    matrixLayout->addWidget(sidePanel);
    connect(zoom_, &QSpinBox::valueChanged, confusionView_, &ConfusionView::setCellSize);
    connect(threshold_, &QSpinBox::valueChanged, this, [this](int v) {
        confusion_->setThreshold(v);
        fillTopConfusions();
    });
    connect(hideDiagonal_, &QCheckBox::toggled, confusion_, &ConfusionModel::setHideDiagonal);
    connect(order_, &QComboBox::currentIndexChanged, this,
            [this](int i) { confusion_->setOrder(i == 0 ? ConfusionModel::ByName : ConfusionModel::BySupport); });
    connect(confusionView_, &ConfusionView::cellClicked, this, &ResultsPage::requestCell);
    connect(topConfusions_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        requestCell(item->data(Qt::UserRole).toInt(), item->data(Qt::UserRole + 1).toInt());
    });

    gallery_ = new MisclassifiedGallery;
    gallery_->setObjectName("misclassified");
    connect(gallery_, &MisclassifiedGallery::specimenActivated, this, [this](qint64 id) {
        Q_EMIT showSpecimens({id}, tr("Specimen %1").arg(id), currentRun().value_or(0));
    });

    tabs_ = new QTabWidget;
    tabs_->setObjectName("subviews");
    tabs_->addTab(classes, tr("Per class"));
    tabs_->addTab(worst_, tr("Worst families"));
    tabs_->addTab(matrix, tr("Confusion matrix"));
    tabs_->addTab(gallery_, tr("Misclassified"));

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(tabs_, 1);
    connect(run_, &QComboBox::currentIndexChanged, this, &ResultsPage::reload);
    connect(part_, &QComboBox::currentIndexChanged, this, &ResultsPage::reload);
}

ResultsPage::~ResultsPage() = default;

void ResultsPage::setStore(ProjectStore* store) {
    store_ = store;
    gallery_->setThumbnailCache(store ? QDir(QString::fromStdString(store->dir())).filePath("thumbnails") : QString());
    reloadRuns();
}

void ResultsPage::reloadRuns() {
    const QSignalBlocker block(run_);
    run_->clear();
    if (store_) {
        if (auto runs = store_->listRuns()) {
            for (auto it = runs->rbegin(); it != runs->rend(); ++it)
                if (it->status == RunStatus::Finished)
                    run_->addItem(tr("#%1 %2").arg(it->id).arg(QString::fromStdString(it->name)), qlonglong(it->id));
        }
    }
    reload();
}

std::optional<std::int64_t> ResultsPage::currentRun() const {
    if (run_->currentIndex() < 0) return std::nullopt;
    return run_->currentData().toLongLong();
}

bool ResultsPage::showRun(std::int64_t runId, const QString& part) {
    const int r = run_->findData(qlonglong(runId));
    if (r < 0) return false;
    const QSignalBlocker block(part_);
    part_->setCurrentIndex(std::max(0, part_->findData(part)));
    if (run_->currentIndex() == r) reload();
    else run_->setCurrentIndex(r);
    return evaluation_ != nullptr;
}

void ResultsPage::reload() {
    evaluation_.reset();
    const auto runId = currentRun();
    if (store_ && runId) {
        auto e = RunEvaluation::load(*store_, *runId, part_->currentData().toString());
        if (e) evaluation_ = std::make_unique<RunEvaluation>(std::move(*e));
        else summary_->setText(QString::fromStdString(e.error().message));
    } else {
        summary_->setText(store_ ? tr("No finished run yet: train one on the Training page.") : QString());
    }
    const ClassificationReport report = evaluation_ ? evaluation_->report : ClassificationReport{};
    const QStringList names = evaluation_ ? evaluation_->classNames : QStringList{};
    if (evaluation_)
        summary_->setText(tr("%1 photos, accuracy %2 %, macro-F1 %3 %")
                              .arg(report.rows)
                              .arg(100 * report.accuracy, 0, 'f', 1)
                              .arg(100 * report.macroF1, 0, 'f', 1));
    perClass_->setReport(report, names);
    confusion_->setReport(report, names);
    // Fit the matrix to the view at first: 4 classes get large cells with counts, 202 get small ones.
    if (report.numClasses > 0) zoom_->setValue(std::clamp(560 / report.numClasses, 2, 40));
    fillWorstChart();
    fillTopConfusions();
    if (evaluation_) gallery_->setEvaluation(*evaluation_, store_);
    else if (!store_ || !runId) gallery_->showNothing(tr("No run yet: train a model on the Training page, and its wrong predictions appear here."));
    else gallery_->showNothing(tr("Run #%1 has no predictions for the %2 part: it was not evaluated there (an empty part, or a run that did not finish).")
                                   .arg(*runId)
                                   .arg(part_->currentText()));
}

void ResultsPage::fillWorstChart() {
    auto* chart = new QChart;
    chart->legend()->hide();
    if (evaluation_) {
        const auto worst = worstClasses(evaluation_->report, kWorstCount);
        chart->setTitle(tr("The %1 families with the lowest F1").arg(worst.size()));
        auto* set = new QBarSet(tr("F1"));
        QStringList categories;
        // Horizontal bars are drawn bottom-up: the worst goes last so it is on top.
        for (auto it = worst.rbegin(); it != worst.rend(); ++it) {
            *set << std::round(1000 * it->f1) / 10;  // one decimal in the bar labels
            categories << tr("%1 (%2)").arg(evaluation_->classNames[it->classIndex]).arg(it->support);
        }
        auto* series = new QHorizontalBarSeries;
        series->append(set);
        series->setLabelsVisible(true);
        series->setLabelsFormat("@value %");
        chart->addSeries(series);
        auto* y = new QBarCategoryAxis;
        y->append(categories);
        auto* x = new QValueAxis;
        x->setRange(0, 100);
        x->setTitleText(tr("F1 (%)"));
        chart->addAxis(y, Qt::AlignLeft);
        chart->addAxis(x, Qt::AlignBottom);
        series->attachAxis(y);
        series->attachAxis(x);
        std::vector<int> classes;
        for (auto it = worst.rbegin(); it != worst.rend(); ++it) classes.push_back(it->classIndex);
        connect(set, &QBarSet::clicked, this, [this, classes](int index) {
            if (index >= 0 && index < int(classes.size())) requestClass(classes[size_t(index)]);
        });
    }
    QChart* old = worst_->chart();
    worst_->setChart(chart);
    delete old;
}

void ResultsPage::fillTopConfusions() {
    topConfusions_->clear();
    if (!evaluation_) return;
    for (const Confusion& c : confusion_->topConfusions(50)) {
        auto* item = new QListWidgetItem(tr("%1 → %2: %3")
                                             .arg(evaluation_->classNames[c.trueClass], evaluation_->classNames[c.predictedClass])
                                             .arg(c.count));
        item->setData(Qt::UserRole, c.trueClass);
        item->setData(Qt::UserRole + 1, c.predictedClass);
        topConfusions_->addItem(item);
    }
}

void ResultsPage::requestCell(int trueClass, int predictedClass) {
    if (!evaluation_) return;
    Q_EMIT showSpecimens(toList(evaluation_->specimensIn(trueClass, predictedClass)),
                         tr("%1 predicted as %2").arg(evaluation_->classNames[trueClass], evaluation_->classNames[predictedClass]),
                         evaluation_->runId);
}

void ResultsPage::requestClass(int classIndex) {
    if (!evaluation_) return;
    Q_EMIT showSpecimens(toList(evaluation_->specimensOf(classIndex)), evaluation_->classNames[classIndex], evaluation_->runId);
}

}  // namespace taxo::ui
