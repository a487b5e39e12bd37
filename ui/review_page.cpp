#include "review_page.h"
#include "widget_shortcut.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QEventLoop>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QLineEdit>
#include <QListView>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "core/store/project_store.h"
#include "duplicate_groups_panel.h"
#include "job_runner.h"
#include "label_commands.h"
#include "review_models.h"
#include "specimen_details.h"
#include "specimen_list_model.h"
#include "thumbnail_loader.h"

namespace taxo::ui {
namespace {
constexpr int kMaxRunEntries = 200;  // the least confident predictions listed; beyond them the model is sure enough

// "backbone, time" of a saved report; reports made with the CLI carry neither.
QString provenance(const std::string& backbone, const std::string& createdAt) {
    QStringList parts;
    if (!backbone.empty()) parts << QString::fromStdString(backbone);
    if (!createdAt.empty()) parts << QString::fromStdString(createdAt);
    return parts.join(QStringLiteral(", "));
}
}

ReviewPage::ReviewPage(LabelEditor* editor, QWidget* parent)
    : QWidget(parent), editor_(editor), runner_(new JobRunner(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    subviews_ = new QTabWidget;
    subviews_->setObjectName("subviews");
    subviews_->setDocumentMode(true);
    layout->addWidget(subviews_);
    queueModel_ = new ReviewQueueModel(this);
    duplicatesModel_ = new DuplicateGroupsModel(this);
    buildQueueTab();
    duplicatesPanel_ = new DuplicateGroupsPanel(duplicatesModel_);
    duplicatesPanel_->setObjectName("review_duplicates");
    subviews_->addTab(duplicatesPanel_, tr("Near-duplicates"));

    connect(duplicatesPanel_, &DuplicateGroupsPanel::findRequested, this, [this](double t) { findDuplicates(t, false); });
    connect(duplicatesPanel_, &DuplicateGroupsPanel::extractRequested, this, [this](double t) { findDuplicates(t, true); });
    connect(duplicatesPanel_, &DuplicateGroupsPanel::excludeRequested, this,
            [this](qint64 id, bool excluded) { editor_->setExcluded({id}, excluded); });
    connect(runner_, &JobRunner::progressed, this,
            [this](const QString& phase, qint64 done, qint64 total, double, double remaining, const QString&) {
                if (total > 0) progress_->setRange(0, int(total)), progress_->setValue(int(done));
                QString text = phase;
                if (remaining >= 0) text += tr(" — about %1 s left").arg(qRound(remaining));
                phase_->setText(text);
            });
    connect(runner_, &JobRunner::finished, this, &ReviewPage::onFinished);
    connect(cancel_, &QPushButton::clicked, runner_, &JobRunner::cancel);
    connect(editor_, &LabelEditor::specimensChanged, this, [this](const std::vector<std::int64_t>& ids) {
        queueModel_->refreshSpecimens(ids);
        duplicatesModel_->refreshSpecimens(ids);
        updateDetails();
        refreshKnownLabels();
    });
    setStore(nullptr);
}

ReviewPage::~ReviewPage() {
    queueModel_->setThumbnailLoader(nullptr);
    delete runner_;  // waits for a running analysis to see its cancellation
}

void ReviewPage::buildQueueTab() {
    auto* tab = new QWidget;
    tab->setObjectName("review_queue");
    auto* layout = new QVBoxLayout(tab);
    auto* bar = new QHBoxLayout;
    queueChooser_ = new QComboBox;
    queueChooser_->addItem(tr("Likely label errors"));
    queueChooser_->addItem(tr("Least confident"));
    confidence_ = new QDoubleSpinBox;
    confidence_->setRange(0.5, 0.99);
    confidence_->setDecimals(2);
    confidence_->setSingleStep(0.05);
    confidence_->setValue(suspectParams_.confidence);
    confidence_->setPrefix(tr("p ≥ "));
    confidence_->setToolTip(tr("A label counts as contradicted when a head that never saw the photo gives another family at least this probability"));
    find_ = new QPushButton(tr("Find suspects"));
    find_->setToolTip(tr("Cross-validate the labels on the cached embeddings (runs in the background; the app stays usable)"));
    progress_ = new QProgressBar;
    progress_->setMaximumWidth(200);
    cancel_ = new QPushButton(tr("Cancel"));
    phase_ = new QLabel;
    bar->addWidget(queueChooser_);
    bar->addWidget(confidence_);
    bar->addWidget(find_);
    bar->addWidget(progress_);
    bar->addWidget(cancel_);
    bar->addWidget(phase_, 1);
    layout->addLayout(bar);
    source_ = new QLabel;
    source_->setWordWrap(true);
    layout->addWidget(source_);

    stack_ = new QStackedWidget;
    auto* emptyPage = new QWidget;
    auto* emptyLayout = new QVBoxLayout(emptyPage);
    empty_ = new QLabel;
    empty_->setObjectName("emptyState");
    empty_->setWordWrap(true);
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setMargin(24);
    extract_ = new QPushButton(tr("Extract features and find suspects"));
    extract_->setObjectName("extractSuspects");
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(empty_);
    emptyLayout->addWidget(extract_, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(2);
    stack_->addWidget(emptyPage);
    view_ = new QListView;
    view_->setModel(queueModel_);
    view_->setIconSize(QSize(ReviewQueueModel::kIconSize, ReviewQueueModel::kIconSize));
    view_->setUniformItemSizes(true);
    view_->setSpacing(2);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    stack_->addWidget(view_);
    details_ = new SpecimenDetails;
    auto* splitter = new QSplitter;
    splitter->addWidget(stack_);
    splitter->addWidget(details_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({640, 420});
    layout->addWidget(splitter, 1);
    auto* keys = new QLabel(tr("Keys on the list: <b>A</b> accept the suggestion · <b>R</b> relabel · <b>X</b> exclude or include · "
                               "<b>Space</b>/<b>→</b> next · <b>←</b> previous · <b>Ctrl+Z</b> undo"));
    layout->addWidget(keys);
    subviews_->addTab(tab, tr("Review queue"));

    connect(queueChooser_, qOverload<int>(&QComboBox::currentIndexChanged), this, &ReviewPage::updateQueue);
    connect(find_, &QPushButton::clicked, this, [this] { findSuspects(false); });
    connect(extract_, &QPushButton::clicked, this, [this] { findSuspects(true); });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, &ReviewPage::updateDetails);
    connect(queueModel_, &QAbstractItemModel::modelReset, this, [this] {
        if (queueModel_->rowCount() > 0) view_->setCurrentIndex(queueModel_->index(0));
        updateDetails();
    });
    connect(details_, &SpecimenDetails::relabelRequested, this, &ReviewPage::relabelCurrent);
    connect(details_, &SpecimenDetails::excludeToggled, this, &ReviewPage::toggleExcludedCurrent);
    connect(details_, &SpecimenDetails::acceptSuggestionRequested, this, &ReviewPage::acceptCurrent);

    auto shortcut = [this](const QKeySequence& key, auto slot) { addWidgetShortcut(view_, key, this, slot); };
    shortcut(QKeySequence(Qt::Key_A), [this] { acceptCurrent(); });
    shortcut(QKeySequence(Qt::Key_Return), [this] { acceptCurrent(); });
    shortcut(QKeySequence(Qt::Key_Enter), [this] { acceptCurrent(); });
    shortcut(QKeySequence(Qt::Key_X), [this] { toggleExcludedCurrent(); });
    shortcut(QKeySequence(Qt::Key_R), [this] { startRelabel(); });
    shortcut(QKeySequence(Qt::Key_Space), [this] { moveCurrent(1); });
    shortcut(QKeySequence(Qt::Key_Right), [this] { moveCurrent(1); });
    shortcut(QKeySequence(Qt::Key_Left), [this] { moveCurrent(-1); });
}

void ReviewPage::setStore(ProjectStore* store) {
    if (runner_->busy()) {
        runner_->cancel();
        waitForIdle(30000);
    }
    store_ = store;
    suspects_.reset();
    duplicates_.reset();
    extractionNote_.clear();
    errorNote_.clear();
    queueModel_->setThumbnailLoader(nullptr);
    duplicatesPanel_->setThumbnailLoader(nullptr);
    delete loader_;
    loader_ = nullptr;
    if (store_) {
        ThumbnailLoader::Options options;
        // The browser's cache and size, so both share the files on disk.
        options.cacheDir = QDir(QString::fromStdString(store_->dir())).filePath("thumbnails");
        loader_ = new ThumbnailLoader(options, this);
        if (auto saved = readSuspectReview(store_->dir()); saved && saved->has_value()) suspects_ = std::move(**saved);
        else if (!saved) errorNote_ = QString::fromStdString(saved.error().message);
        if (auto saved = readDuplicateReview(store_->dir()); saved && saved->has_value()) duplicates_ = std::move(**saved);
        else if (!saved) errorNote_ = QString::fromStdString(saved.error().message);
    }
    queueModel_->setStore(store_);
    duplicatesModel_->setStore(store_);
    queueModel_->setThumbnailLoader(loader_);
    duplicatesPanel_->setThumbnailLoader(loader_);
    details_->setStore(store_);
    refreshKnownLabels();
    backboneChosen_ = false;
    reloadRuns();
    progress_->hide();
    cancel_->hide();
    phase_->clear();
    find_->setEnabled(store_ != nullptr);
    duplicatesPanel_->setBusy(store_ == nullptr);
    updateDuplicates();
}

void ReviewPage::setBackbone(const QString& backboneId) {
    backbone_ = backboneId;
    backboneChosen_ = true;
}

void ReviewPage::setSuspectParams(const LabelSuspectParams& params) {
    suspectParams_ = params;
    confidence_->setValue(params.confidence);
}

void ReviewPage::reloadRuns() {
    runId_.reset();
    runName_.clear();
    if (store_) {
        if (auto runs = store_->listRuns()) {
            for (const RunInfo& run : *runs) {
                if (run.status != RunStatus::Finished) continue;
                runId_ = run.id;
                runName_ = QString::fromStdString(run.name);
                // The embeddings worth checking labels with are those the latest model learnt from.
                const auto config = nlohmann::json::parse(run.configJson, nullptr, false);
                if (!backboneChosen_ && config.is_object() && config.contains("backboneId") && config["backboneId"].is_string())
                    backbone_ = QString::fromStdString(config["backboneId"].get<std::string>());
            }
        }
    }
    updateQueue();
}

bool ReviewPage::busy() const { return runner_->busy(); }
void ReviewPage::cancel() { runner_->cancel(); }

bool ReviewPage::waitForIdle(int timeoutMs) {
    QElapsedTimer timer;
    timer.start();
    while (runner_->busy() && timer.elapsed() < timeoutMs) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QThread::msleep(5);
    }
    return !runner_->busy();
}

bool ReviewPage::findSuspects(bool extractMissing) {
    return startJob(extractMissing ? tr("Extracting features, then finding likely label errors") : tr("Finding likely label errors"), true,
                    extractMissing, 0);
}

bool ReviewPage::findDuplicates(double threshold, bool extractMissing) {
    duplicatesPanel_->setThreshold(threshold);
    return startJob(extractMissing ? tr("Extracting features, then finding near-duplicates") : tr("Finding near-duplicates"), false,
                    extractMissing, threshold);
}

bool ReviewPage::startJob(const QString& title, bool suspects, bool extractMissing, double threshold) {
    if (!store_ || runner_->busy()) return false;
    auto outcome = std::make_shared<Outcome>();
    outcome->suspects = suspects;
    ReviewFeatureParams features;
    features.projectDir = store_->dir();
    features.backboneId = backbone_.toStdString();
    features.modelsDir = modelsDir_.toStdString();
    features.extractMissing = extractMissing;
    LabelSuspectParams suspectParams = suspectParams_;
    suspectParams.confidence = confidence_->value();
    NearDuplicateParams duplicateParams;
    duplicateParams.threshold = threshold;
    const std::string dir = store_->dir(), backbone = backbone_.toStdString();
    const bool started = runner_->start(title, [=](const ProgressFn& progress, JobControl& control) -> Status {
        auto gathered = loadReviewFeatures(features, progress, &control);
        if (!gathered) return gathered.error();
        outcome->photos = gathered->photos;
        outcome->cached = gathered->cached;
        if (gathered->needsExtraction()) {
            outcome->needsExtraction = true;
            return {};
        }
        if (suspects) {
            auto review = runSuspectReview(dir, *gathered, backbone, suspectParams, progress, &control);
            if (!review) return review.error();
            outcome->suspectReview = std::move(*review);
        } else {
            auto review = runDuplicateReview(dir, *gathered, backbone, duplicateParams, progress, &control);
            if (!review) return review.error();
            outcome->duplicateReview = std::move(*review);
        }
        return {};
    });
    if (!started) return false;
    outcome_ = outcome;
    progress_->setRange(0, 0);
    progress_->show();
    cancel_->show();
    phase_->setText(title);
    find_->setEnabled(false);
    extract_->setEnabled(false);
    duplicatesPanel_->setBusy(true);
    if (!suspects) duplicatesPanel_->setSummary(title + QStringLiteral("…"));
    return true;
}

void ReviewPage::onFinished(bool ok, const QString& message) {
    progress_->hide();
    cancel_->hide();
    find_->setEnabled(store_ != nullptr);
    extract_->setEnabled(true);
    duplicatesPanel_->setBusy(store_ == nullptr);
    const std::shared_ptr<Outcome> outcome = std::move(outcome_);
    if (!outcome) return;
    duplicatesPending_ = !outcome->suspects;
    if (!ok) {
        phase_->setText(tr("Stopped: %1").arg(message));
        errorNote_ = tr("The analysis did not finish: %1").arg(message);
    } else if (outcome->needsExtraction) {
        phase_->clear();
        extractionNote_ = outcome->cached == 0
                              ? tr("No features extracted yet for %1. The analyses compare the photos' embeddings: extract them "
                                   "first (the button below, a training run, or taxoscope-cli extract).")
                                    .arg(backbone_)
                              : tr("%1 of %2 photos have no embeddings for %3 yet. Extract them first (the button below, a "
                                   "training run, or taxoscope-cli extract).")
                                    .arg(outcome->photos - outcome->cached)
                                    .arg(outcome->photos)
                                    .arg(backbone_);
    } else {
        phase_->clear();
        errorNote_.clear();
        extractionNote_.clear();
        if (outcome->suspectReview) {
            suspects_ = std::move(outcome->suspectReview);
            showQueue(Queue::Suspects);
        }
        if (outcome->duplicateReview) duplicates_ = std::move(outcome->duplicateReview);
    }
    updateQueue();
    updateDuplicates();
    Q_EMIT analysisFinished(ok, message);
}

void ReviewPage::showQueue(Queue queue) {
    queueChooser_->setCurrentIndex(int(queue));
    updateQueue();
}

ReviewPage::Queue ReviewPage::queue() const { return Queue(queueChooser_->currentIndex()); }

void ReviewPage::setEmpty(const QString& text, bool offerExtraction) {
    queueModel_->clear();
    empty_->setText(text);
    extract_->setVisible(offerExtraction);
    stack_->setCurrentIndex(0);
}

void ReviewPage::updateQueue() {
    source_->clear();
    if (!store_) return setEmpty(tr("Open a project to review its labels."));
    if (!errorNote_.isEmpty() && !suspects_ && !duplicatesPending_) return setEmpty(errorNote_);
    if (queue() == Queue::Suspects) {
        if (!suspects_) {
            if (!extractionNote_.isEmpty() && !duplicatesPending_) return setEmpty(extractionNote_, true);
            return setEmpty(tr("Press Find suspects: every labelled photo is predicted by a head that never saw it "
                               "(%1-fold cross-validation on the cached embeddings of %2), and the labels those "
                               "predictions confidently contradict are listed here.")
                                .arg(suspectParams_.folds)
                                .arg(backbone_));
        }
        const SuspectReview& r = *suspects_;
        if (r.confidence > 0) confidence_->setValue(r.confidence);
        if (r.contradicted.empty())
            return setEmpty(tr("No suspects found: no label is contradicted with p ≥ %1 (out-of-fold accuracy %2 %, %3 folds). "
                               "Lower the threshold and search again, or look at the least confident specimens.")
                                .arg(QLocale().toString(r.confidence, 'f', 2))
                                .arg(QLocale().toString(100 * r.outOfFoldAccuracy, 'f', 1))
                                .arg(r.folds));
        stack_->setCurrentIndex(1);
        queueModel_->setEntries(r.contradicted);
        QString where = provenance(r.backbone, r.createdAt);
        if (!where.isEmpty()) where += QStringLiteral(", ");
        source_->setText(tr("%n likely label error(s) from the cross-validated label check (%1%2 folds, p ≥ %3; "
                            "out-of-fold accuracy %4 %), most confident contradiction first.",
                            nullptr, int(r.contradicted.size()))
                             .arg(where)
                             .arg(r.folds)
                             .arg(QLocale().toString(r.confidence, 'f', 2))
                             .arg(QLocale().toString(100 * r.outOfFoldAccuracy, 'f', 1)));
    } else {
        QString source;
        std::vector<ReviewEntry> entries = runEntries(source);
        if (entries.empty() && suspects_ && !suspects_->leastConfident.empty()) {
            entries = suspects_->leastConfident;
            source = tr("No finished run has predictions yet, so these come from the cross-validated label check (%1): "
                        "lowest out-of-fold probability of the given label first.")
                         .arg(provenance(suspects_->backbone, suspects_->createdAt));
        }
        if (entries.empty())
            return setEmpty(tr("No predictions to rank yet: train a model on the Training tab, or press Find suspects "
                               "for cross-validated ones."));
        stack_->setCurrentIndex(1);
        queueModel_->setEntries(std::move(entries));
        source_->setText(source);
    }
}

std::vector<ReviewEntry> ReviewPage::runEntries(QString& source) const {
    std::vector<ReviewEntry> entries;
    if (!store_ || !runId_) return entries;
    auto rows = store_->predictions(*runId_);
    if (!rows || rows->empty()) return entries;
    std::vector<const PredictionRow*> order;
    std::set<Part> parts;
    for (const auto& row : *rows) {
        order.push_back(&row);
        parts.insert(row.part);
    }
    std::stable_sort(order.begin(), order.end(), [](const PredictionRow* a, const PredictionRow* b) { return a->confidence < b->confidence; });
    if (order.size() > std::size_t(kMaxRunEntries)) order.resize(std::size_t(kMaxRunEntries));
    for (const PredictionRow* row : order) {
        ReviewEntry e;
        e.id = row->specimenId;
        e.givenLabel = row->trueLabel;
        e.suggestedLabel = row->predictedLabel;
        e.suggestedProbability = row->confidence;
        e.givenProbability = row->trueLabel == row->predictedLabel ? row->confidence : -1;
        const auto top = nlohmann::json::parse(row->topJson, nullptr, false);
        if (top.is_array())
            for (const auto& t : top)
                if (t.is_object() && t.value("label", std::string()) == row->trueLabel) e.givenProbability = t.value("p", 0.0);
        e.topJson = row->topJson;
        e.score = 1 - row->confidence;
        entries.push_back(std::move(e));
    }
    QStringList partNames;
    for (Part p : parts) partNames << SpecimenListModel::partTitle(p);
    source = tr("The %n least confident prediction(s) of run #%1 “%2” (parts: %3), lowest confidence first.", nullptr, int(entries.size()))
                 .arg(*runId_)
                 .arg(runName_, partNames.join(QStringLiteral(", ")));
    return entries;
}

void ReviewPage::updateDetails() {
    const QModelIndex current = view_->currentIndex();
    if (!current.isValid() || stack_->currentIndex() == 0) {
        details_->showSpecimen(0, 0, {}, 0);
        return;
    }
    details_->showSpecimen(current.data(ReviewQueueModel::IdRole).toLongLong(), current.data(ReviewQueueModel::PartRole).toInt(),
                           current.data(ReviewQueueModel::TopJsonRole).toString(), 1);
}

void ReviewPage::updateDuplicates() {
    if (!store_) {
        duplicatesModel_->clear();
        duplicatesPanel_->setSummary(QString());
        return duplicatesPanel_->setEmptyText(tr("Open a project to look for near-duplicate photos."));
    }
    if (!duplicates_) {
        duplicatesModel_->clear();
        duplicatesPanel_->setSummary(QString());
        if (!extractionNote_.isEmpty() && duplicatesPending_) return duplicatesPanel_->setEmptyText(extractionNote_, true);
        if (!errorNote_.isEmpty() && duplicatesPending_) return duplicatesPanel_->setEmptyText(errorNote_);
        return duplicatesPanel_->setEmptyText(tr("Press Find near-duplicates: photos whose embeddings are nearly identical "
                                                 "(re-encoded, resized or twice-shot copies) are grouped here. Groups that straddle "
                                                 "train and test inflate test scores; groups whose labels disagree hide a label error."));
    }
    duplicatesModel_->setReview(*duplicates_);
    duplicatesPanel_->setThreshold(duplicates_->threshold);
    if (duplicatesModel_->rowCount() == 0)
        return duplicatesPanel_->setEmptyText(tr("No near-duplicates found at cosine ≥ %1. Lower the threshold to look "
                                                 "for looser matches.")
                                                  .arg(QLocale().toString(duplicates_->threshold, 'f', 3)));
    duplicatesPanel_->setEmptyText(QString());
    const QString where = provenance(duplicates_->backbone, duplicates_->createdAt);
    duplicatesPanel_->setSummary(tr("%n group(s) at cosine ≥ %1%2: %3 straddle the split, %4 with disagreeing labels "
                                    "(framed red and orange).", nullptr, duplicatesModel_->rowCount())
                                     .arg(QLocale().toString(duplicates_->threshold, 'f', 3))
                                     .arg(where.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(where))
                                     .arg(duplicatesModel_->straddlingCount())
                                     .arg(duplicatesModel_->conflictingCount()));
}

void ReviewPage::refreshKnownLabels() {
    QStringList labels;
    if (store_)
        if (auto counts = store_->classCounts(true))
            for (const auto& entry : *counts) labels << QString::fromStdString(entry.first);
    details_->setKnownLabels(labels);
}

void ReviewPage::acceptCurrent() {
    const QModelIndex current = view_->currentIndex();
    if (!current.isValid()) return;
    const QString suggested = current.data(ReviewQueueModel::SuggestedLabelRole).toString();
    // A suggestion equal to the label (a right but unsure prediction) has nothing to change: on to the next.
    if (!suggested.isEmpty() && suggested != current.data(ReviewQueueModel::LabelRole).toString())
        editor_->acceptSuggestions({{current.data(ReviewQueueModel::IdRole).toLongLong(), suggested}});
    moveCurrent(1);
}

void ReviewPage::relabelCurrent(const QString& label) {
    const QModelIndex current = view_->currentIndex();
    if (!current.isValid()) return;
    if (editor_->relabel({current.data(ReviewQueueModel::IdRole).toLongLong()}, label)) {
        view_->setFocus();
        moveCurrent(1);
    }
}

void ReviewPage::toggleExcludedCurrent() {
    const QModelIndex current = view_->currentIndex();
    if (!current.isValid()) return;
    const bool exclude = !current.data(ReviewQueueModel::ExcludedRole).toBool();
    if (editor_->setExcluded({current.data(ReviewQueueModel::IdRole).toLongLong()}, exclude) && exclude) moveCurrent(1);
}

void ReviewPage::moveCurrent(int delta) {
    if (queueModel_->rowCount() == 0) return;
    const int row = view_->currentIndex().isValid() ? view_->currentIndex().row() + delta : 0;
    const QModelIndex index = queueModel_->index(qBound(0, row, queueModel_->rowCount() - 1));
    view_->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    view_->scrollTo(index);
}

void ReviewPage::startRelabel() {
    details_->labelEdit()->setFocus();
    details_->labelEdit()->selectAll();
}

}  // namespace taxo::ui
