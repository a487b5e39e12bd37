#pragma once
// Results of a chosen run on its validation or test part, in four views (the "subviews" tabs, each its own
// screenshot): the per-class table (sortable, filterable), the worst families by F1 as a bar chart, the confusion
// matrix (heatmap with zoom, threshold, hidden diagonal, order, and the top confusions beside it) and the gallery of
// misclassified photos. Clicking a bar or a cell asks the window to show those specimens in the browser.
#include <QList>
#include <QWidget>

#include <cstdint>
#include <memory>
#include <optional>

class QChartView;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class ConfusionModel;
class ConfusionView;
class MisclassifiedGallery;
class PerClassModel;
struct RunEvaluation;

class ResultsPage : public QWidget {
    Q_OBJECT
public:
    static constexpr int kWorstCount = 15;

    explicit ResultsPage(QWidget* parent = nullptr);
    ~ResultsPage() override;

    // nullptr closes; otherwise lists the finished runs and shows the newest.
    void setStore(ProjectStore* store);
    void reloadRuns();
    bool showRun(std::int64_t runId, const QString& part = QStringLiteral("val"));
    std::optional<std::int64_t> currentRun() const;

    ConfusionModel* confusionModel() const { return confusion_; }
    ConfusionView* confusionView() const { return confusionView_; }
    PerClassModel* perClassModel() const { return perClass_; }
    QSortFilterProxyModel* perClassProxy() const { return perClassProxy_; }
    MisclassifiedGallery* gallery() const { return gallery_; }
    QTabWidget* subviews() const { return tabs_; }
    const RunEvaluation* evaluation() const { return evaluation_.get(); }

    // The specimens of a confusion cell (true class, predicted class) or of a class.
    void requestCell(int trueClass, int predictedClass);
    void requestClass(int classIndex);

Q_SIGNALS:
    void showSpecimens(const QList<qint64>& ids, const QString& title, qint64 runId);

private:
    void reload();
    void fillWorstChart();
    void fillTopConfusions();

    ProjectStore* store_ = nullptr;
    std::unique_ptr<RunEvaluation> evaluation_;
    QComboBox *run_, *part_;
    QLabel* summary_;
    QTabWidget* tabs_;
    PerClassModel* perClass_;
    QSortFilterProxyModel* perClassProxy_;
    QTableView* table_;
    QLineEdit* filter_;
    QChartView* worst_;
    ConfusionModel* confusion_;
    ConfusionView* confusionView_;
    QSpinBox *threshold_, *zoom_;
    QCheckBox* hideDiagonal_;
    QComboBox* order_;
    QListWidget* topConfusions_;
    MisclassifiedGallery* gallery_;
};

}  // namespace taxo::ui
