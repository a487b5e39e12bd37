#pragma once
// The specimens a browser shows: one row per specimen matching a filter, served from the project store.
//
// The model reads the compact fields of every matching specimen at once (SpecimenBrief: id, label, path, hash, excluded: about
// 100 bytes a row, a few tens of milliseconds for 12,000 rows), because sorting by family, split or confidence needs
// all of them; the heavy parts load lazily: thumbnails through a ThumbnailLoader as rows become visible, and the full
// record (taxonomy, history) only in the details panel. The view never holds a widget per image.
#include <QAbstractListModel>
#include <QHash>
#include <QImage>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "core/data/specimen.h"
#include "core/store/project_store.h"

namespace taxo::ui {

class ThumbnailLoader;

// What the browser shows; empty fields do not filter.
struct BrowserFilter {
    QString phylum;                     // taxonomy phylum
    QString label;                      // current class label (phylum_family)
    QString text;                       // substring of label, source id or path
    std::optional<std::vector<std::int64_t>> ids;  // e.g. a kingdom's specimens, a confusion-matrix cell
    bool includeExcluded = true;
    SpecimenQuery toQuery() const;
};

class SpecimenListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,  // qint64
        LabelRole,                  // QString, current label
        PathRole,                   // QString, absolute path of the photo
        PartRole,                   // int(taxo::Part) in the active split
        PartNameRole,               // QString "train", "val", "test", "unassigned" (not translated: a key)
        ExcludedRole,               // bool
        ThumbnailRole,              // QImage, null while loading
        ThumbnailStateRole,         // int ThumbnailState
        PredictedLabelRole,         // QString; invalid QVariant without predictions
        ConfidenceRole,             // double 0..1 of the predicted label; invalid without predictions
        CorrectRole,                // bool predicted == current label; invalid without predictions
        TopJsonRole,                // QString, the run's top-k JSON; invalid without predictions
    };
    enum ThumbnailState { ThumbnailLoading, ThumbnailReady, ThumbnailFailed };
    enum class SortKey { Id, Family, Split, Confidence, Correctness };

    explicit SpecimenListModel(QObject* parent = nullptr);

    // The store is used from the GUI thread only and must outlive the model (or be replaced with nullptr first).
    void setStore(ProjectStore* store);
    void setThumbnailLoader(ThumbnailLoader* loader);
    // Reloads rows matching the filter (keeps the sort key and run).
    bool setFilter(const BrowserFilter& filter);
    const BrowserFilter& filter() const { return filter_; }
    // Predictions of a run fill the prediction roles; nullopt clears them.
    bool setRun(std::optional<std::int64_t> runId);
    std::optional<std::int64_t> runId() const { return runId_; }
    void sortBy(SortKey key);
    SortKey sortKey() const { return sortKey_; }
    // Re-reads these specimens from the store (after a relabel); rows that no longer match stay until the next reload
    // so the user's place in a review is not lost.
    void refreshSpecimens(const std::vector<std::int64_t>& ids);
    bool reload();

    // The part's name as a user reads it (translated), e.g. "train".
    static QString partTitle(Part part);

    QModelIndex indexOfId(std::int64_t id) const;
    std::int64_t idAt(int row) const;
    QString lastError() const { return lastError_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    struct Row {
        std::int64_t id = 0;
        QString label, path, key;
        Part part = Part::Unassigned;
        bool excluded = false;
    };
    const PredictionRow* prediction(std::int64_t id) const;
    void onThumbnail(const QString& key);
    void sortRows();
    void rebuildIndex();
    Row rowFrom(const SpecimenBrief& s) const;

    ProjectStore* store_ = nullptr;
    ThumbnailLoader* loader_ = nullptr;
    BrowserFilter filter_;
    SortKey sortKey_ = SortKey::Id;
    std::optional<std::int64_t> runId_;
    std::vector<Row> rows_;
    QHash<qint64, int> rowOfId_;
    QMultiHash<QString, int> rowsOfKey_;
    std::map<std::int64_t, Part> parts_;
    std::map<std::int64_t, PredictionRow> predictions_;
    QString lastError_;
};

}  // namespace taxo::ui
