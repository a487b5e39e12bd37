#pragma once
// Labelling as undoable commands. Each command writes to the project store when pushed (redo) and its undo writes
// the reverse change through the store as well, so the label history stays append-only: an undo is a new history
// row ("undo: ..."), never a deleted one.
#include <QObject>
#include <QUndoCommand>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

class QUndoStack;

namespace taxo {
class ProjectStore;
}

namespace taxo::ui {

// Runs labelling commands on a store and tells views which specimens changed.
class LabelEditor : public QObject {
    Q_OBJECT
public:
    // Neither is owned; both must outlive the editor (the store may be swapped with setStore).
    LabelEditor(ProjectStore* store, QUndoStack* stack, QObject* parent = nullptr);
    void setStore(ProjectStore* store);  // clears the undo stack: commands belong to one project
    ProjectStore* store() const { return store_; }
    QUndoStack* undoStack() const { return stack_; }

    // Each returns false (and emits failed) when nothing was changed: unknown ids, an empty label, a store error.
    bool relabel(const std::vector<std::int64_t>& ids, const QString& label);
    bool setExcluded(const std::vector<std::int64_t>& ids, bool excluded);
    // Relabels each specimen to its suggested label (from a run's predictions); ids without a suggestion are skipped.
    bool acceptSuggestions(const std::map<std::int64_t, QString>& suggestions);

    // Used by the commands.
    bool apply(const std::function<bool(ProjectStore&, QString& error)>& change, const std::vector<std::int64_t>& ids);

Q_SIGNALS:
    void specimensChanged(const std::vector<std::int64_t>& ids);
    void failed(const QString& message);

private:
    ProjectStore* store_;
    QUndoStack* stack_;
    bool lastApplyOk_ = false;
};

}  // namespace taxo::ui
