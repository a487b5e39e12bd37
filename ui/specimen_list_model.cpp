#include "specimen_list_model.h"

#include <algorithm>

#include "step_timer.h"
#include "thumbnail_loader.h"

namespace taxo::ui {

SpecimenQuery BrowserFilter::toQuery() const {
    SpecimenQuery q;
    q.phylum = phylum.toStdString();
    q.label = label.toStdString();
    q.text = text.trimmed().toStdString();
    q.ids = ids;
    q.includeExcluded = includeExcluded;
    return q;
}

SpecimenListModel::SpecimenListModel(QObject* parent) : QAbstractListModel(parent) {}

void SpecimenListModel::setStore(ProjectStore* store) {
    store_ = store;
    predictions_.clear();
    runId_.reset();
    reload();
}

void SpecimenListModel::setThumbnailLoader(ThumbnailLoader* loader) {
    if (loader_) disconnect(loader_, nullptr, this, nullptr);
    loader_ = loader;
    if (loader_) {
        connect(loader_, &ThumbnailLoader::thumbnailReady, this, &SpecimenListModel::onThumbnail);
        connect(loader_, &ThumbnailLoader::thumbnailFailed, this, [this](const QString& key) { onThumbnail(key); });
    }
}

SpecimenListModel::Row SpecimenListModel::rowFrom(const SpecimenBrief& s) const {
    Row row;
    row.id = s.id;
    row.label = QString::fromStdString(s.label);
    row.path = QString::fromStdString(s.absolutePath.empty() ? s.filePath : s.absolutePath);
    row.key = ThumbnailLoader::keyFor(QString::fromStdString(s.contentHash), row.path);
    row.excluded = s.excluded;
    const auto part = parts_.find(s.id);
    row.part = part == parts_.end() ? Part::Unassigned : part->second;
    return row;
}

bool SpecimenListModel::reload() {
    StepTimer timer("SpecimenListModel::reload");
    beginResetModel();
    timer.step("begin reset");
    rows_.clear();
    parts_.clear();
    lastError_.clear();
    if (loader_) loader_->clearPending();
    bool ok = true;
    if (store_) {
        if (auto split = store_->activeSplitId(); split && *split) {
            if (auto parts = store_->splitAssignments(**split)) parts_ = std::move(*parts);
        }
        timer.step("parts");
        auto specimens = store_->specimenBriefs(filter_.toQuery());
        timer.step("briefs");
        if (specimens) {
            rows_.reserve(specimens->size());
            for (const SpecimenBrief& s : *specimens) rows_.push_back(rowFrom(s));
        } else {
            lastError_ = QString::fromStdString(specimens.error().message);
            ok = false;
        }
    }
    timer.step("rows");
    sortRows();
    timer.step("sort + index");
    endResetModel();
    timer.step("end reset");
    return ok;
}

bool SpecimenListModel::setFilter(const BrowserFilter& filter) {
    filter_ = filter;
    return reload();
}

bool SpecimenListModel::setRun(std::optional<std::int64_t> runId) {
    predictions_.clear();
    runId_ = runId;
    bool ok = true;
    if (store_ && runId) {
        auto rows = store_->predictions(*runId);
        if (rows) {
            for (PredictionRow& p : *rows) predictions_.emplace(p.specimenId, std::move(p));
        } else {
            lastError_ = QString::fromStdString(rows.error().message);
            ok = false;
        }
    }
    if (sortKey_ == SortKey::Confidence || sortKey_ == SortKey::Correctness) sortBy(sortKey_);
    else if (!rows_.empty()) Q_EMIT dataChanged(index(0), index(int(rows_.size()) - 1));
    return ok;
}

const PredictionRow* SpecimenListModel::prediction(std::int64_t id) const {
    const auto it = predictions_.find(id);
    return it == predictions_.end() ? nullptr : &it->second;
}

void SpecimenListModel::sortBy(SortKey key) {
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList before = persistentIndexList();
    std::vector<std::int64_t> ids;
    for (const QModelIndex& i : before) ids.push_back(idAt(i.row()));
    sortKey_ = key;
    sortRows();
    QModelIndexList after;
    for (std::int64_t id : ids) after << indexOfId(id);
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged();
}

void SpecimenListModel::sortRows() {
    // Ties keep id order (stable sort over rows that arrive ordered by id).
    auto confidence = [this](const Row& r) {
        const PredictionRow* p = prediction(r.id);
        return p ? p->confidence : 2.0;  // rows without a prediction last
    };
    auto correctness = [this](const Row& r) {
        const PredictionRow* p = prediction(r.id);
        if (!p) return 2;
        return p->predictedLabel == r.label.toStdString() ? 1 : 0;  // mistakes first
    };
    std::sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) { return a.id < b.id; });
    switch (sortKey_) {
    case SortKey::Id: break;
    case SortKey::Family:
        std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) { return a.label < b.label; });
        break;
    case SortKey::Split:
        std::stable_sort(rows_.begin(), rows_.end(), [](const Row& a, const Row& b) {
            // train, val, test, then unassigned
            auto order = [](Part p) { return p == Part::Unassigned ? 4 : int(p); };
            return order(a.part) < order(b.part);
        });
        break;
    case SortKey::Confidence:
        std::stable_sort(rows_.begin(), rows_.end(), [&](const Row& a, const Row& b) { return confidence(a) < confidence(b); });
        break;
    case SortKey::Correctness:
        std::stable_sort(rows_.begin(), rows_.end(), [&](const Row& a, const Row& b) {
            const int ca = correctness(a), cb = correctness(b);
            if (ca != cb) return ca < cb;
            return confidence(a) > confidence(b);  // confident mistakes first
        });
        break;
    }
    rebuildIndex();
}

