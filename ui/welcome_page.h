#pragma once
// First screen: new project from a metadata.csv or a folder, open a project, recent projects, the sample.
#include <QWidget>

class QListWidget;
class QPushButton;

namespace taxo::ui {

class WelcomePage : public QWidget {
    Q_OBJECT
public:
    explicit WelcomePage(QWidget* parent = nullptr);
    void setRecentProjects(const QStringList& dirs);
    void setSampleAvailable(bool available);

Q_SIGNALS:
    void newFromCsvRequested();
    void newFromFolderRequested();
    void openRequested();
    void sampleRequested();
    void recentRequested(const QString& dir);

private:
    QListWidget* recent_;
    QPushButton* sample_;
};

}  // namespace taxo::ui
