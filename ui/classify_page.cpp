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
#include <QSettings>
#include <QVBoxLayout>

#include <set>

#include "core/common/content_hash.h"
#include "core/eval/model_bundle.h"
#include "core/eval/species_suggestions.h"
#include "core/store/project_store.h"
#include "job_runner.h"
#include "training_page.h"

namespace taxo::ui {
namespace {
constexpr int kTopK = 5;
constexpr int kSpecies = 3;
}

ClassifyPage::ClassifyPage(QWidget* parent)
    : QWidget(parent), runner_(new JobRunner(this)), predictor_(std::make_shared<std::shared_ptr<Predictor>>()),
      predictorFor_(std::make_shared<std::string>()), suggesters_(std::make_shared<SuggesterCache>()) {
    setAcceptDrops(true);
    run_ = new QComboBox;
    run_->setMinimumContentsLength(30);
    open_ = new QPushButton(tr("Open photos…"));
    folder_ = new QPushButton(tr("Classify a folder to CSV…"));
    addLabelled_ = new QPushButton(QIcon(":/icons/accept.svg"), tr("Add to project with this label"));
    addUnlabelled_ = new QPushButton(tr("Add to project unlabelled"));
    photos_ = new QListWidget;
    photos_->setMaximumWidth(320);
    photos_->setTextElideMode(Qt::ElideMiddle);
    photos_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    preview_ = new QLabel(tr("Drop photos here or open them."));
    preview_->setAlignment(Qt::AlignCenter);
    preview_->setMinimumSize(320, 260);
    status_ = new QLabel;
    progress_ = new QProgressBar;
    progress_->setRange(0, 1);
    progress_->setValue(0);
    bars_ = new QVBoxLayout;
    species_ = new QLabel;
    species_->setWordWrap(true);
    species_->setTextFormat(Qt::RichText);
    suggest_ = new QComboBox;
    suggest_->addItem(tr("birds and insects, by family"));
    suggest_->addItem(tr("birds"));
    suggest_->addItem(tr("insects"));
    suggest_->addItem(tr("off"));
    suggest_->setToolTip(tr("Species from the iNaturalist bird and insect classifiers, beside the families"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Model of run")));
    top->addWidget(run_, 1);
    top->addWidget(new QLabel(tr("Species suggestions")));
    top->addWidget(suggest_);
    top->addWidget(open_);
    top->addWidget(folder_);
    auto* right = new QVBoxLayout;
    right->addWidget(preview_, 1);
    right->addLayout(bars_);
    right->addWidget(species_);
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
    connect(suggest_, &QComboBox::currentIndexChanged, this, &ClassifyPage::updateActions);
    connect(run_, &QComboBox::currentIndexChanged, this, &ClassifyPage::updateActions);
    showPhoto(-1);
    updateActions();
}

void ClassifyPage::setSuggestionMode(SuggestionMode mode) { suggest_->setCurrentIndex(int(mode)); }

ClassifyPage::SuggestionMode ClassifyPage::suggestionMode() const { return SuggestionMode(std::max(0, suggest_->currentIndex())); }

void ClassifyPage::updateActions() {
    // Explicit bird or insect suggestions work without a family model; everything else needs one.
    const bool model = run_->count() > 0;
    const SuggestionMode mode = suggestionMode();
    open_->setEnabled(model || mode == SuggestBirds || mode == SuggestInsects);
    folder_->setEnabled(model);
    if (!model)
        status_->setText(mode == SuggestBirds || mode == SuggestInsects
                             ? tr("No trained model yet: photos get species suggestions only.")
                             : tr("No trained model yet: train one on the Training page, or choose bird or insect suggestions."));
}

std::map<std::string, std::pair<std::string, std::string>> ClassifyPage::classOfLabels(const QString& bundleDir) {
    std::map<std::string, std::pair<std::string, std::string>> classes;
    if (!store_ || bundleDir.isEmpty()) return classes;
    auto bundle = readModelBundle(bundleDir.toStdString());
    if (!bundle) return classes;
    for (const std::string& label : bundle->classNames) {
        SpecimenQuery query;
        query.label = label;
        query.limit = 1;
        if (auto one = store_->specimens(query); one && !one->empty()) classes[label] = {one->front().taxonomy.phylum, one->front().taxonomy.klass};
    }
    return classes;
}

ClassifyPage::~ClassifyPage() { delete runner_; }

void ClassifyPage::setStore(ProjectStore* store) {
    store_ = store;
    reloadRuns();
}

void ClassifyPage::reloadRuns() {
    run_->clear();
    if (!store_) return updateActions();
    if (auto runs = store_->listRuns()) {
        for (auto it = runs->rbegin(); it != runs->rend(); ++it)
            if (it->status == RunStatus::Finished && !it->modelPath.empty())
                run_->addItem(tr("#%1 %2").arg(it->id).arg(QString::fromStdString(it->name)), QString::fromStdString(it->modelPath));
    }
    updateActions();
}

bool ClassifyPage::startPrediction(std::vector<std::string> paths, const QString& csvPath) {
    const SuggestionMode mode = suggestionMode();
    const bool explicitSuggester = mode == SuggestBirds || mode == SuggestInsects;
    if (runner_->busy() || (run_->currentIndex() < 0 && (!csvPath.isEmpty() || !explicitSuggester))) return false;
    const std::string bundle = run_->currentIndex() >= 0 ? run_->currentData().toString().toStdString() : std::string();
    const std::string models = modelsDir_.toStdString();
    const std::string csv = csvPath.toStdString();
    // Which suggester serves a family: a fixed one, or by the family's class in this project.
    // Without a class in the taxonomy (the rare-species CSVs stop at the family), a chordate may be a bird and an
    // arthropod an insect: the iNaturalist classifier is asked, and its "background" answer means it is not one.
    std::map<std::string, std::string> suggesterOf;
    std::set<std::string> gated;
    if (mode == SuggestAutomatic && csv.empty()) {
        for (const auto& [label, taxon] : classOfLabels(QString::fromStdString(bundle))) {
            const auto& [phylum, klass] = taxon;
            if (klass == "aves" || (klass.empty() && phylum == "chordata")) suggesterOf[label] = kBirdSuggester;
            else if (klass == "insecta" || (klass.empty() && phylum == "arthropoda")) suggesterOf[label] = kInsectSuggester;
            if (klass.empty()) gated.insert(label);
        }
    }
    const std::string fixedSuggester = mode == SuggestBirds ? kBirdSuggester : mode == SuggestInsects ? kInsectSuggester : "";
    // The device and threads a user chose on the Training page serve classification too.
    const QSettings settings;
    const std::string device = settings.value(TrainingPage::kDeviceSetting, "auto").toString().toStdString();
    const int threads = settings.value(TrainingPage::kThreadsSetting, 0).toInt();
    const std::string predictorKey = bundle + "|" + device + "|" + std::to_string(threads);
    auto out = std::make_shared<std::vector<PhotoPrediction>>();
    auto species = std::make_shared<std::vector<Suggestions>>();
    auto holder = predictor_;
    auto holderFor = predictorFor_;
    auto suggesters = suggesters_;
    const bool started = runner_->start(tr("Classifying"), [=](const ProgressFn& progress, JobControl& control) -> Status {
        std::vector<std::string> files = paths;
        if (!csv.empty()) {
            auto listed = photosAt(paths.front());
            if (!listed) return listed.error();
            files = std::move(*listed);
        }
        if (!bundle.empty()) {
            if (!*holder || *holderFor != predictorKey) {
                auto loaded = Predictor::load(bundle, models, device, threads);
                if (!loaded) return loaded.error();
                *holder = *loaded;
                *holderFor = predictorKey;
            }
            PredictOptions options;
            options.topK = kTopK;
            options.progress = progress;
            options.control = &control;
            auto predicted = (*holder)->predict(files, options);
            if (!predicted) return predicted.error();
            *out = std::move(*predicted);
        } else {
            for (const std::string& f : files) out->push_back(PhotoPrediction{f, {}, {}});
        }
        if (!csv.empty()) return writePredictionsCsv(csv, *out, kTopK);
        species->resize(out->size());
        for (size_t i = 0; i < out->size(); ++i) {
            if (!control.checkpoint()) return makeError(ErrorCode::Cancelled, "classification cancelled");
            const PhotoPrediction& p = (*out)[i];
            std::string id = fixedSuggester;
            if (id.empty() && !p.top.empty())
                if (auto it = suggesterOf.find(p.top.front().label); it != suggesterOf.end()) id = it->second;
            if (id.empty() || (!p.error.empty() && !bundle.empty())) continue;
            Suggestions& s = (*species)[i];
            s.suggester = id;
            std::shared_ptr<SpeciesSuggester>& model = (*suggesters)[id];
            if (!model) {
                auto loaded = SpeciesSuggester::load(id, models);
                if (!loaded) {
                    s.error = loaded.error().message;
                    continue;
                }
                model = *loaded;
            }
            auto top = model->suggest(p.path, kSpecies);
            if (!top) {
                s.error = top.error().message;
                continue;
            }
            const bool notOne = top->empty() || top->front().label == "background";
            if (notOne && !p.top.empty() && gated.count(p.top.front().label)) s = Suggestions{};
            else s.species = std::move(*top);
        }
        return {};
    });
    if (!started) return false;
    connect(runner_, &JobRunner::finished, this, [this, out, species, csvPath](bool ok, const QString& message) {
        progress_->setValue(progress_->maximum());
        if (!ok) {
            status_->setText(tr("Classification failed: %1").arg(message));
        } else if (!csvPath.isEmpty()) {
            status_->setText(tr("%1 photos classified into %2").arg(out->size()).arg(csvPath));
        } else {
            predictions_ = std::move(*out);
            suggestions_ = std::move(*species);
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
    species_->clear();
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
    if (size_t(row) < suggestions_.size() && !suggestions_[size_t(row)].suggester.empty()) {
        const Suggestions& s = suggestions_[size_t(row)];
        const QString source = s.suggester == kBirdSuggester ? tr("iNaturalist birds") : tr("iNaturalist insects");
        QStringList lines;
        for (const ClassProbability& c : s.species)
            lines << QStringLiteral("%1 <i>%2 %</i>").arg(QString::fromStdString(c.label).toHtmlEscaped()).arg(100.0 * c.probability, 0, 'f', 0);
        species_->setText(s.error.empty() ? tr("<b>Species (%1):</b> %2").arg(source, lines.join(QStringLiteral(" · ")))
                                          : tr("<b>Species (%1):</b> %2").arg(source, QString::fromStdString(s.error).toHtmlEscaped()));
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
