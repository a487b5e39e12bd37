#pragma once
// Every run of the project with its settings and results (from the store), and two runs side by side: their
// learning curves overlaid and the differences of their validation and test metrics.
#include <QWidget>

#include <cstdint>

class QComboBox;
class QTableWidget;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class TrainingCharts;

class RunHistoryPage : public QWidget {
    Q_OBJECT
public:
    explicit RunHistoryPage(QWidget* parent = nullptr);

    void setStore(ProjectStore* store);
    void reload();
    // Overlays runs a and b (0: none) and fills the difference table.
    void compare(std::int64_t a, std::int64_t b);

    QTableWidget* runsTable() const { return runs_; }
    QTableWidget* differences() const { return diff_; }
    TrainingCharts* charts() const { return charts_; }

Q_SIGNALS:
    void openResults(qint64 runId);

private:
    ProjectStore* store_ = nullptr;
    QTableWidget* runs_;
    QComboBox *a_, *b_;
    QTableWidget* diff_;
    TrainingCharts* charts_;
};

}  // namespace taxo::ui
