#pragma once
// The application window: a welcome page until a project is open, then the project's views.
#include <QMainWindow>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QStackedWidget;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class JobRunner;
class ProjectPage;
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

    ProjectPage* projectPage() const { return projectPage_; }
    JobRunner* jobs() const { return jobs_; }

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

    QStackedWidget* pages_;
    WelcomePage* welcome_;
    ProjectPage* projectPage_;
    JobRunner* jobs_;
    QLabel* status_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    std::unique_ptr<ProjectStore> store_;
};

}  // namespace taxo::ui
