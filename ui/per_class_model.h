#pragma once
// Per-class metrics of a ClassificationReport as a table: family, phylum, precision, recall, F1 (0..1, shown as
// percentages) and support. Qt::UserRole holds the sortable value (numbers as numbers).
#include <QAbstractTableModel>
#include <QStringList>

#include "core/eval/metrics.h"

namespace taxo::ui {

class PerClassModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Family, Phylum, Precision, Recall, F1, Support, ColumnCount };
    static constexpr int ClassIndexRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;
    void setReport(const ClassificationReport& report, const QStringList& classNames);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    ClassificationReport report_;
    QStringList names_;
};

}  // namespace taxo::ui
