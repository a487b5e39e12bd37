// Kill safety: a child process imports, relabels, excludes and saves splits in a loop; it is SIGKILLed at seeded
// random moments, and after every kill the project must reopen consistent.
#include <QProcess>
#include <QtTest>

#include "test_registry.h"

#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/store/project_store.h"
#include "test_support.h"

using namespace taxo;

namespace {

constexpr int kKills = 40;
constexpr int kBatch = 150;     // as in store_kill_child.cpp
constexpr int kRelabelled = 20;

std::map<std::string, std::int64_t> countByNote(ProjectStore& store, const std::string& where) {
    std::map<std::string, std::int64_t> out;
    auto st = store.database().prepare("SELECT note, COUNT(*) FROM label_history WHERE " + where + " GROUP BY note");
    if (!st) qFatal("%s", st.error().message.c_str());
    while (*st->step()) out[st->columnText(0)] = st->columnInt(1);
    return out;
}

}  // namespace

class TestStoreKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void survivesRandomKills() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/project";
        QVERIFY(ProjectStore::create(dir).ok());

        std::mt19937_64 rng(20261129);
        int killedWhileWorking = 0;
        std::int64_t lastImports = 0;
        for (int round = 0; round < kKills; ++round) {
            QProcess child;
            child.setProgram(QStringLiteral(STORE_KILL_CHILD_PATH));
            child.setArguments({QString::fromStdString(dir), QString::number(round + 1)});
            child.start();
            QVERIFY2(child.waitForStarted(5000), qPrintable(child.errorString()));
            // Four rounds in five kill inside the edit loop (a random time after "ready"); the fifth during start-up
            // and opening, which may be recovering the previous child's WAL.
            const bool duringStartup = round % 5 == 4;
            QByteArray out;
            if (!duringStartup) {
                while (!out.contains("ready") && child.waitForReadyRead(10000)) out += child.readAllStandardOutput();
                QVERIFY2(out.contains("ready"), qPrintable("child did not open the project: " + child.readAllStandardError()));
            }
            const int delayMs = duringStartup ? int(rng() % 15) : 5 + int(rng() % 200);
            std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
            const bool running = child.state() == QProcess::Running;
            child.kill();  // SIGKILL: no destructors, no rollback, no checkpoint
            QVERIFY(child.waitForFinished(5000));
            const QByteArray err = child.readAllStandardError();
            QVERIFY2(running, qPrintable("child ended on its own: " + err));
            if (!duringStartup) ++killedWhileWorking;

            auto opened = ProjectStore::open(dir);
            QVERIFY2(opened.ok(), opened ? "" : opened.error().message.c_str());
            ProjectStore& store = **opened;
            SqliteDb& db = store.database();
            QCOMPARE(*db.queryText("PRAGMA integrity_check"), std::string("ok"));
            QCOMPARE(*db.queryInt("SELECT COUNT(*) FROM pragma_foreign_key_check"), std::int64_t(0));

            // Every specimen's label and exclusion equal its last history row.
            QCOMPARE(*db.queryInt("SELECT COUNT(*) FROM specimens s WHERE "
                                  "s.label IS NOT (SELECT new_label FROM label_history h WHERE h.specimen_id = s.id ORDER BY h.id DESC LIMIT 1) OR "
                                  "s.excluded IS NOT (SELECT new_excluded FROM label_history h WHERE h.specimen_id = s.id ORDER BY h.id DESC LIMIT 1)"),
                     std::int64_t(0));

            // Imports are all or nothing: each recorded import has exactly its specimens, and no specimen lacks its import.
            auto imports = *store.imports();
            auto added = countByNote(store, "old_label IS NULL");
            std::int64_t expectedSpecimens = 0;
            for (const auto& imp : imports) {
                const std::string note = "import #" + std::to_string(imp.id) + ": " + imp.source;
                const auto it = added.find(note);
                QVERIFY2(it != added.end(), note.c_str());
                QCOMPARE(it->second, nlohmann::json::parse(imp.reportJson)["count"].get<std::int64_t>());
                expectedSpecimens += it->second;
                added.erase(it);
            }
            QVERIFY2(added.empty(), "specimens without an import record");
            QCOMPARE(*store.count(), expectedSpecimens);
            QCOMPARE(expectedSpecimens, std::int64_t(imports.size()) * kBatch);

            // A relabel changes all of its specimens or none.
            for (const auto& [note, n] : countByNote(store, "note LIKE 'relabel %'")) QCOMPARE(n, std::int64_t(kRelabelled));
            // The active split, when there is one, is complete.
            if (auto active = *store.activeSplitId())
                QVERIFY(!store.splitAssignments(*active)->empty());
            QVERIFY(std::int64_t(imports.size()) >= lastImports);
            lastImports = std::int64_t(imports.size());
        }
        QVERIFY2(killedWhileWorking >= 30, qPrintable(QString("only %1 kills landed inside the edit loop").arg(killedWhileWorking)));
        QVERIFY2(lastImports >= 10, "the child did too little work to test anything");
        qInfo("kills inside the edit loop: %d of %d; imports committed: %lld", killedWhileWorking, kKills, (long long)lastImports);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestStoreKill)
#include "test_store_kill.moc"
