#pragma once
// The details of one specimen: a larger photo (decoded off the GUI thread), its taxonomy, split part, label history
// and the selected run's top-5, with the labelling controls that act on the browser's selection.
#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include <cstdint>

#include "core/data/specimen.h"

class QCompleter;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QStringListModel;
class QTableWidget;
class QTreeWidget;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class SpecimenDetails : public QWidget {
    Q_OBJECT
public:
    static constexpr int kPhotoShortSide = 420;  // pixels, decode target of the large photo

    explicit SpecimenDetails(QWidget* parent = nullptr);
    void setStore(ProjectStore* store);
    // Shows a specimen (0: none). part is a taxo::Part as int; topJson the run's top-k JSON or empty.
    void showSpecimen(std::int64_t id, int part, const QString& topJson, int selectedCount);
    void setKnownLabels(const QStringList& labels);
    std::int64_t specimenId() const { return id_; }
    // The run's first suggestion for the shown specimen, empty without predictions.
    QString suggestion() const { return suggestion_; }
    // For screenshots and tests: processes events until the photo is shown or the timeout passes.
    bool waitForPhoto(int timeoutMs);
    QLineEdit* labelEdit() const { return labelEdit_; }
    // The sentence shown instead of the top-5 when the specimen has none.
    QString noPredictionsText() const;

Q_SIGNALS:
    void relabelRequested(const QString& label);
    void excludeToggled();
    void acceptSuggestionRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void showPhoto(const QImage& image, const QString& error);
    QString noPredictionsReason(Part part, bool excluded) const;
    void fitPhoto();

    ProjectStore* store_ = nullptr;
    std::int64_t id_ = 0;
    quint64 generation_ = 0;
    QString suggestion_;
    QLabel* photo_;
    QLabel* title_;
    QFormLayout* facts_;
    QLabel* taxonomy_;
    QLabel* part_;
    QLabel* path_;
    QLabel* selection_;
    QLineEdit* labelEdit_;
    QStringListModel* labels_;
    QPushButton* apply_;
    QPushButton* exclude_;
    QPushButton* accept_;
    QTableWidget* top_;
    QLabel* topNone_;
    QTreeWidget* history_;
    QFutureWatcher<std::pair<QImage, QString>> watcher_;
    bool photoPending_ = false;
    QImage photoImage_;  // the decoded photo, rescaled to the panel's width on resize
};

}  // namespace taxo::ui
