#pragma once
// The review queue: specimens worth a second look, one key each. Two sub-views (tabs named "subviews", so
// screenshots give one file each):
// - "review_queue": likely label errors from the core's cross-validated label check (Find suspects, run as a job
//   with progress and cancel), or the least confident predictions of the latest finished run (else the label
//   check's least confident). Keys on the list: A accept the suggestion, R relabel (completer over the known
//   families), X exclude or include, Space or Right next, Left previous; undo and redo through the main
//   window's QUndoStack (the LabelEditor's commands save to the store at once).
// - "review_duplicates": near-duplicate groups side by side (DuplicateGroupsPanel), with Exclude per photo.
// Analyses never extract embeddings unasked: without them the page says so and offers to extract.
// Their last results are kept in <project>/review/ (see review_analysis.h) and shown when the project reopens.
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

#include "core/train/label_suspects.h"
#include "core/train/near_duplicates.h"
#include "review_analysis.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListView;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class DuplicateGroupsModel;
class DuplicateGroupsPanel;
class JobRunner;
class LabelEditor;
class ReviewQueueModel;
class SpecimenDetails;
class ThumbnailLoader;

class ReviewPage : public QWidget {
    Q_OBJECT
public:
    enum class Queue { Suspects = 0, LeastConfident = 1 };

    // The editor is not owned and must outlive the page.
    explicit ReviewPage(LabelEditor* editor, QWidget* parent = nullptr);
    ~ReviewPage() override;

    // nullptr closes (cancelling a running analysis). Loads the saved reports and the latest run's predictions.
    void setStore(ProjectStore* store);
    // Backbone whose cached embeddings the analyses use (default: the latest run's, else mobilenet_v2_imagenet).
    void setBackbone(const QString& backboneId);
    QString backbone() const { return backbone_; }
    void setModelsDir(const QString& dir) { modelsDir_ = dir; }  // empty: defaultModelsDir()
    // Parameters of Find suspects (confidence is also the spin box's value). For tests: fewer folds or epochs.
    void setSuspectParams(const LabelSuspectParams& params);
    // Re-reads the runs (after training) for the least-confident queue.
    void reloadRuns();

    // Start the analyses as jobs; false when one is running or no project is open. extractMissing: compute the
    // embeddings that are not cached yet first (else the page asks for it).
    bool findSuspects(bool extractMissing = false);
    bool findDuplicates(double threshold, bool extractMissing = false);
    void cancel();
    bool busy() const;
    // For screenshots and tests: processes events until no job runs or the timeout passes; true when idle.
    bool waitForIdle(int timeoutMs);

    void showQueue(Queue queue);
    Queue queue() const;
    // Actions on the current row of the queue (what the keys do).
    void acceptCurrent();
    void relabelCurrent(const QString& label);
    void toggleExcludedCurrent();
    void moveCurrent(int delta);
    void startRelabel();  // focuses the label box with its completer

    ReviewQueueModel* queueModel() const { return queueModel_; }
    DuplicateGroupsModel* duplicatesModel() const { return duplicatesModel_; }
    DuplicateGroupsPanel* duplicatesPanel() const { return duplicatesPanel_; }
    QListView* queueView() const { return view_; }
    SpecimenDetails* details() const { return details_; }
    ThumbnailLoader* thumbnails() const { return loader_; }
    QTabWidget* subviews() const { return subviews_; }
    QLabel* emptyLabel() const { return empty_; }
    QLabel* sourceLabel() const { return source_; }
    JobRunner* runner() const { return runner_; }

Q_SIGNALS:
    void analysisFinished(bool ok, const QString& message);

private:
    void buildQueueTab();
    void showSuspects();
    void updateQueue();
    void updateDetails();
    void updateDuplicates();
    void setEmpty(const QString& text, bool offerExtraction = false);
    void onFinished(bool ok, const QString& message);
    void refreshKnownLabels();
    std::vector<ReviewEntry> runEntries(QString& source) const;
    bool startJob(const QString& title, bool suspects, bool extractMissing, double threshold);

    LabelEditor* editor_;
    ProjectStore* store_ = nullptr;
    JobRunner* runner_;
    ThumbnailLoader* loader_ = nullptr;
    QString backbone_ = QStringLiteral("mobilenet_v2_imagenet");
    bool backboneChosen_ = false;
    QString modelsDir_;
    LabelSuspectParams suspectParams_;
    std::optional<SuspectReview> suspects_;
    std::optional<DuplicateReview> duplicates_;
    std::optional<std::int64_t> runId_;
    QString runName_;

    // The running job's outcome, written on the worker thread and read once it has finished.
    struct Outcome {
        bool suspects = true;
        bool needsExtraction = false;
        std::int64_t photos = 0, cached = 0;
        std::optional<SuspectReview> suspectReview;
        std::optional<DuplicateReview> duplicateReview;
    };
    std::shared_ptr<Outcome> outcome_;
    QString extractionNote_;  // the empty state's sentence while embeddings are missing
    QString errorNote_;

    QTabWidget* subviews_;
    QComboBox* queueChooser_;
    QDoubleSpinBox* confidence_;
    QPushButton* find_;
    QPushButton* extract_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QLabel* phase_;
    QLabel* source_;
    QStackedWidget* stack_;
    QLabel* empty_;
    QListView* view_;
    SpecimenDetails* details_;
    ReviewQueueModel* queueModel_;
    DuplicateGroupsModel* duplicatesModel_;
    DuplicateGroupsPanel* duplicatesPanel_;
    bool duplicatesPending_ = false;  // the last job (its error or extraction note) was the duplicates tab's
};

}  // namespace taxo::ui
