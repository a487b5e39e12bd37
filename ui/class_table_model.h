#pragma once
// Classes of a project with their counts per part: a flat table model for the overview (sortable via a proxy).
#include <QAbstractTableModel>

#include "core/store/project_summary.h"

namespace taxo::ui {

class ClassTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Label, Phylum, Photos, Train, Val, Test, Excluded, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;

    void setSummary(const ProjectSummary& summary);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row {
        QString label, phylum;
        qint64 photos = 0, train = 0, val = 0, test = 0, excluded = 0;
    };
    QVector<Row> rows_;
};

}  // namespace taxo::ui
