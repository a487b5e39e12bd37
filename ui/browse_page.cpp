#include "browse_page.h"
#include "step_timer.h"
#include "widget_shortcut.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QShortcut>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <map>

#include "core/store/project_store.h"
#include "label_commands.h"
#include "specimen_delegate.h"
#include "specimen_details.h"
#include "thumbnail_loader.h"

namespace taxo::ui {

BrowsePage::BrowsePage(LabelEditor* editor, QWidget* parent) : QWidget(parent), editor_(editor) {
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    search_ = new QLineEdit;
    search_->setPlaceholderText(tr("Search family, id or path…"));
    search_->setClearButtonEnabled(true);
    sort_ = new QComboBox;
    sort_->addItem(tr("Sort by id"), int(SpecimenListModel::SortKey::Id));
    sort_->addItem(tr("Sort by family"), int(SpecimenListModel::SortKey::Family));
    sort_->addItem(tr("Sort by split"), int(SpecimenListModel::SortKey::Split));
    sort_->addItem(tr("Sort by confidence"), int(SpecimenListModel::SortKey::Confidence));
    sort_->addItem(tr("Mistakes first"), int(SpecimenListModel::SortKey::Correctness));
    run_ = new QComboBox;
    run_->setToolTip(tr("Whose predictions the grid and the details show"));
    count_ = new QLabel;
    bar->addWidget(search_, 1);
    bar->addWidget(run_);
    bar->addWidget(sort_);
    bar->addWidget(count_);
    layout->addLayout(bar);

    model_ = new SpecimenListModel(this);
    view_ = new QListView;
    view_->setViewMode(QListView::IconMode);
    view_->setResizeMode(QListView::Adjust);
    view_->setMovement(QListView::Static);
    view_->setUniformItemSizes(true);  // the view then never asks every row for its size: 12,000 rows lay out at once
    view_->setGridSize(QSize(SpecimenDelegate::kCellWidth, SpecimenDelegate::kCellHeight));
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setItemDelegate(new SpecimenDelegate(view_));
    view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view_->setModel(model_);

    details_ = new SpecimenDetails;
    splitter_ = new QSplitter;
    splitter_->addWidget(view_);
    splitter_->addWidget(details_);
    splitter_->setStretchFactor(0, 3);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({760, 380});
    layout->addWidget(splitter_, 1);

    // Typing pauses briefly before the store is queried, so each key does not reload 12,000 rows.
    auto* searchDelay = new QTimer(this);
    searchDelay->setSingleShot(true);
    searchDelay->setInterval(250);
    connect(search_, &QLineEdit::textChanged, searchDelay, qOverload<>(&QTimer::start));
    connect(searchDelay, &QTimer::timeout, this, &BrowsePage::applyFilter);
    connect(search_, &QLineEdit::returnPressed, this, [this, searchDelay] {
        searchDelay->stop();
        applyFilter();
    });
    connect(sort_, qOverload<int>(&QComboBox::currentIndexChanged), this,
            [this] { model_->sortBy(SpecimenListModel::SortKey(sort_->currentData().toInt())); });
    connect(run_, qOverload<int>(&QComboBox::activated), this, [this] {
        const QVariant id = run_->currentData();
        setRun(id.isValid() ? std::optional<std::int64_t>(id.toLongLong()) : std::nullopt);
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, &BrowsePage::updateDetails);
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BrowsePage::updateDetails);
    connect(model_, &QAbstractItemModel::modelReset, this, [this] {
        count_->setText(tr("%n specimen(s)", nullptr, model_->rowCount()));
        updateDetails();
    });

    connect(details_, &SpecimenDetails::relabelRequested, this, &BrowsePage::relabelSelection);
    connect(details_, &SpecimenDetails::excludeToggled, this, &BrowsePage::toggleExcludedOfSelection);
    connect(details_, &SpecimenDetails::acceptSuggestionRequested, this, &BrowsePage::acceptSuggestionsOfSelection);
    connect(editor_, &LabelEditor::specimensChanged, this, [this](const std::vector<std::int64_t>& ids) {
        model_->refreshSpecimens(ids);
        updateDetails();
        refreshKnownLabels();
        Q_EMIT labelsChanged();
    });

    auto shortcut = [this](const QKeySequence& key, auto slot) { addWidgetShortcut(view_, key, this, slot); };
    shortcut(QKeySequence(Qt::Key_X), [this] { toggleExcludedOfSelection(); });
    shortcut(QKeySequence(Qt::Key_Return), [this] { acceptSuggestionsOfSelection(); });
    shortcut(QKeySequence(Qt::Key_Enter), [this] { acceptSuggestionsOfSelection(); });
    shortcut(QKeySequence(Qt::Key_J), [this] { moveCurrent(1); });
    shortcut(QKeySequence(Qt::Key_K), [this] { moveCurrent(-1); });
    shortcut(QKeySequence(Qt::Key_L), [this] {
        details_->labelEdit()->setFocus();
        details_->labelEdit()->selectAll();
    });
}

BrowsePage::~BrowsePage() {
    model_->setThumbnailLoader(nullptr);
}

void BrowsePage::setStore(ProjectStore* store) {
    store_ = store;
    model_->setThumbnailLoader(nullptr);
    delete loader_;
    loader_ = nullptr;
    if (store_) {
        ThumbnailLoader::Options options;
        options.cacheDir = QDir(QString::fromStdString(store_->dir())).filePath("thumbnails");
        loader_ = new ThumbnailLoader(options, this);
        model_->setThumbnailLoader(loader_);
    }
    taxon_ = {};
    StepTimer timer("BrowsePage::setStore");
    search_->clear();
    timer.step("search cleared");
    details_->setStore(store_);
    timer.step("details");
    model_->setStore(store_);
    timer.step("model");
    refreshKnownLabels();
    timer.step("known labels");
    refreshRuns();
    timer.step("runs");
    if (model_->rowCount() > 0) selectRow(0);
    timer.step("select row 0");
}

void BrowsePage::setTaxonFilter(const BrowserFilter& filter) {
    taxon_ = filter;
    applyFilter();
}

void BrowsePage::setRun(std::optional<std::int64_t> runId) {
    model_->setRun(runId);
    const int index = runId ? run_->findData(qint64(*runId)) : 0;
    if (index >= 0) run_->setCurrentIndex(index);
    updateDetails();
}

void BrowsePage::applyFilter() {
    BrowserFilter filter = taxon_;
    filter.text = search_->text();
    model_->setFilter(filter);
    if (model_->rowCount() > 0) selectRow(0);
}

std::vector<std::int64_t> BrowsePage::selectedIds() const {
    std::vector<std::int64_t> ids;
    for (const QModelIndex& index : view_->selectionModel()->selectedIndexes())
        ids.push_back(index.data(SpecimenListModel::IdRole).toLongLong());
    if (ids.empty() && view_->currentIndex().isValid())
        ids.push_back(view_->currentIndex().data(SpecimenListModel::IdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void BrowsePage::selectRow(int row) {
    const QModelIndex index = model_->index(row);
    if (!index.isValid()) return;
    view_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    view_->scrollTo(index);
}

void BrowsePage::moveCurrent(int delta) {
    const int row = view_->currentIndex().isValid() ? view_->currentIndex().row() + delta : 0;
    selectRow(qBound(0, row, model_->rowCount() - 1));
}

void BrowsePage::updateDetails() {
    const QModelIndex current = view_->currentIndex();
    const int selected = view_->selectionModel()->selectedIndexes().size();
    if (!current.isValid()) {
        details_->showSpecimen(0, 0, {}, 0);
        return;
    }
    details_->showSpecimen(current.data(SpecimenListModel::IdRole).toLongLong(), current.data(SpecimenListModel::PartRole).toInt(),
                           current.data(SpecimenListModel::TopJsonRole).toString(), selected);
}

void BrowsePage::refreshRuns() {
    run_->clear();
    run_->addItem(tr("No predictions"));
    std::optional<std::int64_t> latest;
    if (store_) {
        if (auto runs = store_->listRuns()) {
            for (const RunInfo& run : *runs) {
                run_->addItem(tr("Run #%1 %2").arg(run.id).arg(QString::fromStdString(run.name)), qint64(run.id));
                if (run.status == RunStatus::Finished) latest = run.id;
            }
        }
    }
    // The latest finished run is what a reviewer usually wants to check labels against.
    if (latest) run_->setCurrentIndex(run_->findData(qint64(*latest)));
    setRun(latest);
}

void BrowsePage::refreshKnownLabels() {
    QStringList labels;
    if (store_) {
        if (auto counts = store_->classCounts(true))
            for (const auto& entry : *counts) labels << QString::fromStdString(entry.first);
    }
    details_->setKnownLabels(labels);
}

void BrowsePage::toggleExcludedOfSelection() {
    const auto ids = selectedIds();
    if (ids.empty()) return;
    // Mixed selections become excluded; an all-excluded selection is included again.
    bool allExcluded = true;
    for (const QModelIndex& index : view_->selectionModel()->selectedIndexes())
        allExcluded = allExcluded && index.data(SpecimenListModel::ExcludedRole).toBool();
    if (view_->selectionModel()->selectedIndexes().isEmpty())
        allExcluded = view_->currentIndex().data(SpecimenListModel::ExcludedRole).toBool();
    editor_->setExcluded(ids, !allExcluded);
}

void BrowsePage::acceptSuggestionsOfSelection() {
    std::map<std::int64_t, QString> suggestions;
    QModelIndexList indexes = view_->selectionModel()->selectedIndexes();
    if (indexes.isEmpty() && view_->currentIndex().isValid()) indexes << view_->currentIndex();
    for (const QModelIndex& index : indexes) {
        const QString predicted = index.data(SpecimenListModel::PredictedLabelRole).toString();
        if (!predicted.isEmpty() && predicted != index.data(SpecimenListModel::LabelRole).toString())
            suggestions[index.data(SpecimenListModel::IdRole).toLongLong()] = predicted;
    }
    if (!suggestions.empty()) editor_->acceptSuggestions(suggestions);
    if (indexes.size() == 1) moveCurrent(1);  // one-by-one review: on to the next
}

void BrowsePage::relabelSelection(const QString& label) {
    editor_->relabel(selectedIds(), label);
}

}  // namespace taxo::ui
