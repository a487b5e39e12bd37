// Labelling through QUndoStack: each command writes to the store at once, undo writes the reverse, and both are
// history rows; reopening the project shows the same labels and history.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "test_registry.h"

#include "ui/label_commands.h"
#include "generated_project.h"

using namespace taxo;
using namespace taxo::ui;

class TestLabelling : public QObject {
    Q_OBJECT

    static std::string labelOf(const QString& dir, std::int64_t id) {
        auto store = ProjectStore::open(dir.toStdString()).value();  // a fresh connection sees only what was committed
        return store->specimen(id).value().label;
    }
    static Specimen reopened(const QString& dir, std::int64_t id) {
        auto store = ProjectStore::open(dir.toStdString()).value();
        return store->specimen(id).value();
    }
    static std::vector<LabelChange> historyOf(const QString& dir, std::int64_t id) {
        auto store = ProjectStore::open(dir.toStdString()).value();
        return store->labelHistory(id).value();
    }

private Q_SLOTS:
    void relabelUndoRedoPersist() {
        QTemporaryDir tmp;
        const auto project = test::makeProject(tmp.path(), 20, 2, false);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        QUndoStack stack;
        LabelEditor editor(store.get(), &stack);
        QSignalSpy changed(&editor, &LabelEditor::specimensChanged);
        const std::vector<std::int64_t> ids{project.ids[0], project.ids[1]};  // ardeidae, goodeidae

        QVERIFY(editor.relabel(ids, "chordata_ciconiidae"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(stack.count(), 1);
        QCOMPARE(labelOf(project.dir, ids[0]), std::string("chordata_ciconiidae"));
        QCOMPARE(labelOf(project.dir, ids[1]), std::string("chordata_ciconiidae"));

        stack.undo();
        QCOMPARE(labelOf(project.dir, ids[0]), std::string("chordata_ardeidae"));  // each back to its own label
        QCOMPARE(labelOf(project.dir, ids[1]), std::string("chordata_goodeidae"));
        stack.redo();
        QCOMPARE(labelOf(project.dir, ids[1]), std::string("chordata_ciconiidae"));
        QCOMPARE(changed.count(), 3);

        // History is append-only: added, relabelled, undone, redone.
        const auto history = historyOf(project.dir, ids[0]);
        QCOMPARE(history.size(), size_t(4));
        QCOMPARE(history[1].newLabel, std::string("chordata_ciconiidae"));
        QCOMPARE(*history[2].oldLabel, std::string("chordata_ciconiidae"));
        QCOMPARE(history[2].newLabel, std::string("chordata_ardeidae"));
        QVERIFY(history[2].note.find("undo") != std::string::npos);
        QCOMPARE(history[3].newLabel, std::string("chordata_ciconiidae"));
        // Untouched specimens keep their single history row.
        QCOMPARE(historyOf(project.dir, project.ids[2]).size(), size_t(1));
    }

    void excludeUndoRestoresMixedState() {
        QTemporaryDir tmp;
        const auto project = test::makeProject(tmp.path(), 10, 2, false);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        QVERIFY(store->setExcluded({project.ids[3]}, true, "earlier").ok());
        QUndoStack stack;
        LabelEditor editor(store.get(), &stack);
        const std::vector<std::int64_t> ids{project.ids[2], project.ids[3], project.ids[4]};
        QVERIFY(editor.setExcluded(ids, true));
        for (auto id : ids) QVERIFY(reopened(project.dir, id).excluded);
        stack.undo();
        QVERIFY(!reopened(project.dir, project.ids[2]).excluded);
        QVERIFY(reopened(project.dir, project.ids[3]).excluded);  // it was excluded before the command
        QVERIFY(!reopened(project.dir, project.ids[4]).excluded);
        stack.redo();
        QVERIFY(reopened(project.dir, project.ids[4]).excluded);
    }

    void acceptSuggestionsIsOneUndoStep() {
        QTemporaryDir tmp;
        const auto project = test::makeProject(tmp.path(), 10, 2, false);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        QUndoStack stack;
        LabelEditor editor(store.get(), &stack);
        QVERIFY(editor.acceptSuggestions({{project.ids[0], "chordata_goodeidae"}, {project.ids[1], "arthropoda_apidae"}}));
        QCOMPARE(stack.count(), 1);
        QCOMPARE(labelOf(project.dir, project.ids[0]), std::string("chordata_goodeidae"));
        QCOMPARE(labelOf(project.dir, project.ids[1]), std::string("arthropoda_apidae"));
        stack.undo();
        QCOMPARE(labelOf(project.dir, project.ids[0]), std::string("chordata_ardeidae"));
        QCOMPARE(labelOf(project.dir, project.ids[1]), std::string("chordata_goodeidae"));
    }

    void failuresChangeNothingAndStayOffTheStack() {
        QTemporaryDir tmp;
        const auto project = test::makeProject(tmp.path(), 5, 1, false);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        QUndoStack stack;
        LabelEditor editor(store.get(), &stack);
        QSignalSpy failed(&editor, &LabelEditor::failed);
        QVERIFY(!editor.relabel({project.ids[0], 999999}, "chordata_x"));
        QVERIFY(!editor.relabel({project.ids[0]}, "   "));
        QCOMPARE(failed.count(), 2);
        QCOMPARE(stack.count(), 0);
        QCOMPARE(labelOf(project.dir, project.ids[0]), std::string("chordata_ardeidae"));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestLabelling)
#include "test_labelling.moc"
