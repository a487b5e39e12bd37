#include "training_page.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <memory>

#include "core/data/augment.h"
#include "core/models/backbone.h"
#include "core/store/project_store.h"
#include "job_runner.h"
#include "training_charts.h"

namespace taxo::ui {
namespace {

QString duration(double seconds) {
    if (seconds < 0) return QStringLiteral("–");
    const int s = int(seconds + 0.5);
    return s >= 3600 ? QString("%1:%2:%3").arg(s / 3600).arg(s / 60 % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'))
                     : QString("%1:%2").arg(s / 60).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace

TrainingPage::TrainingPage(QWidget* parent) : QWidget(parent), runner_(new JobRunner(this)) {
    auto* form = new QFormLayout;
    backbone_ = new QComboBox;
    head_ = new QComboBox;
    for (const char* kind : {"full", "mid", "dropout", "mini"})
        head_->addItem(QString::fromStdString(studyHeadName(kind)), QString(kind));
    mode_ = new QComboBox;
    mode_->addItem(tr("Frozen (cached features)"));
    mode_->addItem(tr("Fine-tuned (end to end)"));
    mode_->addItem(tr("From-scratch CNN"));
    mode_->setToolTip(tr("Frozen: the head trains on cached embeddings (seconds). Fine-tuned: the backbone's last "
                         "blocks train too, from the photos, at their own learning rate (much slower)."));
    unfreeze_ = new QSpinBox;
    unfreeze_->setRange(1, 20);
    unfreeze_->setToolTip(tr("How many of the backbone's last blocks train"));
    backboneLr_ = new QDoubleSpinBox;
    backboneLr_->setDecimals(7);
    backboneLr_->setRange(1e-7, 1);
    backboneLr_->setSingleStep(1e-5);
    backboneLr_->setToolTip(tr("AdamW learning rate of the unfrozen backbone blocks (the head keeps its own)"));
    scratch_ = new QComboBox;
    scratch_->addItem(tr("Sequential CNN"), "scratch_sequential");
    scratch_->addItem(tr("Two-block CNN"), "scratch_cnn2");
    split_ = new QComboBox;
    split_->setToolTip(tr("Which stored split of the project the run trains, validates and tests on"));
    batch_ = new QSpinBox;
    batch_->setRange(1, 4096);
    learningRate_ = new QDoubleSpinBox;
    learningRate_->setDecimals(6);
    learningRate_->setRange(1e-6, 1);
    learningRate_->setSingleStep(1e-4);
    weightDecay_ = new QDoubleSpinBox;
    weightDecay_->setDecimals(6);
    weightDecay_->setRange(0, 1);
    weightDecay_->setSingleStep(1e-4);
    epochs_ = new QSpinBox;
    epochs_->setRange(1, 1000);
    patience_ = new QSpinBox;
    patience_->setRange(0, 1000);
    patience_->setSpecialValueText(tr("off"));
    classWeights_ = new QComboBox;
    classWeights_->addItem(tr("none"), "none");
    classWeights_->addItem(tr("inverse frequency"), "inverse");
    classWeights_->addItem(tr("effective number"), "effective");
    augmentation_ = new QComboBox;
    for (const std::string& name : AugmentParams::presetNames()) augmentation_->addItem(QString::fromStdString(name));
    views_ = new QSpinBox;
    views_->setRange(0, 16);
    seed_ = new QSpinBox;
    seed_->setRange(0, 1'000'000'000);
    device_ = new QComboBox;
    device_->addItems({"auto", "cpu", "cuda"});
    threads_ = new QSpinBox;
    threads_->setRange(0, QThread::idealThreadCount());
    threads_->setSpecialValueText(tr("all cores"));
    form->addRow(tr("Backbone"), backbone_);
    form->addRow(tr("Head"), head_);
    form->addRow(tr("Backbone training"), mode_);
    form->addRow(tr("Blocks to fine-tune"), unfreeze_);
    form->addRow(tr("Backbone learning rate"), backboneLr_);
    form->addRow(tr("Scratch model"), scratch_);
    form->addRow(tr("Batch size"), batch_);
    form->addRow(tr("Learning rate (AdamW)"), learningRate_);
    form->addRow(tr("Weight decay"), weightDecay_);
    form->addRow(tr("Epochs (at most)"), epochs_);
    form->addRow(tr("Early-stopping patience"), patience_);
    form->addRow(tr("Class weights"), classWeights_);
    form->addRow(tr("Augmentation"), augmentation_);
    form->addRow(tr("Augmented views"), views_);
    form->addRow(tr("Split"), split_);
    form->addRow(tr("Seed"), seed_);
    form->addRow(tr("Device"), device_);
    form->addRow(tr("Threads"), threads_);
    auto* settings = new QGroupBox(tr("Run settings"));
    settings->setLayout(form);

    start_ = new QPushButton(tr("Start"));
    pause_ = new QPushButton(tr("Pause"));
    cancel_ = new QPushButton(tr("Cancel"));
    export_ = new QPushButton(tr("Export charts…"));
    phase_ = new QLabel(tr("No run yet"));
    epochLabel_ = new QLabel;
    timeLabel_ = new QLabel;
    progress_ = new QProgressBar;
    progress_->setRange(0, 1);
    progress_->setValue(0);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(pause_);
    buttons->addWidget(cancel_);
    auto* left = new QVBoxLayout;
    left->addWidget(settings);
    left->addLayout(buttons);
    left->addWidget(phase_);
    left->addWidget(progress_);
    left->addWidget(epochLabel_);
    left->addWidget(timeLabel_);
    left->addStretch();
    left->addWidget(export_);
    auto* panel = new QWidget;
    panel->setLayout(left);
    panel->setMaximumWidth(380);

    charts_ = new TrainingCharts;
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(panel);
    layout->addWidget(charts_, 1);

    setConfig(RunConfig{});
    reloadBackbones();
    reloadSplits();
    // Device and threads follow the machine, not the run: they are kept between sessions.
    {
        const QSettings settings;
        device_->setCurrentText(settings.value(kDeviceSetting, device_->currentText()).toString());
        threads_->setValue(settings.value(kThreadsSetting, threads_->value()).toInt());
    }
    // Only a user's choice is kept: setConfig (a stored run's settings, tests) leaves the settings alone.
    connect(device_, &QComboBox::currentTextChanged, this, [this](const QString& d) {
        if (!applyingConfig_) QSettings().setValue(kDeviceSetting, d);
    });
    connect(threads_, &QSpinBox::valueChanged, this, [this](int n) {
        if (!applyingConfig_) QSettings().setValue(kThreadsSetting, n);
    });
    connect(mode_, &QComboBox::currentIndexChanged, this, &TrainingPage::updateModeFields);
    updateModeFields();
    connect(start_, &QPushButton::clicked, this, [this] { start(); });
    connect(pause_, &QPushButton::clicked, this, [this] { runner_->paused() ? resume() : pause(); });
    connect(cancel_, &QPushButton::clicked, this, &TrainingPage::cancel);
    connect(export_, &QPushButton::clicked, this, &TrainingPage::exportCharts);
    connect(runner_, &JobRunner::progressed, this,
            [this](const QString& phase, qint64 done, qint64 total, double elapsed, double remaining, const QString&) {
                onProgress(phase, done, total, elapsed, remaining);
            });
    connect(runner_, &JobRunner::finished, this, &TrainingPage::onFinished);
    updateButtons();
}

TrainingPage::~TrainingPage() {
    // The worker calls back into this page: it must be stopped before the page goes.
    delete runner_;
}

void TrainingPage::setModelsDir(const QString& dir) {
    modelsDir_ = dir;
    reloadBackbones();
}

void TrainingPage::reloadBackbones() {
    const QString current = backbone_->currentData().toString();
    backbone_->clear();
    const std::string dir = modelsDir_.isEmpty() ? defaultModelsDir() : modelsDir_.toStdString();
    for (const BackboneInfo& info : knownBackbones(dir)) {
        const QString id = QString::fromStdString(info.id);
        backbone_->addItem(QString::fromStdString(info.displayName) + (info.installed ? QString() : tr(" (not installed)")), id);
    }
    const int index = backbone_->findData(current.isEmpty() ? QString::fromStdString(RunConfig{}.backboneId) : current);
    if (index >= 0) backbone_->setCurrentIndex(index);
}

void TrainingPage::reloadSplits() {
    const QVariant current = split_->currentData();
    split_->clear();
    split_->addItem(tr("the project's active split"));
    if (store_) {
        if (auto splits = store_->listSplits()) {
            for (const SplitInfo& s : *splits) {
                QStringList fractions;
                for (double f : s.fractions) fractions << QString::number(qRound(100 * f));
                split_->addItem(tr("#%1 %2 (%3, seed %4)%5")
                                    .arg(s.id)
                                    .arg(QString::fromStdString(s.name), fractions.join('/'))
                                    .arg(s.seed)
                                    .arg(s.active ? tr(", active") : QString()),
                                qlonglong(s.id));
            }
        }
    }
    split_->setCurrentIndex(std::max(0, split_->findData(current)));
}

void TrainingPage::updateModeFields() {
    const int mode = mode_->currentIndex();
    unfreeze_->setEnabled(mode == FineTuned);
    backboneLr_->setEnabled(mode == FineTuned);
    scratch_->setEnabled(mode == Scratch);
    // A from-scratch CNN has no backbone, and end-to-end training augments on the fly instead of cached views.
    backbone_->setEnabled(mode != Scratch);
    views_->setEnabled(mode == Frozen);
}

RunConfig TrainingPage::config() const {
    RunConfig c;
    c.backboneId = backbone_->currentData().toString().toStdString();
    if (c.backboneId.empty()) c.backboneId = RunConfig{}.backboneId;
    c.train.head = HeadConfig::forKind(head_->currentData().toString().toStdString());
    c.train.batchSize = batch_->value();
    c.train.learningRate = learningRate_->value();
    c.train.weightDecay = weightDecay_->value();
    c.train.epochs = epochs_->value();
    c.train.patience = patience_->value();
    c.train.classWeights = classWeights_->currentData().toString().toStdString();
    c.augmentation = augmentation_->currentText().toStdString();
    c.augmentViews = c.augmentation == "none" ? 0 : views_->value();
    c.train.seed = std::uint64_t(seed_->value());
    c.train.device = device_->currentText().toStdString();
    c.train.threads = threads_->value();
    if (split_->currentIndex() > 0) c.splitId = split_->currentData().toLongLong();
    if (mode_->currentIndex() == FineTuned) {
        c.unfreezeBlocks = unfreeze_->value();
        c.backboneLearningRate = backboneLr_->value();
    } else if (mode_->currentIndex() == Scratch) {
        c.scratchModel = scratch_->currentData().toString().toStdString();
    }
    if (c.endToEnd()) c.augmentViews = 0;  // augmentation is applied on the fly
    return c;
}

void TrainingPage::setConfig(const RunConfig& c) {
    const QScopedValueRollback<bool> applying(applyingConfig_, true);
    if (int i = backbone_->findData(QString::fromStdString(c.backboneId)); i >= 0) backbone_->setCurrentIndex(i);
    head_->setCurrentIndex(std::max(0, head_->findData(QString::fromStdString(c.train.head.kind))));
    batch_->setValue(c.train.batchSize);
    learningRate_->setValue(c.train.learningRate);
    weightDecay_->setValue(c.train.weightDecay);
    epochs_->setValue(c.train.epochs);
    patience_->setValue(std::max(0, c.train.patience));
    classWeights_->setCurrentIndex(std::max(0, classWeights_->findData(QString::fromStdString(c.train.classWeights))));
    augmentation_->setCurrentText(QString::fromStdString(c.augmentation));
    views_->setValue(c.augmentViews);
    seed_->setValue(int(c.train.seed));
    device_->setCurrentText(QString::fromStdString(c.train.device));
    threads_->setValue(c.train.threads);
    split_->setCurrentIndex(c.splitId ? std::max(0, split_->findData(qlonglong(*c.splitId))) : 0);
    unfreeze_->setValue(c.unfreezeBlocks > 0 ? c.unfreezeBlocks : 2);
    backboneLr_->setValue(c.backboneLearningRate);
    if (!c.scratchModel.empty()) scratch_->setCurrentIndex(std::max(0, scratch_->findData(QString::fromStdString(c.scratchModel))));
    mode_->setCurrentIndex(!c.scratchModel.empty() ? Scratch : c.unfreezeBlocks > 0 ? FineTuned : Frozen);
    updateModeFields();
}

void TrainingPage::setStore(ProjectStore* store) {
    store_ = store;
    reloadSplits();
    charts_->clear();
    lastRunId_ = 0;
    if (store_) {
        if (auto runs = store_->listRuns(); runs && !runs->empty()) {
            lastRunId_ = runs->back().id;
            if (charts_->showStoredRun(*store_, lastRunId_))
                phase_->setText(tr("Run %1: %2").arg(lastRunId_).arg(QString::fromStdString(runs->back().name)));
            // A finished run's bar is full, not an idle 0 %.
            progress_->setRange(0, 1);
            progress_->setValue(runs->back().status == RunStatus::Finished ? 1 : 0);
        }
    }
    updateButtons();
}

bool TrainingPage::running() const { return runner_->busy(); }

bool TrainingPage::start() {
    if (!store_ || runner_->busy()) return false;
    RunParams params;
    params.projectDir = store_->dir();
    params.config = config();
    params.modelsDir = modelsDir_.toStdString();
    epochsPlanned_ = params.config.train.epochs;
    QPointer<TrainingPage> self(this);
    // Callbacks run on the worker thread; each hands its values to the GUI thread through the event queue.
    params.callbacks.onPhase = [self](const std::string& phase) {
        QMetaObject::invokeMethod(self, [self, p = QString::fromStdString(phase)] { if (self) self->phase_->setText(p); },
                                  Qt::QueuedConnection);
    };
    auto lastBatchPost = std::make_shared<QElapsedTimer>();
    lastBatchPost->start();
    auto batchesPerEpoch = std::make_shared<int>(1);
    params.callbacks.train.onBatch = [self, lastBatchPost, batchesPerEpoch](int epoch, int batch, double loss) {
        if (epoch == 1) *batchesPerEpoch = std::max(*batchesPerEpoch, batch);
        const double x = epoch - 1 + double(batch) / *batchesPerEpoch;
        QMetaObject::invokeMethod(self, [self, x, loss] { if (self) self->charts_->addBatchLoss(x, loss); },
                                  Qt::QueuedConnection);
    };
    params.callbacks.train.onEpoch = [self](int epoch, const EpochMetrics& train, const EpochMetrics& val) {
        QMetaObject::invokeMethod(self, [self, epoch, train, val] {
            if (!self) return;
            self->charts_->addEpoch(epoch, train, val);
            self->epochLabel_->setText(tr("Epoch %1 of %2").arg(epoch).arg(self->epochsPlanned_));
            Q_EMIT self->epochEnded(epoch, self->epochsPlanned_);
        }, Qt::QueuedConnection);
    };
    auto runId = std::make_shared<std::int64_t>(0);
    charts_->clear();
    charts_->setBatchChartVisible(true);
    epochLabel_->setText(tr("Epoch %1 of %2").arg(0).arg(epochsPlanned_));
    clock_.start();
    const bool started = runner_->start(tr("Training"), [params, runId](const ProgressFn& progress, JobControl& control) mutable -> Status {
        params.progress = progress;
        params.control = &control;
        auto result = trainRun(params);
        if (!result) return result.error();
        *runId = result->runId;
        return {};
    });
    if (started) connect(runner_, &JobRunner::finished, this, [this, runId] { lastRunId_ = *runId; }, Qt::SingleShotConnection);
    updateButtons();
    return started;
}

void TrainingPage::pause() {
    runner_->pause();
    phase_->setText(tr("Paused"));
    updateButtons();
}

void TrainingPage::resume() {
    runner_->resume();
    phase_->setText(tr("Training"));
    updateButtons();
}

void TrainingPage::cancel() {
    runner_->resume();  // a paused job must wake up to see the cancel
    runner_->cancel();
}

void TrainingPage::onProgress(const QString& phase, qint64 done, qint64 total, double elapsed, double remaining) {
    if (!runner_->paused() && !phase.isEmpty()) phase_->setText(phase);
    progress_->setRange(0, int(std::max<qint64>(total, 1)));
    progress_->setValue(int(std::min(done, std::max<qint64>(total, 1))));
    Q_UNUSED(elapsed);
    timeLabel_->setText(tr("Elapsed %1, left %2").arg(duration(clock_.elapsed() / 1000.0), duration(remaining)));
}

void TrainingPage::onFinished(bool ok, const QString& message) {
    // lastRunId_ is set by the single-shot connection made in start(), which runs after this slot.
    QMetaObject::invokeMethod(this, [this, ok, message] {
        charts_->setBatchChartVisible(true);
        phase_->setText(ok ? tr("Run %1 finished").arg(lastRunId_) : tr("Run stopped: %1").arg(message));
        timeLabel_->setText(tr("Elapsed %1").arg(duration(clock_.elapsed() / 1000.0)));
        if (ok) progress_->setValue(progress_->maximum());
        updateButtons();
        Q_EMIT runFinished(ok, lastRunId_, message);
    }, Qt::QueuedConnection);
}

void TrainingPage::updateButtons() {
    const bool busy = runner_->busy();
    start_->setEnabled(store_ && !busy);
    pause_->setEnabled(busy);
    pause_->setText(runner_->paused() ? tr("Resume") : tr("Pause"));
    cancel_->setEnabled(busy);
    export_->setEnabled(charts_->pointCount(TrainingCharts::Loss, false) > 0);
}

void TrainingPage::exportCharts() {
    const QString filter = TrainingCharts::svgAvailable() ? tr("PNG image (*.png);;SVG drawing (*.svg)") : tr("PNG image (*.png)");
    const QString path = QFileDialog::getSaveFileName(this, tr("Export charts"), QString(), filter);
    if (path.isEmpty()) return;
    const bool ok = path.endsWith(".svg", Qt::CaseInsensitive) ? charts_->exportSvg(path) : charts_->exportPng(path);
    if (!ok) QMessageBox::warning(this, tr("Export charts"), tr("Could not write %1.").arg(path));
}

}  // namespace taxo::ui
