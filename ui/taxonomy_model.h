#pragma once
// The taxonomy tree of a project: kingdom -> phylum -> class label (shown as its family), each with the number of
// specimens under it. Leaves are the current labels, placed under the phylum of their specimens' taxonomy, so a
// leaf's count is exactly what the browser shows when the leaf is selected (phylum and label filters together).
#include <QSortFilterProxyModel>
#include <QStandardItemModel>

#include <cstdint>
#include <vector>

#include "core/common/result.h"

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

struct BrowserFilter;

class TaxonomyModel : public QStandardItemModel {
    Q_OBJECT
public:
    enum Role {
        RankRole = Qt::UserRole + 1,  // QString "kingdom", "phylum" or "label"
        NameRole,                     // QString: the kingdom, the phylum or the full label
        CountRole,                    // qint64 specimens (excluded ones included)
        ExcludedCountRole,            // qint64 of which excluded
    };
    explicit TaxonomyModel(QObject* parent = nullptr);

    Status load(const ProjectStore& store);
    // The browser filter a node stands for (an invalid index: everything).
    BrowserFilter filterFor(const QModelIndex& index) const;
    qint64 totalCount() const { return total_; }

private:
    std::vector<std::vector<std::int64_t>> kingdomIds_;  // by kingdom row; all empty when there is one kingdom
    qint64 total_ = 0;
};

// Keeps nodes whose name matches and the ancestors of matching nodes (recursive filtering); case-insensitive.
class TaxonomyFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit TaxonomyFilterModel(QObject* parent = nullptr);
};

}  // namespace taxo::ui
