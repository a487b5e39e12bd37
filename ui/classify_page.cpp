#include "classify_page.h"

#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/common/content_hash.h"
#include "core/store/project_store.h"
#include "job_runner.h"

namespace taxo::ui {
namespace {
constexpr int kTopK = 5;
}

ClassifyPage::ClassifyPage(QWidget* parent)
    : QWidget(parent), runner_(new JobRunner(this)), predictor_(std::make_shared<std::shared_ptr<Predictor>>()),
      predictorFor_(std::make_shared<std::string>()) {
    setAcceptDrops(true);
    run_ = new QComboBox;
    run_->setMinimumContentsLength(30);
    open_ = new QPushButton(tr("Open photos…"));
    folder_ = new QPushButton(tr("Classify a folder to CSV…"));
    addLabelled_ = new QPushButton(QIcon(":/icons/accept.svg"), tr("Add to project with this label"));
    addUnlabelled_ = new QPushButton(tr("Add to project unlabelled"));
    photos_ = new QListWidget;
    photos_->setMaximumWidth(320);
    preview_ = new QLabel(tr("Drop photos here or open them."));
    preview_->setAlignment(Qt::AlignCenter);
    preview_->setMinimumSize(320, 260);
    status_ = new QLabel;
    progress_ = new QProgressBar;
    progress_->setRange(0, 1);
    progress_->setValue(0);
    bars_ = new QVBoxLayout;

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Model of run")));
    top->addWidget(run_, 1);
    top->addWidget(open_);
    top->addWidget(folder_);
    auto* right = new QVBoxLayout;
    right->addWidget(preview_, 1);
    right->addLayout(bars_);
    auto* add = new QHBoxLayout;
    add->addWidget(addLabelled_);
    add->addWidget(addUnlabelled_);
    right->addLayout(add);
    auto* middle = new QHBoxLayout;
    middle->addWidget(photos_);
    middle->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(middle, 1);
    layout->addWidget(progress_);
    layout->addWidget(status_);

    connect(open_, &QPushButton::clicked, this, &ClassifyPage::openPhotos);
    connect(folder_, &QPushButton::clicked, this, &ClassifyPage::classifyFolder);
    connect(photos_, &QListWidget::currentRowChanged, this, &ClassifyPage::showPhoto);
    connect(addLabelled_, &QPushButton::clicked, this, [this] {
        const int row = photos_->currentRow();
        if (row >= 0 && row < int(predictions_.size()) && !predictions_[size_t(row)].top.empty())
            addCurrentToProject(QString::fromStdString(predictions_[size_t(row)].top.front().label));
    });
    connect(addUnlabelled_, &QPushButton::clicked, this, [this] { addCurrentToProject(QString()); });
    connect(runner_, &JobRunner::progressed, this, [this](const QString& phase, qint64 done, qint64 total, double, double, const QString&) {
        progress_->setRange(0, int(std::max<qint64>(total, 1)));
        progress_->setValue(int(done));
        status_->setText(phase);
    });
    showPhoto(-1);
}

ClassifyPage::~ClassifyPage() { delete runner_; }

void ClassifyPage::setStore(ProjectStore* store) {
    store_ = store;
    reloadRuns();
}

void ClassifyPage::reloadRuns() {
    run_->clear();
    if (!store_) return;
    if (auto runs = store_->listRuns()) {
        for (auto it = runs->rbegin(); it != runs->rend(); ++it)
            if (it->status == RunStatus::Finished && !it->modelPath.empty())
                run_->addItem(tr("#%1 %2").arg(it->id).arg(QString::fromStdString(it->name)), QString::fromStdString(it->modelPath));
    }
    open_->setEnabled(run_->count() > 0);
    folder_->setEnabled(run_->count() > 0);
    if (run_->count() == 0) status_->setText(tr("No trained model yet: train one on the Training page."));
}

bool ClassifyPage::startPrediction(std::vector<std::string> paths, const QString& csvPath) {
    if (runner_->busy() || run_->currentIndex() < 0) return false;
    const std::string bundle = run_->currentData().toString().toStdString(), models = modelsDir_.toStdString();
    const std::string csv = csvPath.toStdString();
    auto out = std::make_shared<std::vector<PhotoPrediction>>();
    auto holder = predictor_;
    auto holderFor = predictorFor_;
    const bool started = runner_->start(tr("Classifying"), [=](const ProgressFn& progress, JobControl& control) -> Status {
        if (!*holder || *holderFor != bundle) {
            auto loaded = Predictor::load(bundle, models, "auto", 0);
            if (!loaded) return loaded.error();
            *holder = *loaded;
            *holderFor = bundle;
        }
        std::vector<std::string> files = paths;
        if (!csv.empty()) {
            auto listed = photosAt(paths.front());
            if (!listed) return listed.error();
            files = std::move(*listed);
        }
        PredictOptions options;
        options.topK = kTopK;
        options.progress = progress;
        options.control = &control;
        auto predicted = (*holder)->predict(files, options);
        if (!predicted) return predicted.error();
        *out = std::move(*predicted);
        if (!csv.empty()) return writePredictionsCsv(csv, *out, kTopK);
        return {};
    });
    if (!started) return false;
    connect(runner_, &JobRunner::finished, this, [this, out, csvPath](bool ok, const QString& message) {
        progress_->setValue(progress_->maximum());
        if (!ok) {
            status_->setText(tr("Classification failed: %1").arg(message));
        } else if (!csvPath.isEmpty()) {
            status_->setText(tr("%1 photos classified into %2").arg(out->size()).arg(csvPath));
        } else {
            predictions_ = std::move(*out);
            photos_->clear();
            for (const PhotoPrediction& p : predictions_) photos_->addItem(QFileInfo(QString::fromStdString(p.path)).fileName());
            photos_->setCurrentRow(predictions_.empty() ? -1 : 0);
            status_->setText(tr("%1 photos classified").arg(predictions_.size()));
        }
        Q_EMIT classified();
    }, Qt::SingleShotConnection);
    return true;
}

bool ClassifyPage::classify(const QStringList& paths) {
    std::vector<std::string> files;
    for (const QString& p : paths) files.push_back(p.toStdString());
    return !files.empty() && startPrediction(std::move(files), QString());
}

bool ClassifyPage::classifyFolderToCsv(const QString& folder, const QString& csvPath) {
    return startPrediction({folder.toStdString()}, csvPath);
}

void ClassifyPage::openPhotos() {
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Photos to classify"), QString(),
                                                            tr("Photos (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp)"));
    classify(paths);
}

