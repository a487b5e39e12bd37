#include "per_class_model.h"

namespace taxo::ui {

void PerClassModel::setReport(const ClassificationReport& report, const QStringList& classNames) {
    beginResetModel();
    report_ = report;
    names_ = classNames;
    endResetModel();
}

int PerClassModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(report_.perClass.size()); }
int PerClassModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PerClassModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const ClassMetrics& m = report_.perClass[size_t(index.row())];
    const QString name = m.classIndex < names_.size() ? names_[m.classIndex] : QString::number(m.classIndex);
    const int underscore = name.indexOf('_');
    if (role == ClassIndexRole) return m.classIndex;
    if (role == Qt::TextAlignmentRole && index.column() >= Precision) return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::UserRole) return {};
    const bool display = role == Qt::DisplayRole;
    auto percent = [display](double v) -> QVariant { return display ? QVariant(QString::number(100 * v, 'f', 1) + " %") : QVariant(v); };
    switch (index.column()) {
    case Family: return underscore < 0 ? name : name.mid(underscore + 1);
    case Phylum: return underscore < 0 ? QString() : name.left(underscore);
    case Precision: return percent(m.precision);
    case Recall: return percent(m.recall);
    case F1: return percent(m.f1);
    case Support: return qlonglong(m.support);
    default: return {};
    }
}

QVariant PerClassModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Family: return tr("Family");
    case Phylum: return tr("Phylum");
    case Precision: return tr("Precision");
    case Recall: return tr("Recall");
    case F1: return tr("F1");
    case Support: return tr("Support");
    default: return {};
    }
}

}  // namespace taxo::ui
