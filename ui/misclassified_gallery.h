#pragma once
// Wrong predictions of a run's part as a thumbnail grid, most confident first: each photo with its true and
// predicted family and the confidence, the top-5 as a tooltip. Thumbnails come from a ThumbnailLoader sharing the
// browser's disk cache; a double click emits the specimen.
#include <QListWidget>

#include <QHash>

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

struct RunEvaluation;
class ThumbnailLoader;

class MisclassifiedGallery : public QListWidget {
    Q_OBJECT
public:
    static constexpr int kMaxItems = 400;  // the most confident mistakes are the ones worth a look

    explicit MisclassifiedGallery(QWidget* parent = nullptr);
    // cacheDir: the project's thumbnail folder (may be empty).
    void setThumbnailCache(const QString& cacheDir);
    // The store gives each specimen's photo (nullptr: placeholders only).
    void setEvaluation(const RunEvaluation& evaluation, const ProjectStore* store);
    ThumbnailLoader* thumbnails() const { return loader_; }

Q_SIGNALS:
    void specimenActivated(qint64 id);

private:
    ThumbnailLoader* loader_ = nullptr;
    QHash<QString, QListWidgetItem*> byKey_;
};

}  // namespace taxo::ui
