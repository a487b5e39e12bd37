#include "misclassified_gallery.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <nlohmann/json.hpp>

#include "core/data/image_io.h"
#include "core/eval/grad_cam.h"
#include "core/eval/model_bundle.h"
#include "core/store/project_store.h"
#include "run_evaluation.h"
#include "thumbnail_loader.h"

namespace taxo::ui {
namespace {
constexpr int kKeyRole = Qt::UserRole + 1, kPathRole = Qt::UserRole + 2, kIdRole = Qt::UserRole + 3,
              kTopRole = Qt::UserRole + 4, kClassRole = Qt::UserRole + 5, kShowRole = Qt::UserRole + 6,
              kCaptionRole = Qt::UserRole + 7;
constexpr int kLargeSide = 360;  // pixels of the selected photo beside the grid

QImage fromRgb(const cv::Mat& rgb) {
    return QImage(rgb.data, rgb.cols, rgb.rows, int(rgb.step), QImage::Format_RGB888).copy();
}

// An icon-sized picture with a small "CAM" badge, so a glance at the grid tells overlays from photos.
QIcon overlayIcon(const QImage& overlay) {
    QImage icon = overlay.scaled(128, 128, Qt::KeepAspectRatio, Qt::SmoothTransformation).convertToFormat(QImage::Format_RGB32);
    QPainter p(&icon);
    QFont font = p.font();
    font.setPixelSize(11);
    font.setBold(true);
    p.setFont(font);
    const QRect badge(2, 2, 34, 15);
    p.fillRect(badge, QColor(0, 0, 0, 170));
    p.setPen(Qt::white);
    p.drawText(badge, Qt::AlignCenter, QStringLiteral("CAM"));
    return QIcon(QPixmap::fromImage(icon));
}

}  // namespace

Result<QImage> gradCamOverlay(const OverlayRequest& request) {
    if (request.headPath.empty()) return makeError(ErrorCode::NotFound, "this run saved no head model, so there is nothing to explain");
    ExplainParams params;
    params.photoPath = request.photoPath;
    params.backboneId = request.backboneId;
    params.modelsDir = request.modelsDir;
    params.headPath = request.headPath;
    params.targetClass = request.targetClass;
    if (!request.preprocessKey.empty()) {
        auto spec = PreprocessSpec::parse(request.preprocessKey);
        if (!spec) return spec.error();
        params.preprocess = *spec;
    }
    params.device = "cpu";
    auto cam = explain(params);
    if (!cam) return cam.error();
    // The overlay is only looked at small: decode reduced, the heat map is resized to whatever size comes.
    DecodeOptions options;
    options.targetShortSide = request.maxSide;
    auto rgb = decodeImage(request.photoPath, options);
    if (!rgb) return rgb.error();
    const QImage image = fromRgb(overlay(*rgb, *cam, 0.45));
    return image.width() > request.maxSide || image.height() > request.maxSide
               ? image.scaled(request.maxSide, request.maxSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
               : image;
}

MisclassifiedGallery::MisclassifiedGallery(QWidget* parent) : QWidget(parent), explainer_(gradCamOverlay) {
    pool_.setMaxThreadCount(1);
    grid_ = new QListWidget;
    grid_->setViewMode(QListView::IconMode);
    grid_->setResizeMode(QListView::Adjust);
    grid_->setMovement(QListView::Static);
    grid_->setIconSize(QSize(128, 128));
    grid_->setGridSize(QSize(200, 212));  // a portrait icon and three lines of caption
    grid_->setWordWrap(true);
    // Not uniform: the first photo's shape would set every item's height and cut taller captions.
    grid_->setSelectionMode(QAbstractItemView::ExtendedSelection);

    photo_ = new QLabel;
    photo_->setAlignment(Qt::AlignCenter);
    photo_->setMinimumSize(kLargeSide, 280);
    caption_ = new QLabel;
    caption_->setWordWrap(true);
    caption_->setTextFormat(Qt::RichText);
    bars_ = new QVBoxLayout;
    overlayButton_ = new QPushButton(tr("Show Grad-CAM"));
    overlayButton_->setCheckable(true);
    overlayButton_->setToolTip(tr("Where the model looked for the predicted family in the selected photos (G)"));
    overlayAll_ = new QCheckBox(tr("Grad-CAM on every photo"));
    status_ = new QLabel;
    status_->setWordWrap(true);
    auto* side = new QVBoxLayout;
    side->addWidget(photo_);
    side->addWidget(caption_);
    side->addWidget(new QLabel(tr("Model's top 5")));
    side->addLayout(bars_);
    side->addWidget(overlayButton_);
    side->addWidget(overlayAll_);
    side->addWidget(status_);
    side->addStretch();
    auto* sidePanel = new QWidget;
    sidePanel->setLayout(side);
    sidePanel->setFixedWidth(kLargeSide + 24);
    auto* content = new QWidget;
    auto* contentLayout = new QHBoxLayout(content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(grid_, 1);
    contentLayout->addWidget(sidePanel);

    empty_ = new QLabel;
    empty_->setAlignment(Qt::AlignCenter);
    empty_->setWordWrap(true);
    empty_->setMargin(40);
    QFont font = empty_->font();
    font.setPointSizeF(font.pointSizeF() * 1.25);
    empty_->setFont(font);
    stack_ = new QStackedWidget;
    stack_->addWidget(empty_);
    stack_->addWidget(content);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(stack_);

    setThumbnailCache(QString());
    connect(grid_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT specimenActivated(item->data(kIdRole).toLongLong());
    });
    connect(grid_, &QListWidget::currentRowChanged, this, &MisclassifiedGallery::showSelected);
    connect(overlayButton_, &QPushButton::clicked, this, [this](bool on) {
        const auto selected = grid_->selectedItems();
        if (selected.isEmpty() && grid_->currentRow() >= 0) setOverlayShown(grid_->currentRow(), on);
        for (QListWidgetItem* item : selected) setOverlayShown(grid_->row(item), on);
    });
    connect(overlayAll_, &QCheckBox::toggled, this, &MisclassifiedGallery::setOverlayForAll);
    auto* shortcut = new QShortcut(QKeySequence(Qt::Key_G), grid_);
    shortcut->setContext(Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, overlayButton_, &QPushButton::click);
    connect(&watcher_, &QFutureWatcherBase::finished, this, &MisclassifiedGallery::onOverlayDone);
    connect(&photoWatcher_, &QFutureWatcherBase::finished, this, [this] {
        selectedPhoto_ = photoWatcher_.result();
        showSelected();
    });
    showNothing(tr("No run yet: train a model on the Training page, and its wrong predictions appear here."));
}

MisclassifiedGallery::~MisclassifiedGallery() {
    // The running Grad-CAM and photo decode must finish before the watchers go.
    queue_.clear();
    pool_.waitForDone();
    photoWatcher_.waitForFinished();
}

void MisclassifiedGallery::setThumbnailCache(const QString& cacheDir) {
    delete loader_;
    ThumbnailLoader::Options options;
    options.cacheDir = cacheDir;
    // The browser's size, so both views share one disk cache; the grid draws them at 128 px.
    options.size = ThumbnailLoader::kDefaultSize;
    options.maxPending = kMaxItems;
    loader_ = new ThumbnailLoader(options, this);
    connect(loader_, &ThumbnailLoader::thumbnailReady, this, [this](const QString& key) {
        if (QListWidgetItem* item = byKey_.value(key)) refreshIcon(grid_->row(item));
    });
}

void MisclassifiedGallery::clearGrid() {
    const QSignalBlocker block(grid_);
    grid_->clear();
    byKey_.clear();
    loader_->clearPending();
    queue_.clear();
    selectedPhoto_ = QImage();
    photoTried_.clear();
}

void MisclassifiedGallery::showNothing(const QString& reason) {
    clearGrid();
    empty_->setText(reason);
    stack_->setCurrentWidget(empty_);
}

QString MisclassifiedGallery::emptyText() const { return stack_->currentWidget() == empty_ ? empty_->text() : QString(); }

void MisclassifiedGallery::setEvaluation(const RunEvaluation& e, const ProjectStore* store) {
    clearGrid();
    if (e.runId != runId_) {
        // Another run's heat maps are kept (keyed by run): going back to it shows them at once.
        overlayErrors_.clear();
    }
    runId_ = e.runId;
    backboneId_.clear();
    headPath_.clear();
    preprocessKey_.clear();
    noOverlayReason_.clear();
    if (store) {
        if (auto run = store->run(e.runId); run && !run->modelPath.empty()) {
            if (auto bundle = readModelBundle(run->modelPath)) {
                backboneId_ = bundle->backboneId;
                preprocessKey_ = bundle->preprocessKey;
                if (bundle->kind == ModelBundle::kHeadKind) headPath_ = bundle->headPath();
                else noOverlayReason_ = tr("Grad-CAM explains heads on a frozen backbone; this run trained end to end.");
            } else {
                noOverlayReason_ = QString::fromStdString(bundle.error().message);
            }
        } else {
            noOverlayReason_ = tr("This run saved no model, so there is nothing to explain.");
        }
    }
    const std::vector<int> wrong = e.misclassified();
    const QString partName = e.part == "test" ? tr("test") : tr("validation");
    if (wrong.empty()) {
        showNothing(tr("No misclassified photos: all %n %1 photo(s) of this run are predicted right.", nullptr, int(e.rows.size()))
                        .arg(partName));
        return;
    }
    int shown = 0;
    for (int i : wrong) {
        if (++shown > kMaxItems) break;
        const PredictionRow& row = e.rows[size_t(i)];
        const QString truth = e.classNames[e.trueClass[size_t(i)]], predicted = e.classNames[e.predictedClass[size_t(i)]];
        auto* item = new QListWidgetItem(QIcon(":/icons/photo.svg"),
                                         tr("%1\n→ %2 (%3 %)").arg(truth, predicted).arg(100 * row.confidence, 0, 'f', 0));
        QStringList top;
        const auto json = nlohmann::json::parse(row.topJson, nullptr, false);
        if (json.is_array())
            for (const auto& t : json)
                top << QString("%1\t%2").arg(QString::fromStdString(t.value("label", std::string()))).arg(t.value("p", 0.0));
        QString tip = tr("True: %1").arg(truth);
        for (const QString& t : top) tip += QString("\n%1  %2 %").arg(t.section('\t', 0, 0)).arg(100 * t.section('\t', 1).toDouble(), 0, 'f', 1);
        item->setToolTip(tip);
        item->setData(kIdRole, qlonglong(row.specimenId));
        item->setData(kTopRole, top);
        item->setData(kClassRole, e.predictedClass[size_t(i)]);
        item->setData(kShowRole, overlayForAll_);
        item->setData(kCaptionRole, tr("<b>%1</b> predicted as <b>%2</b> (%3 %)<br>specimen #%4")
                                        .arg(truth.toHtmlEscaped(), predicted.toHtmlEscaped())
                                        .arg(100 * row.confidence, 0, 'f', 1)
                                        .arg(row.specimenId));
        if (store) {
            if (auto specimen = store->specimen(row.specimenId)) {
                const QString path = QString::fromStdString(specimen->absolutePath.empty() ? specimen->filePath : specimen->absolutePath);
                const QString key = ThumbnailLoader::keyFor(QString::fromStdString(specimen->contentHash), path);
                item->setData(kKeyRole, key);
                item->setData(kPathRole, path);
                byKey_.insert(key, item);
            }
        }
        grid_->addItem(item);
    }
    stack_->setCurrentIndex(1);
    // The loader serves the newest request first: asking from the bottom up draws the top of the grid first.
    for (int r = grid_->count() - 1; r >= 0; --r) {
        QListWidgetItem* it = grid_->item(r);
        const QString key = it->data(kKeyRole).toString();
        if (key.isEmpty()) continue;
        if (loader_->cached(key).isNull()) loader_->request(key, it->data(kPathRole).toString());
        refreshIcon(r);
    }
    if (overlayForAll_)
        for (int r = 0; r < grid_->count(); ++r) enqueue(r, false);
    grid_->setCurrentRow(0);
    startNext();
}

QString MisclassifiedGallery::overlayKey(int row) const {
    QListWidgetItem* item = grid_->item(row);
    return item ? QString("%1:%2").arg(runId_).arg(item->data(kIdRole).toLongLong()) : QString();
}

QListWidgetItem* MisclassifiedGallery::itemOfKey(const QString& key) const {
    for (int r = 0; r < grid_->count(); ++r)
        if (overlayKey(r) == key) return grid_->item(r);
    return nullptr;
}

bool MisclassifiedGallery::overlayShown(int row) const {
    QListWidgetItem* item = grid_->item(row);
    return item && item->data(kShowRole).toBool();
}

bool MisclassifiedGallery::overlayCached(int row) const { return overlays_.contains(overlayKey(row)); }

void MisclassifiedGallery::refreshIcon(int row) {
    QListWidgetItem* item = grid_->item(row);
    if (!item) return;
    const QString key = overlayKey(row);
    if (item->data(kShowRole).toBool() && overlays_.contains(key)) {
        item->setIcon(overlayIcon(overlays_.value(key)));
        return;
    }
    const QImage thumb = loader_->cached(item->data(kKeyRole).toString());
    item->setIcon(thumb.isNull() ? QIcon(":/icons/photo.svg") : QIcon(QPixmap::fromImage(thumb)));
}

void MisclassifiedGallery::setOverlayShown(int row, bool shown) {
    QListWidgetItem* item = grid_->item(row);
    if (!item) return;
    item->setData(kShowRole, shown);
    if (shown) enqueue(row, true);
    refreshIcon(row);
    if (row == grid_->currentRow()) showSelected();
    startNext();
}

void MisclassifiedGallery::setOverlayForAll(bool shown) {
    overlayForAll_ = shown;
    {
        const QSignalBlocker block(overlayAll_);
        overlayAll_->setChecked(shown);
    }
    if (!shown) queue_.clear();
    for (int r = 0; r < grid_->count(); ++r) {
        grid_->item(r)->setData(kShowRole, shown);
        if (shown) enqueue(r, false);
        refreshIcon(r);
    }
    // The photo being looked at comes first.
    if (shown && grid_->currentRow() >= 0) enqueue(grid_->currentRow(), true);
    showSelected();
    startNext();
}

void MisclassifiedGallery::enqueue(int row, bool front) {
    QListWidgetItem* item = grid_->item(row);
    const QString key = overlayKey(row);
    if (!item || overlays_.contains(key) || overlayErrors_.contains(key) || key == runningKey_) return;
    if (!noOverlayReason_.isEmpty() && defaultExplainer_) return;
    for (int i = 0; i < queue_.size(); ++i) {
        if (queue_[i].key != key) continue;
        if (front) queue_.move(i, 0);
        return;
    }
    Queued job;
    job.key = key;
    job.specimenId = item->data(kIdRole).toLongLong();
    job.request.photoPath = item->data(kPathRole).toString().toStdString();
    job.request.backboneId = backboneId_;
    job.request.headPath = headPath_;
    job.request.preprocessKey = preprocessKey_;
    job.request.modelsDir = modelsDir_;
    job.request.targetClass = item->data(kClassRole).toInt();
    job.request.maxSide = kLargeSide;
    if (front) queue_.prepend(job);
    else queue_.append(job);
}

void MisclassifiedGallery::startNext() {
    if (busy_ || queue_.isEmpty()) {
        status_->setText(overlayStatus());
        return;
    }
    const Queued job = queue_.takeFirst();
    busy_ = true;
    runningKey_ = job.key;
    runningSpecimen_ = job.specimenId;
    const Explainer explainer = explainer_;
    const OverlayRequest request = job.request;
    watcher_.setFuture(QtConcurrent::run(&pool_, [explainer, request]() -> std::pair<QImage, QString> {
        auto image = explainer(request);
        if (!image) return {QImage(), QString::fromStdString(image.error().message)};
        return {*image, QString()};
    }));
    status_->setText(overlayStatus());
}

void MisclassifiedGallery::onOverlayDone() {
    const auto [image, error] = watcher_.result();
    const QString key = runningKey_;
    const qint64 specimen = runningSpecimen_;
    busy_ = false;
    runningKey_.clear();
    if (image.isNull()) {
        overlayErrors_.insert(key, error.isEmpty() ? tr("Grad-CAM gave no image") : error);
    } else {
        overlays_.insert(key, image);
        overlayOrder_.append(key);
        while (overlayOrder_.size() > kMaxCachedOverlays) overlays_.remove(overlayOrder_.takeFirst());
    }
    if (QListWidgetItem* item = itemOfKey(key)) {
        const int row = grid_->row(item);
        refreshIcon(row);
        if (row == grid_->currentRow()) showSelected();
    }
    if (image.isNull()) Q_EMIT overlayFailed(specimen, overlayErrors_.value(key));
    else Q_EMIT overlayReady(specimen);
    startNext();
}

QString MisclassifiedGallery::overlayStatus() const {
    if (!noOverlayReason_.isEmpty() && defaultExplainer_) return noOverlayReason_;
    const int row = grid_->currentRow();
    const QString key = overlayKey(row);
    if (overlayErrors_.contains(key)) return tr("Grad-CAM failed: %1").arg(overlayErrors_.value(key));
    if (busy_ || !queue_.isEmpty()) return tr("Computing Grad-CAM… %n photo(s) left", nullptr, pendingOverlays());
    if (overlayShown(row) && overlays_.contains(key)) return tr("Red: the regions that raised the predicted family's score most.");
    return QString();
}

QStringList MisclassifiedGallery::selectedTopFive() const {
    QStringList lines;
    if (QListWidgetItem* item = grid_->currentItem())
        for (const QString& t : item->data(kTopRole).toStringList())
            lines << QString("%1  %2 %").arg(t.section('\t', 0, 0)).arg(100 * t.section('\t', 1).toDouble(), 0, 'f', 1);
    return lines.mid(0, 5);
}

void MisclassifiedGallery::showSelected() {
    while (QLayoutItem* child = bars_->takeAt(0)) {
        delete child->widget();
        delete child;
    }
    const int row = grid_->currentRow();
    QListWidgetItem* item = grid_->item(row);
    overlayButton_->setEnabled(item != nullptr);
    {
        const QSignalBlocker block(overlayButton_);
        overlayButton_->setChecked(overlayShown(row));
        overlayButton_->setText(overlayShown(row) ? tr("Hide Grad-CAM") : tr("Show Grad-CAM"));
    }
    status_->setText(overlayStatus());
    if (!item) {
        photo_->clear();
        caption_->clear();
        return;
    }
    caption_->setText(item->data(kCaptionRole).toString());
    for (const QString& t : item->data(kTopRole).toStringList().mid(0, 5)) {
        auto* bar = new QProgressBar;
        bar->setRange(0, 1000);
        const double p = t.section('\t', 1).toDouble();
        bar->setValue(int(1000 * p));
        bar->setFormat(QString("%1   %2 %").arg(t.section('\t', 0, 0)).arg(100 * p, 0, 'f', 1));
        bars_->addWidget(bar);
    }
    const QString key = overlayKey(row);
    if (overlayShown(row) && overlays_.contains(key)) {
        photo_->setPixmap(QPixmap::fromImage(overlays_.value(key)));
        return;
    }
    // The photo itself, decoded reduced off the GUI thread; the thumbnail stands in meanwhile.
    const QString path = item->data(kPathRole).toString();
    if (!selectedPhoto_.isNull() && selectedPhoto_.text("path") == path) {
        photo_->setPixmap(QPixmap::fromImage(selectedPhoto_));
        return;
    }
    const QImage thumb = loader_->cached(item->data(kKeyRole).toString());
    if (!thumb.isNull()) photo_->setPixmap(QPixmap::fromImage(thumb.scaled(kLargeSide, kLargeSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)));
    else photo_->setText(path.isEmpty() ? tr("No photo") : tr("Loading photo…"));
    if (path.isEmpty() || photoWatcher_.isRunning() || photoTried_ == path) return;
    photoTried_ = path;
    photoWatcher_.setFuture(QtConcurrent::run([path] {
        QImageReader reader(path);
        reader.setAutoTransform(true);
        const QSize size = reader.size();
        if (size.isValid()) reader.setScaledSize(size.scaled(kLargeSide, kLargeSide, Qt::KeepAspectRatio));
        QImage image = reader.read();
        image.setText("path", path);
        return image;
    }));
}

}  // namespace taxo::ui
