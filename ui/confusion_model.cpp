#include "confusion_model.h"

#include <algorithm>
#include <numeric>

namespace taxo::ui {

void ConfusionModel::setReport(const ClassificationReport& report, const QStringList& classNames) {
    beginResetModel();
    report_ = report;
    names_ = classNames;
    while (names_.size() < report.numClasses) names_ << QString::number(names_.size());
    rebuild();
    endResetModel();
}

void ConfusionModel::setThreshold(std::int64_t minimum) {
    threshold_ = std::max<std::int64_t>(1, minimum);
    beginResetModel();
    rebuild();
    endResetModel();
}

void ConfusionModel::setHideDiagonal(bool hide) {
    hideDiagonal_ = hide;
    beginResetModel();
    rebuild();
    endResetModel();
}

void ConfusionModel::setOrder(Order order) {
    orderBy_ = order;
    beginResetModel();
    rebuild();
    endResetModel();
}

void ConfusionModel::rebuild() {
    const int n = report_.numClasses;
    order_.resize(size_t(n));
    std::iota(order_.begin(), order_.end(), 0);
    if (orderBy_ == ByName) {
        std::stable_sort(order_.begin(), order_.end(), [this](int a, int b) { return names_[a] < names_[b]; });
    } else {
        auto support = [this](int c) { return report_.perClass.empty() ? 0 : report_.perClass[size_t(c)].support; };
        std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) { return support(a) > support(b); });
    }
    maxShown_ = 0;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) maxShown_ = std::max(maxShown_, shownCount(r, c));
}

int ConfusionModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : report_.numClasses; }
int ConfusionModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : report_.numClasses; }

std::int64_t ConfusionModel::rawCount(int row, int column) const {
    return report_.confusionAt(classAt(row), classAt(column));
}

std::int64_t ConfusionModel::shownCount(int row, int column) const {
    if (hideDiagonal_ && classAt(row) == classAt(column)) return 0;
    const std::int64_t count = rawCount(row, column);
    return count >= threshold_ ? count : 0;
}

QVariant ConfusionModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    switch (role) {
    case Qt::DisplayRole: return qlonglong(shownCount(index.row(), index.column()));
    case CountRole: return qlonglong(rawCount(index.row(), index.column()));
    case TrueClassRole: return classAt(index.row());
    case PredictedClassRole: return classAt(index.column());
    case Qt::ToolTipRole:
        return tr("true: %1\npredicted: %2\ncount: %3")
            .arg(names_[classAt(index.row())], names_[classAt(index.column())])
            .arg(rawCount(index.row(), index.column()));
    default: return {};
    }
}

QVariant ConfusionModel::headerData(int section, Qt::Orientation, int role) const {
    if (role != Qt::DisplayRole || section < 0 || section >= report_.numClasses) return {};
    return names_[classAt(section)];
}

std::vector<Confusion> ConfusionModel::topConfusions(int n) const {
    std::vector<Confusion> all;
    for (int t = 0; t < report_.numClasses; ++t)
        for (int p = 0; p < report_.numClasses; ++p)
            if (t != p && report_.confusionAt(t, p) >= threshold_) all.push_back({t, p, report_.confusionAt(t, p)});
    std::stable_sort(all.begin(), all.end(), [](const Confusion& a, const Confusion& b) { return a.count > b.count; });
    if (int(all.size()) > n) all.resize(size_t(n));
    return all;
}

}  // namespace taxo::ui