void SpecimenListModel::rebuildIndex() {
    rowOfId_.clear();
    rowsOfKey_.clear();
    rowOfId_.reserve(int(rows_.size()));
    for (int i = 0; i < int(rows_.size()); ++i) {
        rowOfId_.insert(rows_[i].id, i);
        rowsOfKey_.insert(rows_[i].key, i);
    }
}

void SpecimenListModel::refreshSpecimens(const std::vector<std::int64_t>& ids) {
    if (!store_ || ids.empty()) return;
    SpecimenQuery q;
    q.ids = ids;
    auto specimens = store_->specimenBriefs(q);
    if (!specimens) {
        lastError_ = QString::fromStdString(specimens.error().message);
        return;
    }
    for (const SpecimenBrief& s : *specimens) {
        const auto it = rowOfId_.constFind(s.id);
        if (it == rowOfId_.constEnd()) continue;
        rows_[*it] = rowFrom(s);
        const QModelIndex i = index(*it);
        Q_EMIT dataChanged(i, i);
    }
}

QString SpecimenListModel::partTitle(Part part) {
    switch (part) {
    case Part::Train: return tr("train");
    case Part::Val: return tr("val");
    case Part::Test: return tr("test");
    case Part::Unassigned: break;
    }
    return tr("unassigned");
}

QModelIndex SpecimenListModel::indexOfId(std::int64_t id) const {
    const auto it = rowOfId_.constFind(id);
    return it == rowOfId_.constEnd() ? QModelIndex() : index(*it);
}

std::int64_t SpecimenListModel::idAt(int row) const {
    return row >= 0 && row < int(rows_.size()) ? rows_[row].id : 0;
}

int SpecimenListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

void SpecimenListModel::onThumbnail(const QString& key) {
    for (auto it = rowsOfKey_.constFind(key); it != rowsOfKey_.constEnd() && it.key() == key; ++it) {
        const QModelIndex i = index(it.value());
        Q_EMIT dataChanged(i, i, {Qt::DecorationRole, ThumbnailRole, ThumbnailStateRole});
    }
}

QVariant SpecimenListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& row = rows_[index.row()];
    const PredictionRow* p = nullptr;
    switch (role) {
    case Qt::DisplayRole: {
        // The family is what a reviewer scans for; the phylum prefix is in the tooltip and the tree.
        const int cut = row.label.indexOf('_');
        return cut > 0 ? row.label.mid(cut + 1) : row.label;
    }
    case Qt::ToolTipRole:
        return tr("#%1 %2\n%3").arg(row.id).arg(row.label, row.path);
    case IdRole: return qint64(row.id);
    case LabelRole: return row.label;
    case PathRole: return row.path;
    case PartRole: return int(row.part);
    case PartNameRole: return QString::fromLatin1(partName(row.part));
    case ExcludedRole: return row.excluded;
    case Qt::DecorationRole:
    case ThumbnailRole: {
        if (!loader_) return QImage();
        QImage image = loader_->cached(row.key);
        if (image.isNull() && !loader_->failed(row.key))
            const_cast<ThumbnailLoader*>(loader_)->request(row.key, row.path);  // the view asks only for what it shows
        return image;
    }
    case ThumbnailStateRole:
        if (!loader_) return int(ThumbnailLoading);
        if (loader_->failed(row.key)) return int(ThumbnailFailed);
        return int(loader_->cached(row.key).isNull() ? ThumbnailLoading : ThumbnailReady);
    case PredictedLabelRole:
        if ((p = prediction(row.id))) return QString::fromStdString(p->predictedLabel);
        return {};
    case ConfidenceRole:
        if ((p = prediction(row.id))) return p->confidence;
        return {};
    case CorrectRole:
        if ((p = prediction(row.id))) return p->predictedLabel == row.label.toStdString();
        return {};
    case TopJsonRole:
        if ((p = prediction(row.id))) return QString::fromStdString(p->topJson);
        return {};
    default: return {};
    }
}

QHash<int, QByteArray> SpecimenListModel::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names.insert({{IdRole, "id"}, {LabelRole, "label"}, {PathRole, "path"}, {PartRole, "part"}, {PartNameRole, "partName"},
                  {ExcludedRole, "excluded"}, {ThumbnailRole, "thumbnail"}, {ThumbnailStateRole, "thumbnailState"},
                  {PredictedLabelRole, "predictedLabel"}, {ConfidenceRole, "confidence"}, {CorrectRole, "correct"},
                  {TopJsonRole, "topJson"}});
    return names;
}

}  // namespace taxo::ui
