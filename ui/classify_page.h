#pragma once
// Classify new photos with a finished run's model: open or drop photos and see each one's five most probable
// families with probability bars; classify a whole folder to a CSV with progress; add a photo to the project,
// unlabelled or with the label accepted. The model (core's Predictor) loads and runs on a worker thread.
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

#include "core/eval/predictor.h"

class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class JobRunner;

class ClassifyPage : public QWidget {
    Q_OBJECT
public:
    explicit ClassifyPage(QWidget* parent = nullptr);
    ~ClassifyPage() override;

    void setStore(ProjectStore* store);
    void reloadRuns();
    void setModelsDir(const QString& dir) { modelsDir_ = dir; }
    // Classifies these photos on the worker; results arrive with classified().
    bool classify(const QStringList& paths);
    // Classifies every photo of a folder into a CSV (path, rank1, p1, ... rank5, p5, error).
    bool classifyFolderToCsv(const QString& folder, const QString& csvPath);
    // Adds the current photo to the project: with its accepted label, or unlabelled when label is empty.
    bool addCurrentToProject(const QString& label);

    const std::vector<PhotoPrediction>& predictions() const { return predictions_; }
    QListWidget* photoList() const { return photos_; }
    JobRunner* runner() const { return runner_; }

Q_SIGNALS:
    void classified();
    void specimensAdded(int count);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    bool startPrediction(std::vector<std::string> paths, const QString& csvPath);
    void showPhoto(int row);
    void openPhotos();
    void classifyFolder();

    ProjectStore* store_ = nullptr;
    QString modelsDir_;
    JobRunner* runner_;
    // Owned by the worker while a job runs, then kept for the next one (the model loads once per run chosen).
    std::shared_ptr<std::shared_ptr<Predictor>> predictor_;
    std::shared_ptr<std::string> predictorFor_;
    std::vector<PhotoPrediction> predictions_;
    QComboBox* run_;
    QPushButton *open_, *folder_, *addLabelled_, *addUnlabelled_;
    QListWidget* photos_;
    QLabel *preview_, *status_;
    QProgressBar* progress_;
    QVBoxLayout* bars_;
};

}  // namespace taxo::ui
