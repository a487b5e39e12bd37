#include "taxonomy_model.h"

#include <map>

#include "core/store/project_store.h"
#include "specimen_list_model.h"

namespace taxo::ui {

TaxonomyModel::TaxonomyModel(QObject* parent) : QStandardItemModel(parent) {
    setHorizontalHeaderLabels({tr("Taxon"), tr("Specimens")});
}

namespace {
struct Counts {
    qint64 total = 0, excluded = 0;
    void add(bool isExcluded) {
        ++total;
        if (isExcluded) ++excluded;
    }
};

QString familyOf(const QString& label) {
    const int cut = label.indexOf('_');
    return cut > 0 ? label.mid(cut + 1) : label;
}

QList<QStandardItem*> makeRow(const QString& text, const QString& rank, const QString& name, const Counts& counts) {
    auto* item = new QStandardItem(text.isEmpty() ? TaxonomyModel::tr("(unknown)") : text);
    item->setData(rank, TaxonomyModel::RankRole);
    item->setData(name, TaxonomyModel::NameRole);
    item->setData(counts.total, TaxonomyModel::CountRole);
    item->setData(counts.excluded, TaxonomyModel::ExcludedCountRole);
    item->setEditable(false);
    if (rank == QLatin1String("label")) item->setToolTip(name);
    auto* count = new QStandardItem(QString::number(counts.total));
    count->setData(counts.total, TaxonomyModel::CountRole);
    count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    count->setEditable(false);
    if (counts.excluded > 0) count->setToolTip(TaxonomyModel::tr("%n excluded", nullptr, int(counts.excluded)));
    return {item, count};
}
}  // namespace

Status TaxonomyModel::load(const ProjectStore& store) {
    removeRows(0, rowCount());
    kingdomIds_.clear();
    total_ = 0;
    auto specimens = store.specimens();
    if (!specimens) return specimens.error();
    struct Kingdom {
        Counts counts;
        std::vector<std::int64_t> ids;
        std::map<QString, std::pair<Counts, std::map<QString, Counts>>> phyla;
    };
    std::map<QString, Kingdom> kingdoms;
    for (const Specimen& s : *specimens) {
        Kingdom& k = kingdoms[QString::fromStdString(s.taxonomy.kingdom)];
        k.counts.add(s.excluded);
        k.ids.push_back(s.id);
        auto& phylum = k.phyla[QString::fromStdString(s.taxonomy.phylum)];
        phylum.first.add(s.excluded);
        phylum.second[QString::fromStdString(s.label)].add(s.excluded);
        ++total_;
    }
    for (auto& [kingdomName, kingdom] : kingdoms) {
        auto kingdomRow = makeRow(kingdomName, "kingdom", kingdomName, kingdom.counts);
        for (const auto& [phylumName, phylum] : kingdom.phyla) {
            auto phylumRow = makeRow(phylumName, "phylum", phylumName, phylum.first);
            for (const auto& [label, counts] : phylum.second)
                phylumRow.first()->appendRow(makeRow(label.isEmpty() ? QString() : familyOf(label), "label", label, counts));
            kingdomRow.first()->appendRow(phylumRow);
        }
        appendRow(kingdomRow);
        kingdomIds_.push_back(std::move(kingdom.ids));
    }
    return {};
}

BrowserFilter TaxonomyModel::filterFor(const QModelIndex& index) const {
    BrowserFilter filter;
    if (!index.isValid()) return filter;
    const QModelIndex node = index.siblingAtColumn(0);
    const QString rank = node.data(RankRole).toString();
    if (rank == QLatin1String("kingdom")) {
        // One kingdom holding everything (the usual case) needs no id list.
        const auto& ids = kingdomIds_.at(size_t(node.row()));
        if (qint64(ids.size()) != total_) filter.ids = ids;
    } else if (rank == QLatin1String("phylum")) {
        filter.phylum = node.data(NameRole).toString();
    } else if (rank == QLatin1String("label")) {
        filter.phylum = node.parent().data(NameRole).toString();
        filter.label = node.data(NameRole).toString();
    }
    return filter;
}

TaxonomyFilterModel::TaxonomyFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setRecursiveFilteringEnabled(true);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(0);
    setSortRole(TaxonomyModel::CountRole);
}

}  // namespace taxo::ui
