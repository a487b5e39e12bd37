#include "review_models.h"

#include <QBrush>
#include <QFont>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPalette>
#include <QPixmap>

#include <set>

#include "core/store/project_store.h"
#include "specimen_list_model.h"
#include "thumbnail_loader.h"

namespace taxo::ui {

std::map<std::int64_t, ReviewSpecimen> readReviewSpecimens(const ProjectStore& store, const std::vector<std::int64_t>& ids) {
    std::map<std::int64_t, ReviewSpecimen> out;
    for (auto id : ids) out[id].id = id;
    if (ids.empty()) return out;
    std::map<std::int64_t, Part> parts;
    if (auto active = store.activeSplitId(); active && active->has_value())
        if (auto assignment = store.splitAssignments(**active)) parts = std::move(*assignment);
    SpecimenQuery q;
    q.ids = ids;
    if (auto specimens = store.specimens(q)) {
        for (const Specimen& s : *specimens) {
            ReviewSpecimen& r = out[s.id];
            r.found = true;
            r.label = QString::fromStdString(s.label);
            r.path = QString::fromStdString(s.absolutePath);
            r.key = ThumbnailLoader::keyFor(QString::fromStdString(s.contentHash), r.path);
            r.excluded = s.excluded;
            const auto it = parts.find(s.id);
            r.part = it == parts.end() ? Part::Unassigned : it->second;
        }
    }
    return out;
}

// ---- ReviewQueueModel

ReviewQueueModel::ReviewQueueModel(QObject* parent) : QAbstractListModel(parent) {}

void ReviewQueueModel::setStore(const ProjectStore* store) {
    store_ = store;
    clear();
}

void ReviewQueueModel::setThumbnailLoader(ThumbnailLoader* loader) {
    if (loader_) disconnect(loader_, nullptr, this, nullptr);
    loader_ = loader;
    if (loader_) connect(loader_, &ThumbnailLoader::thumbnailReady, this, &ReviewQueueModel::onThumbnail);
}

void ReviewQueueModel::setEntries(std::vector<ReviewEntry> entries) {
    beginResetModel();
    entries_ = std::move(entries);
    specimens_.clear();
    if (store_) {
        std::vector<std::int64_t> ids;
        for (const auto& e : entries_) ids.push_back(e.id);
        specimens_ = readReviewSpecimens(*store_, ids);
    }
    endResetModel();
}

std::vector<std::int64_t> rereadReviewSpecimens(const ProjectStore& store, std::map<std::int64_t, ReviewSpecimen>& known,
                                                const std::vector<std::int64_t>& ids) {
    std::vector<std::int64_t> ours;
    for (auto id : ids)
        if (known.count(id)) ours.push_back(id);
    if (ours.empty()) return ours;
    for (auto& [id, specimen] : readReviewSpecimens(store, ours)) known[id] = specimen;
    return ours;
}

void ReviewQueueModel::refreshSpecimens(const std::vector<std::int64_t>& ids) {
    if (!store_) return;
    for (auto id : rereadReviewSpecimens(*store_, specimens_, ids)) {
        const int row = rowOfId(id);
        if (row >= 0) Q_EMIT dataChanged(index(row), index(row));
    }
}

int ReviewQueueModel::rowOfId(std::int64_t id) const {
    for (std::size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].id == id) return int(i);
    return -1;
}

int ReviewQueueModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(entries_.size()); }

ReviewQueueModel::Status ReviewQueueModel::statusOf(int row) const {
    const ReviewEntry& e = entries_[std::size_t(row)];
    const auto it = specimens_.find(e.id);
    if (it == specimens_.end() || !it->second.found) return Status::Pending;
    if (it->second.excluded) return Status::Excluded;
    const std::string label = it->second.label.toStdString();
    if (label == e.givenLabel) return Status::Pending;
    return label == e.suggestedLabel ? Status::Accepted : Status::Relabelled;
}

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const ReviewEntry& e = entries_[std::size_t(index.row())];
    const auto it = specimens_.find(e.id);
    const ReviewSpecimen* s = it == specimens_.end() ? nullptr : &it->second;
    const QString label = s && s->found ? s->label : QString::fromStdString(e.givenLabel);
    const Status status = statusOf(index.row());
    switch (role) {
    case IdRole: return qint64(e.id);
    case LabelRole: return label;
    case SuggestedLabelRole: return QString::fromStdString(e.suggestedLabel);
    case ProbabilityRole: return e.suggestedProbability;
    case GivenProbabilityRole: return e.givenProbability >= 0 ? QVariant(e.givenProbability) : QVariant();
    case ScoreRole: return e.score;
    case ExcludedRole: return s && s->excluded;
    case PartRole: return int(s ? s->part : Part::Unassigned);
    case StatusRole: return int(status);
    case TopJsonRole: return QString::fromStdString(e.topJson);
    case Qt::DisplayRole: {
        QString statusText;
        switch (status) {
        case Status::Accepted: statusText = tr("accepted"); break;
        case Status::Relabelled: statusText = tr("relabelled"); break;
        case Status::Excluded: statusText = tr("excluded"); break;
        case Status::Pending: break;
        }
        QString text = tr("#%1  %2").arg(e.id).arg(label);
        text += QLatin1Char('\n') + tr("→ %1  %2 %").arg(QString::fromStdString(e.suggestedLabel)).arg(QLocale().toString(100 * e.suggestedProbability, 'f', 0));
        QString third = tr("score %1").arg(QLocale().toString(e.score, 'f', 2));
        if (e.givenProbability >= 0) third += tr(" · p(label) %1 %").arg(QLocale().toString(100 * e.givenProbability, 'f', 0));
        third += QStringLiteral(" · ") + SpecimenListModel::partTitle(s ? s->part : Part::Unassigned);
        if (!statusText.isEmpty()) third += QStringLiteral(" · ") + statusText;
        return text + QLatin1Char('\n') + third;
    }
    case Qt::ToolTipRole:
        return tr("Specimen %1\nLabel: %2\nSuggested: %3 (%4 %)").arg(e.id).arg(label, QString::fromStdString(e.suggestedLabel))
            .arg(QLocale().toString(100 * e.suggestedProbability, 'f', 1));
    case Qt::ForegroundRole:
        return status == Status::Pending ? QVariant() : QVariant(QBrush(QPalette().color(QPalette::Disabled, QPalette::Text)));
    case Qt::FontRole:
        if (status == Status::Excluded) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        return {};
    case Qt::DecorationRole: {
        if (!loader_ || !s || !s->found) return QIcon(":/icons/photo.svg");
        const QImage image = loader_->cached(s->key);
        if (!image.isNull()) {
            // Centred in a square, so every row's text starts at the same place whatever the photo's shape.
            const QImage small = image.scaled(kIconSize, kIconSize, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            QPixmap square(kIconSize, kIconSize);
            square.fill(Qt::transparent);
            QPainter painter(&square);
            painter.drawImage((kIconSize - small.width()) / 2, (kIconSize - small.height()) / 2, small);
            return square;
        }
        if (!loader_->failed(s->key)) loader_->request(s->key, s->path);
        return QIcon(":/icons/photo.svg");
    }
    default: return {};
    }
}

