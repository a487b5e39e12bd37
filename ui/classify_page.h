#pragma once
// Classify new photos with a finished run's model: open or drop photos and see each one's five most probable
// families with probability bars, and for birds and insects the species the iNaturalist classifiers suggest
// (core/eval/species_suggestions.h); classify a whole folder to a CSV with progress; add a photo to the project,
// unlabelled or with the label accepted. The models (core's Predictor, SpeciesSuggester) load and run on a worker
// thread, once each, and are kept for the next photos.
#include <QWidget>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
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
class SpeciesSuggester;
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

    // Which iNaturalist classifier suggests species: by the predicted family's class in the project's taxonomy (Aves:
    // birds, Insecta: insects, others none; with the class unknown, chordates ask the bird and arthropods the insect
    // classifier, and its "background" answer hides the suggestion), always one of them, or none. The explicit
    // choices work without a family model too.
    enum SuggestionMode { SuggestAutomatic = 0, SuggestBirds = 1, SuggestInsects = 2, SuggestOff = 3 };
    static constexpr const char* kBirdSuggester = "mobilenet_v2_inat_bird";
    static constexpr const char* kInsectSuggester = "mobilenet_v2_inat_insect";
    void setSuggestionMode(SuggestionMode mode);
    SuggestionMode suggestionMode() const;
    // Per classified photo: the suggester used (empty: none) and its three most probable species.
    struct Suggestions {
        std::string suggester;
        std::vector<ClassProbability> species;
        std::string error;
    };
    const std::vector<Suggestions>& suggestions() const { return suggestions_; }
    QComboBox* runChooser() const { return run_; }
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
    void updateActions();
    // Family label -> its phylum and class ("chordata", "aves"; the class may be unknown) for the chosen model's classes.
    std::map<std::string, std::pair<std::string, std::string>> classOfLabels(const QString& bundleDir);

    ProjectStore* store_ = nullptr;
    QString modelsDir_;
    JobRunner* runner_;
    // Owned by the worker while a job runs, then kept for the next one (the model loads once per run chosen).
    std::shared_ptr<std::shared_ptr<Predictor>> predictor_;
    std::shared_ptr<std::string> predictorFor_;
    using SuggesterCache = std::map<std::string, std::shared_ptr<SpeciesSuggester>>;
    std::shared_ptr<SuggesterCache> suggesters_;
    std::vector<PhotoPrediction> predictions_;
    std::vector<Suggestions> suggestions_;
    QComboBox *run_, *suggest_;
    QPushButton *open_, *folder_, *addLabelled_, *addUnlabelled_;
    QListWidget* photos_;
    QLabel *preview_, *status_;
    QProgressBar* progress_;
    QVBoxLayout* bars_;
    QLabel* species_;
};

}  // namespace taxo::ui