void ClassifyPage::classifyFolder() {
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Folder of photos"));
    if (folder.isEmpty()) return;
    const QString csv = QFileDialog::getSaveFileName(this, tr("Save predictions as"), folder + "/predictions.csv", tr("CSV (*.csv)"));
    if (!csv.isEmpty()) classifyFolderToCsv(folder, csv);
}

void ClassifyPage::showPhoto(int row) {
    while (QLayoutItem* item = bars_->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    const bool valid = row >= 0 && row < int(predictions_.size());
    addLabelled_->setEnabled(valid && store_ && !predictions_[size_t(row)].top.empty());
    addUnlabelled_->setEnabled(valid && store_);
    if (!valid) return;
    const PhotoPrediction& p = predictions_[size_t(row)];
    QImageReader reader(QString::fromStdString(p.path));
    reader.setAutoTransform(true);
    const QImage image = reader.read();
    if (!image.isNull()) preview_->setPixmap(QPixmap::fromImage(image.scaled(preview_->size(), Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    else preview_->setText(tr("Cannot show %1").arg(QString::fromStdString(p.path)));
    if (!p.error.empty()) {
        bars_->addWidget(new QLabel(QString::fromStdString(p.error)));
        return;
    }
    for (const ClassProbability& c : p.top) {
        auto* bar = new QProgressBar;
        bar->setRange(0, 1000);
        bar->setValue(int(1000 * c.probability));
        bar->setFormat(QString("%1   %2 %").arg(QString::fromStdString(c.label)).arg(100.0 * c.probability, 0, 'f', 1));
        bar->setTextVisible(true);
        bars_->addWidget(bar);
    }
}

bool ClassifyPage::addCurrentToProject(const QString& label) {
    const int row = photos_->currentRow();
    if (!store_ || row < 0 || row >= int(predictions_.size())) return false;
    const QFileInfo file(QString::fromStdString(predictions_[size_t(row)].path));
    Specimen s;
    s.absolutePath = file.absoluteFilePath().toStdString();
    s.filePath = s.absolutePath;
    s.sourceId = file.completeBaseName().toStdString();
    if (auto hash = hashFile(s.absolutePath)) s.contentHash = *hash;
    s.label = label.toStdString();
    const int underscore = label.indexOf('_');
    if (underscore > 0) {
        s.taxonomy.phylum = label.left(underscore).toStdString();
        s.taxonomy.family = label.mid(underscore + 1).toStdString();
    }
    auto added = store_->addSpecimens({s}, label.isEmpty() ? "added unlabelled from Classify" : "added from Classify with the predicted label");
    if (!added) {
        QMessageBox::warning(this, tr("Not added"), QString::fromStdString(added.error().message));
        return false;
    }
    status_->setText(label.isEmpty() ? tr("Added %1 unlabelled").arg(file.fileName())
                                     : tr("Added %1 as %2").arg(file.fileName(), label));
    Q_EMIT specimensAdded(1);
    return true;
}

void ClassifyPage::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls()) event->acceptProposedAction();
}

void ClassifyPage::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile()) paths << url.toLocalFile();
    classify(paths);
}

}  // namespace taxo::ui