void ReviewQueueModel::onThumbnail(const QString& key) {
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        const auto it = specimens_.find(entries_[i].id);
        if (it != specimens_.end() && it->second.key == key) Q_EMIT dataChanged(index(int(i)), index(int(i)), {Qt::DecorationRole});
    }
}

// ---- DuplicateGroupsModel

DuplicateGroupsModel::DuplicateGroupsModel(QObject* parent) : QAbstractListModel(parent) {}

void DuplicateGroupsModel::setStore(const ProjectStore* store) {
    store_ = store;
    clear();
}

void DuplicateGroupsModel::setReview(const DuplicateReview& review) {
    beginResetModel();
    review_ = review;
    specimens_.clear();
    if (store_) {
        std::vector<std::int64_t> ids;
        for (const auto& g : review_.groups) ids.insert(ids.end(), g.begin(), g.end());
        specimens_ = readReviewSpecimens(*store_, ids);
    }
    endResetModel();
}

void DuplicateGroupsModel::refreshSpecimens(const std::vector<std::int64_t>& ids) {
    if (!store_) return;
    const auto ours = rereadReviewSpecimens(*store_, specimens_, ids);
    if (ours.empty()) return;
    const std::set<std::int64_t> changed(ours.begin(), ours.end());
    for (int row = 0; row < rowCount(); ++row)
        for (auto id : review_.groups[std::size_t(row)])
            if (changed.count(id)) {
                Q_EMIT dataChanged(index(row), index(row));
                break;
            }
}

std::vector<ReviewSpecimen> DuplicateGroupsModel::members(int row) const {
    std::vector<ReviewSpecimen> out;
    if (row < 0 || row >= rowCount()) return out;
    for (auto id : review_.groups[std::size_t(row)]) {
        const auto it = specimens_.find(id);
        ReviewSpecimen s;
        s.id = id;
        out.push_back(it == specimens_.end() ? s : it->second);
    }
    return out;
}

bool DuplicateGroupsModel::straddles(int row) const {
    std::set<Part> parts;
    for (const auto& m : members(row))
        if (m.found && !m.excluded && m.part != Part::Unassigned) parts.insert(m.part);
    return parts.size() > 1;
}

bool DuplicateGroupsModel::conflicting(int row) const {
    std::set<QString> labels;
    for (const auto& m : members(row))
        if (m.found && !m.excluded) labels.insert(m.label);
    return labels.size() > 1;
}

int DuplicateGroupsModel::straddlingCount() const {
    int n = 0;
    for (int r = 0; r < rowCount(); ++r) n += straddles(r) ? 1 : 0;
    return n;
}

int DuplicateGroupsModel::conflictingCount() const {
    int n = 0;
    for (int r = 0; r < rowCount(); ++r) n += conflicting(r) ? 1 : 0;
    return n;
}

int DuplicateGroupsModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(review_.groups.size()); }

QVariant DuplicateGroupsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const int row = index.row();
    const auto list = members(row);
    switch (role) {
    case MemberIdsRole: {
        QVariantList ids;
        for (const auto& m : list) ids << qint64(m.id);
        return ids;
    }
    case MemberLabelsRole: {
        QStringList labels;
        for (const auto& m : list) labels << m.label;
        return labels;
    }
    case MemberPartsRole: {
        QVariantList parts;
        for (const auto& m : list) parts << int(m.part);
        return parts;
    }
    case MemberExcludedRole: {
        QVariantList excluded;
        for (const auto& m : list) excluded << m.excluded;
        return excluded;
    }
    case MemberKeysRole: {
        QStringList keys;
        for (const auto& m : list) keys << m.key;
        return keys;
    }
    case MemberPathsRole: {
        QStringList paths;
        for (const auto& m : list) paths << m.path;
        return paths;
    }
    case SimilarityRole: return double(review_.bestSimilarity[std::size_t(row)]);
    case StraddlesRole: return straddles(row);
    case ConflictingLabelsRole: return conflicting(row);
    case Qt::DisplayRole:
        return tr("Group %1: %n photo(s), cosine %2", nullptr, int(list.size())).arg(row + 1).arg(QLocale().toString(review_.bestSimilarity[std::size_t(row)], 'f', 3));
    default: return {};
    }
}

}  // namespace taxo::ui
