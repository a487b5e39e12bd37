#pragma once
// Item models of the review queue: a ranked list of specimens to check (likely label errors or least confident
// predictions) and the near-duplicate groups. Both join the analysis' rows with the store's current state (label,
// exclusion, split part), so an accept, exclude or undo shows at once after refreshSpecimens.
#include <QAbstractListModel>
#include <QImage>
#include <QStringList>

#include <cstdint>
#include <map>
#include <vector>

#include "core/data/specimen.h"
#include "review_analysis.h"

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

class ThumbnailLoader;

// What the store says of one specimen now.
struct ReviewSpecimen {
    std::int64_t id = 0;
    QString label, path, key;  // key: thumbnail cache key
    Part part = Part::Unassigned;
    bool excluded = false;
    bool found = false;  // false when the specimen left the project
};

// Reads the specimens and their parts in the active split (ids missing from the store come back with found = false).
std::map<std::int64_t, ReviewSpecimen> readReviewSpecimens(const ProjectStore& store, const std::vector<std::int64_t>& ids);
// Reads again those of `ids` that `known` holds and returns them (empty when none of them is held).
std::vector<std::int64_t> rereadReviewSpecimens(const ProjectStore& store, std::map<std::int64_t, ReviewSpecimen>& known,
                                                const std::vector<std::int64_t>& ids);

class ReviewQueueModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,  // qint64
        LabelRole,                  // QString, the current label
        SuggestedLabelRole,         // QString, the model's family
        ProbabilityRole,            // double 0..1 of the suggested family
        GivenProbabilityRole,       // double 0..1 of the label when analysed; invalid when unknown
        ScoreRole,                  // double, the list's ranking key (ReviewEntry::score)
        ExcludedRole,               // bool
        PartRole,                   // int(taxo::Part) in the active split
        StatusRole,                 // int(Status)
        TopJsonRole,                // QString [{"label","p"}]
    };
    enum class Status { Pending, Accepted, Relabelled, Excluded };
    static constexpr int kIconSize = 80;  // pixels, the square thumbnails of DecorationRole

    explicit ReviewQueueModel(QObject* parent = nullptr);
    void setStore(const ProjectStore* store);  // not owned; nullptr clears
    void setThumbnailLoader(ThumbnailLoader* loader);  // not owned; nullptr: no thumbnails
    void setEntries(std::vector<ReviewEntry> entries);
    void clear() { setEntries({}); }
    void refreshSpecimens(const std::vector<std::int64_t>& ids);
    const ReviewEntry& entry(int row) const { return entries_[std::size_t(row)]; }
    int rowOfId(std::int64_t id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    Status statusOf(int row) const;
    void onThumbnail(const QString& key);

    const ProjectStore* store_ = nullptr;
    ThumbnailLoader* loader_ = nullptr;
    std::vector<ReviewEntry> entries_;
    std::map<std::int64_t, ReviewSpecimen> specimens_;
};

class DuplicateGroupsModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        MemberIdsRole = Qt::UserRole + 1,  // QVariantList of qint64, ascending
        MemberLabelsRole,                  // QStringList
        MemberPartsRole,                   // QVariantList of int(taxo::Part)
        MemberExcludedRole,                // QVariantList of bool
        MemberKeysRole,                    // QStringList, thumbnail keys
        MemberPathsRole,                   // QStringList
        SimilarityRole,                    // double, the group's highest pair cosine
        StraddlesRole,                     // bool: members sit in more than one of train/val/test
        ConflictingLabelsRole,             // bool: members carry different labels
    };

    explicit DuplicateGroupsModel(QObject* parent = nullptr);
    void setStore(const ProjectStore* store);
    void setReview(const DuplicateReview& review);
    void clear() { setReview({}); }
    void refreshSpecimens(const std::vector<std::int64_t>& ids);
    std::vector<ReviewSpecimen> members(int row) const;
    int straddlingCount() const;
    int conflictingCount() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

private:
    bool straddles(int row) const;
    bool conflicting(int row) const;

    const ProjectStore* store_ = nullptr;
    DuplicateReview review_;
    std::map<std::int64_t, ReviewSpecimen> specimens_;
};

}  // namespace taxo::ui
