#pragma once
// A confusion matrix as a table: rows are true classes, columns predicted classes, DisplayRole the shown count
// (0 when hidden by the threshold or, with hideDiagonal, on the diagonal), ToolTipRole "true / predicted / count".
// Classes can be ordered by name (phylum first, as labels are phylum_family) or by support.
#include <QAbstractTableModel>
#include <QStringList>

#include <cstdint>
#include <vector>

#include "core/eval/metrics.h"

namespace taxo::ui {

struct Confusion {
    int trueClass = 0, predictedClass = 0;  // class indices of the report
    std::int64_t count = 0;
};

class ConfusionModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Order { ByName, BySupport };
    enum Role { CountRole = Qt::UserRole + 1, TrueClassRole, PredictedClassRole };

    using QAbstractTableModel::QAbstractTableModel;

    // classNames: one per class of the report (index = class).
    void setReport(const ClassificationReport& report, const QStringList& classNames);
    void setThreshold(std::int64_t minimum);  // counts below it are hidden (shown as 0)
    void setHideDiagonal(bool hide);
    void setOrder(Order order);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Class index shown at a row or column.
    int classAt(int section) const { return order_[size_t(section)]; }
    std::int64_t rawCount(int row, int column) const;   // ignores threshold and diagonal
    std::int64_t shownCount(int row, int column) const;
    std::int64_t maxShown() const { return maxShown_; }
    const QStringList& classNames() const { return names_; }
    // The largest off-diagonal counts at or above the threshold, most first.
    std::vector<Confusion> topConfusions(int n) const;

private:
    void rebuild();

    ClassificationReport report_;
    QStringList names_;
    std::vector<int> order_;
    std::int64_t threshold_ = 1;
    bool hideDiagonal_ = false;
    Order orderBy_ = ByName;
    std::int64_t maxShown_ = 0;
};

}  // namespace taxo::ui
