#pragma once
// The application window: a welcome page until a project is open, then the project's views as tabs (overview,
// browser; training and results pages are added by addView), with the taxonomy tree in a dock beside them.
#include <QMainWindow>

#include <memory>

class QDockWidget;
class QIcon;
class QLabel;
class QLineEdit;
class QMenu;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTreeView;
class QUndoStack;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class BrowsePage;
class ClassifyPage;
class JobRunner;
class LabelEditor;
class ProjectPage;
class ResultsPage;
class ReviewPage;
class RunHistoryPage;
class TaxonomyFilterModel;
class TaxonomyModel;
class TrainingPage;
class WelcomePage;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens an existing project folder; shows an error and stays on the current page when it is not one.
    bool openProject(const QString& dir);
    // Imports `source` (CSV or folder) into a new or existing project folder, on the worker thread.
    void importInto(const QString& source, const QString& projectDir);
    // The sample data folder (a metadata.csv beside class folders) or empty.
    static QString sampleDataDir();
    static QString sampleProjectDir();

    // Adds a page to the project's view tabs (its objectName names its screenshot); returns its tab index.
    int addView(QWidget* page, const QIcon& icon, const QString& title);
    QTabWidget* views() const { return views_; }
    ProjectStore* store() const { return store_.get(); }

    // Shows exactly these specimens in the browser (e.g. a confusion-matrix cell), with this run's predictions
    // when runId > 0, and brings the browser to the front.
    void showSpecimens(const QList<qint64>& ids, const QString& title, qint64 runId = 0);

    ProjectPage* projectPage() const { return projectPage_; }
    TrainingPage* trainingPage() const { return trainingPage_; }
    ResultsPage* resultsPage() const { return resultsPage_; }
    ReviewPage* reviewPage() const { return reviewPage_; }
    RunHistoryPage* historyPage() const { return historyPage_; }
    ClassifyPage* classifyPage() const { return classifyPage_; }
    BrowsePage* browsePage() const { return browsePage_; }
    JobRunner* jobs() const { return jobs_; }
    QUndoStack* undoStack() const { return undo_; }
    LabelEditor* labelEditor() const { return editor_; }
    TaxonomyModel* taxonomyModel() const { return taxonomy_; }
    QTreeView* taxonomyView() const { return tree_; }
    QDockWidget* taxonomyDock() const { return taxonomyDock_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void newFromCsv();
    void newFromFolder();
    void openFromDialog();
    void openSample();
    void refreshProject();
    void rememberRecent(const QString& dir);
    void showAbout();
    void buildTaxonomyDock();
    void buildLanguageMenu(QMenu* menu);
    void reloadTaxonomy();
    void taxonSelected();
    void setLearningStore(ProjectStore* store);

    QStackedWidget* pages_;
    WelcomePage* welcome_;
    QTabWidget* views_;
    ProjectPage* projectPage_;
    BrowsePage* browsePage_;
    TrainingPage* trainingPage_;
    ResultsPage* resultsPage_;
    ReviewPage* reviewPage_;
    RunHistoryPage* historyPage_;
    ClassifyPage* classifyPage_;
    QUndoStack* undo_;
    LabelEditor* editor_;
    QDockWidget* taxonomyDock_;
    QLineEdit* taxonFilter_;
    QTreeView* tree_;
    TaxonomyModel* taxonomy_;
    TaxonomyFilterModel* taxonomyProxy_;
    bool reloadingTree_ = false;
    JobRunner* jobs_;
    QLabel* status_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    std::unique_ptr<ProjectStore> store_;
};

}  // namespace taxo::ui
