#include "class_table_model.h"

namespace taxo::ui {

void ClassTableModel::setSummary(const ProjectSummary& summary) {
    beginResetModel();
    rows_.clear();
    for (const auto& [label, c] : summary.classes)
        rows_.push_back({QString::fromStdString(label), QString::fromStdString(c.phylum), c.total, c.parts[1], c.parts[2],
                         c.parts[3], c.excluded});
    endResetModel();
}

int ClassTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }
int ClassTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ClassTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rows_.size()) return {};
    const Row& r = rows_[index.row()];
    if (role == Qt::TextAlignmentRole && index.column() >= Photos) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    switch (index.column()) {
    case Label: return r.label;
    case Phylum: return r.phylum;
    case Photos: return r.photos;
    case Train: return r.train;
    case Val: return r.val;
    case Test: return r.test;
    case Excluded: return r.excluded;
    }
    return {};
}

QVariant ClassTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Label: return tr("Family");
    case Phylum: return tr("Phylum");
    case Photos: return tr("Photos");
    case Train: return tr("Train");
    case Val: return tr("Validation");
    case Test: return tr("Test");
    case Excluded: return tr("Excluded");
    }
    return {};
}

}  // namespace taxo::ui
