#pragma once
// Overview of an open project: what it holds, how it is split, and a sortable, filterable table of its classes.
#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace taxo {
struct ProjectSummary;
}

namespace taxo::ui {

class ClassTableModel;

class ProjectPage : public QWidget {
    Q_OBJECT
public:
    explicit ProjectPage(QWidget* parent = nullptr);
    void setSummary(const ProjectSummary& summary);
    QTableView* classTable() const { return table_; }

private:
    QLabel* heading_;
    QLineEdit* filter_;
    ClassTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
};

}  // namespace taxo::ui
