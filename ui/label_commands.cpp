#include "label_commands.h"

#include <QUndoStack>

#include <set>

#include "core/store/project_store.h"

namespace taxo::ui {
namespace {

// The state a command returns specimens to on undo, read from the store before the change.
struct Before {
    std::map<std::string, std::vector<std::int64_t>> byLabel;
    std::vector<std::int64_t> excluded, included;
};

std::optional<Before> readBefore(ProjectStore& store, const std::vector<std::int64_t>& ids, QString& error) {
    SpecimenQuery q;
    q.ids = ids;
    auto specimens = store.specimens(q);
    if (!specimens) {
        error = QString::fromStdString(specimens.error().message);
        return std::nullopt;
    }
    if (specimens->size() != std::set<std::int64_t>(ids.begin(), ids.end()).size()) {
        error = LabelEditor::tr("Some of the selected specimens are no longer in the project.");
        return std::nullopt;
    }
    Before before;
    for (const Specimen& s : *specimens) {
        before.byLabel[s.label].push_back(s.id);
        (s.excluded ? before.excluded : before.included).push_back(s.id);
    }
    return before;
}

class RelabelCommand : public QUndoCommand {
public:
    RelabelCommand(LabelEditor* editor, std::vector<std::int64_t> ids, std::string label, Before before, QUndoCommand* parent = nullptr)
        : QUndoCommand(parent), editor_(editor), ids_(std::move(ids)), label_(std::move(label)), before_(std::move(before)) {
        setText(LabelEditor::tr("Relabel %n specimen(s) as %1", nullptr, int(ids_.size())).arg(QString::fromStdString(label_)));
    }
    void redo() override {
        const std::string note = "app: relabel to " + label_;
        if (!editor_->apply([&](ProjectStore& s, QString& e) { return check(s.relabel(ids_, label_, note), e); }, ids_))
            setObsolete(true);
    }
    void undo() override {
        editor_->apply([&](ProjectStore& s, QString& e) {
            for (const auto& [label, ids] : before_.byLabel)
                if (!check(s.relabel(ids, label, "app: undo relabel to " + label_), e)) return false;
            return true;
        }, ids_);
    }

    static bool check(const Status& status, QString& error) {
        if (!status) error = QString::fromStdString(status.error().message);
        return status.ok();
    }

private:
    LabelEditor* editor_;
    std::vector<std::int64_t> ids_;
    std::string label_;
    Before before_;
};

class ExcludeCommand : public QUndoCommand {
public:
    ExcludeCommand(LabelEditor* editor, std::vector<std::int64_t> ids, bool excluded, Before before)
        : editor_(editor), ids_(std::move(ids)), excluded_(excluded), before_(std::move(before)) {
        setText(excluded ? LabelEditor::tr("Exclude %n specimen(s)", nullptr, int(ids_.size()))
                         : LabelEditor::tr("Include %n specimen(s)", nullptr, int(ids_.size())));
    }
    void redo() override {
        if (!editor_->apply([&](ProjectStore& s, QString& e) {
                return RelabelCommand::check(s.setExcluded(ids_, excluded_, excluded_ ? "app: exclude" : "app: include"), e);
            }, ids_))
            setObsolete(true);
    }
    void undo() override {
        editor_->apply([&](ProjectStore& s, QString& e) {
            const std::string note = excluded_ ? "app: undo exclude" : "app: undo include";
            if (!before_.excluded.empty() && !RelabelCommand::check(s.setExcluded(before_.excluded, true, note), e)) return false;
            if (!before_.included.empty() && !RelabelCommand::check(s.setExcluded(before_.included, false, note), e)) return false;
            return true;
        }, ids_);
    }

private:
    LabelEditor* editor_;
    std::vector<std::int64_t> ids_;
    bool excluded_;
    Before before_;
};

}  // namespace

LabelEditor::LabelEditor(ProjectStore* store, QUndoStack* stack, QObject* parent)
    : QObject(parent), store_(store), stack_(stack) {}

void LabelEditor::setStore(ProjectStore* store) {
    store_ = store;
    stack_->clear();
}

bool LabelEditor::apply(const std::function<bool(ProjectStore&, QString&)>& change, const std::vector<std::int64_t>& ids) {
    if (!store_) return false;
    QString error;
    lastApplyOk_ = change(*store_, error);
    if (!lastApplyOk_) {
        Q_EMIT failed(error);
        return false;
    }
    Q_EMIT specimensChanged(ids);
    return true;
}

bool LabelEditor::relabel(const std::vector<std::int64_t>& ids, const QString& label) {
    const QString trimmed = label.trimmed();
    if (!store_ || ids.empty()) return false;
    if (trimmed.isEmpty()) {
        Q_EMIT failed(tr("A label cannot be empty."));
        return false;
    }
    QString error;
    auto before = readBefore(*store_, ids, error);
    if (!before) {
        Q_EMIT failed(error);
        return false;
    }
    auto* command = new RelabelCommand(this, ids, trimmed.toStdString(), std::move(*before));
    lastApplyOk_ = false;
    stack_->push(command);  // redo() writes now; a failed command marks itself obsolete and the stack deletes it
    return lastApplyOk_;
}

bool LabelEditor::setExcluded(const std::vector<std::int64_t>& ids, bool excluded) {
    if (!store_ || ids.empty()) return false;
    QString error;
    auto before = readBefore(*store_, ids, error);
    if (!before) {
        Q_EMIT failed(error);
        return false;
    }
    auto* command = new ExcludeCommand(this, ids, excluded, std::move(*before));
    lastApplyOk_ = false;
    stack_->push(command);
    return lastApplyOk_;
}

bool LabelEditor::acceptSuggestions(const std::map<std::int64_t, QString>& suggestions) {
    if (!store_ || suggestions.empty()) return false;
    std::map<QString, std::vector<std::int64_t>> byLabel;
    for (const auto& [id, label] : suggestions)
        if (!label.trimmed().isEmpty()) byLabel[label.trimmed()].push_back(id);
    if (byLabel.empty()) return false;
    // One undo step for the whole selection, one relabel per suggested label.
    stack_->beginMacro(tr("Accept %n suggestion(s)", nullptr, int(suggestions.size())));
    bool ok = true;
    for (const auto& [label, ids] : byLabel) {
        QString error;
        auto before = readBefore(*store_, ids, error);
        if (!before) {
            Q_EMIT failed(error);
            ok = false;
            break;
        }
        lastApplyOk_ = false;
        stack_->push(new RelabelCommand(this, ids, label.toStdString(), std::move(*before)));
        if (!lastApplyOk_) {
            ok = false;
            break;
        }
    }
    stack_->endMacro();
    return ok;
}

}  // namespace taxo::ui
