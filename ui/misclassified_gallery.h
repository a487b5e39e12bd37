#pragma once
// Wrong predictions of a run's part as a thumbnail grid, most confident first: each photo with its true and
// predicted family and the confidence. Beside the grid, the selected photo large with its top-5 as probability bars.
// Grad-CAM (core/eval/grad_cam.h: where the run's head looked for the predicted family) on demand, per photo or for
// every photo: computed one at a time on a worker thread, cached per run and specimen, drawn over the photo.
// With nothing to show (no run, a part not evaluated, no mistakes) the gallery says so in a sentence.
// Thumbnails come from a ThumbnailLoader sharing the browser's disk cache; a double click emits the specimen.
#include <QFutureWatcher>
#include <QHash>
#include <QImage>
#include <QList>
#include <QThreadPool>
#include <QWidget>

#include <cstdint>
#include <functional>
#include <string>
#include <utility>

#include "core/common/result.h"

class QCheckBox;
class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QStackedWidget;
class QVBoxLayout;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

struct RunEvaluation;
class ThumbnailLoader;

// What a Grad-CAM overlay is made from: the photo, the run's backbone and head, and the class to explain.
struct OverlayRequest {
    std::string photoPath;
    std::string backboneId;
    std::string headPath;   // the run's head (saveHead format); empty: the run has no head to explain
    std::string preprocessKey;  // the run's (ModelBundle::preprocessKey); empty: the backbone's own
    std::string modelsDir;  // empty: defaultModelsDir()
    int targetClass = -1;   // class index in the run's classes (the predicted family)
    int maxSide = 360;      // pixels: the overlay is returned no larger than this on its long side
};

// Default explainer: core's Grad-CAM drawn over the decoded photo (RGB888, at most maxSide pixels). Slow (a backbone
// forward and backward pass, about a second on the CPU): call it off the GUI thread.
Result<QImage> gradCamOverlay(const OverlayRequest& request);

class MisclassifiedGallery : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxItems = 400;          // the most confident mistakes are the ones worth a look
    static constexpr int kMaxCachedOverlays = 200;  // about 0.4 MB each at 360 pixels
    using Explainer = std::function<Result<QImage>(const OverlayRequest&)>;

    explicit MisclassifiedGallery(QWidget* parent = nullptr);
    ~MisclassifiedGallery() override;
    // cacheDir: the project's thumbnail folder (may be empty).
    void setThumbnailCache(const QString& cacheDir);
    void setModelsDir(const QString& dir) { modelsDir_ = dir.toStdString(); }
    // The store gives each specimen's photo and the run's model (nullptr: placeholders only, no Grad-CAM).
    void setEvaluation(const RunEvaluation& evaluation, const ProjectStore* store);
    // Nothing to show: the grid gives way to this sentence (e.g. no run yet, the part not evaluated).
    void showNothing(const QString& reason);
    // The sentence shown instead of the grid, empty while photos are shown.
    QString emptyText() const;
    // For tests: replaces the Grad-CAM computation (it still runs on the worker thread).
    void setExplainer(Explainer explainer) {
        explainer_ = std::move(explainer);
        defaultExplainer_ = false;
    }

    // Grad-CAM of one photo (row of the grid) shown or hidden; computed on the worker when not cached.
    void setOverlayShown(int row, bool shown);
    bool overlayShown(int row) const;
    // Every photo at once (the global switch); photos are computed in grid order, the selected one first.
    void setOverlayForAll(bool shown);
    bool overlayForAll() const { return overlayForAll_; }
    bool overlayCached(int row) const;
    int pendingOverlays() const { return int(queue_.size()) + (busy_ ? 1 : 0); }

    QListWidget* grid() const { return grid_; }
    ThumbnailLoader* thumbnails() const { return loader_; }
    // The selected photo's top-5 as shown beside the grid ("family  p %" per line).
    QStringList selectedTopFive() const;
    QString overlayStatus() const;

Q_SIGNALS:
    void specimenActivated(qint64 id);
    void overlayReady(qint64 specimenId);
    void overlayFailed(qint64 specimenId, const QString& message);

private:
    struct Queued {
        QString key;
        qint64 specimenId;
        OverlayRequest request;
    };
    void clearGrid();
    void showSelected();
    void refreshIcon(int row);
    void enqueue(int row, bool front);
    void startNext();
    void onOverlayDone();
    QString overlayKey(int row) const;
    QListWidgetItem* itemOfKey(const QString& key) const;

    QStackedWidget* stack_;
    QLabel* empty_;
    QListWidget* grid_;
    QLabel *photo_, *caption_, *status_;
    QVBoxLayout* bars_;
    QPushButton* overlayButton_;
    QCheckBox* overlayAll_;
    ThumbnailLoader* loader_ = nullptr;
    QHash<QString, QListWidgetItem*> byKey_;

    // Grad-CAM: the run's model, the cache (insertion order for eviction), the work queue and the running job.
    std::int64_t runId_ = 0;
    std::string backboneId_, headPath_, preprocessKey_, modelsDir_;
    QString noOverlayReason_;
    Explainer explainer_;
    bool defaultExplainer_ = true;
    QHash<QString, QImage> overlays_;
    QList<QString> overlayOrder_;
    QHash<QString, QString> overlayErrors_;
    QList<Queued> queue_;
    bool busy_ = false;
    QString runningKey_;
    qint64 runningSpecimen_ = 0;
    bool overlayForAll_ = false;
    QThreadPool pool_;  // one thread: Grad-CAM runs a backbone pass and should not compete with itself
    QFutureWatcher<std::pair<QImage, QString>> watcher_;  // overlay, or the error
    QFutureWatcher<QImage> photoWatcher_;
    QImage selectedPhoto_;
    QString photoTried_;  // the last photo decoded for the side panel (a failed one is not retried)
};

}  // namespace taxo::ui
