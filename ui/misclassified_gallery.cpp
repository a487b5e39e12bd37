#include "misclassified_gallery.h"


#include <nlohmann/json.hpp>

#include "run_evaluation.h"
#include "thumbnail_loader.h"

namespace taxo::ui {
namespace {
constexpr int kKeyRole = Qt::UserRole + 1, kPathRole = Qt::UserRole + 2, kIdRole = Qt::UserRole + 3;
}

MisclassifiedGallery::MisclassifiedGallery(QWidget* parent) : QListWidget(parent) {
    setViewMode(QListView::IconMode);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setIconSize(QSize(128, 128));
    setGridSize(QSize(200, 196));
    setWordWrap(true);
    setUniformItemSizes(true);
    setThumbnailCache(QString());
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        Q_EMIT specimenActivated(item->data(kIdRole).toLongLong());
    });
}

void MisclassifiedGallery::setThumbnailCache(const QString& cacheDir) {
    delete loader_;
    ThumbnailLoader::Options options;
    options.cacheDir = cacheDir;
    options.size = 128;
    options.maxPending = kMaxItems;
    loader_ = new ThumbnailLoader(options, this);
    connect(loader_, &ThumbnailLoader::thumbnailReady, this, [this](const QString& key) {
        if (QListWidgetItem* item = byKey_.value(key)) item->setIcon(QIcon(QPixmap::fromImage(loader_->cached(key))));
    });
}

void MisclassifiedGallery::setEvaluation(const RunEvaluation& e, const ProjectStore* store) {
    clear();
    byKey_.clear();
    loader_->clearPending();
    int shown = 0;
    for (int i : e.misclassified()) {
        if (++shown > kMaxItems) break;
        const PredictionRow& row = e.rows[size_t(i)];
        auto* item = new QListWidgetItem(QIcon(":/icons/photo.svg"),
                                         tr("%1\n→ %2 (%3 %)").arg(e.classNames[e.trueClass[size_t(i)]],
                                                                 e.classNames[e.predictedClass[size_t(i)]])
                                             .arg(100 * row.confidence, 0, 'f', 0));
        QString tip = tr("True: %1").arg(QString::fromStdString(row.trueLabel));
        const auto top = nlohmann::json::parse(row.topJson, nullptr, false);
        if (top.is_array())
            for (const auto& t : top)
                tip += QString("\n%1  %2 %").arg(QString::fromStdString(t.value("label", std::string())))
                           .arg(100 * t.value("p", 0.0), 0, 'f', 1);
        item->setToolTip(tip);
        item->setData(kIdRole, qlonglong(row.specimenId));
        if (store) {
            if (auto specimen = store->specimen(row.specimenId)) {
                const QString path = QString::fromStdString(specimen->absolutePath);
                const QString key = ThumbnailLoader::keyFor(QString::fromStdString(specimen->contentHash), path);
                item->setData(kKeyRole, key);
                item->setData(kPathRole, path);
                byKey_.insert(key, item);
            }
        }
        addItem(item);
    }
    // The loader serves the newest request first: asking from the bottom up draws the top of the grid first.
    for (int r = count() - 1; r >= 0; --r) {
        QListWidgetItem* it = item(r);
        const QString key = it->data(kKeyRole).toString();
        if (key.isEmpty()) continue;
        const QImage image = loader_->cached(key);
        if (!image.isNull()) it->setIcon(QIcon(QPixmap::fromImage(image)));
        else loader_->request(key, it->data(kPathRole).toString());
    }
}

}  // namespace taxo::ui
