// ProjectStore: schema creation and migration, edits with history, transactions, splits, runs, concurrency.
#include <QtTest>

#include "test_registry.h"

#include <thread>

#include <nlohmann/json.hpp>

#include "core/store/project_store.h"
#include "core/store/schema.h"
#include "store_test_util.h"
#include "test_support.h"

using namespace taxo;

namespace {

std::string tempDir(const QTemporaryDir& dir, const char* name = "project") { return (dir.path() + "/" + name).toStdString(); }

std::unique_ptr<ProjectStore> mustCreate(const std::string& dir) {
    auto store = ProjectStore::create(dir);
    if (!store) qFatal("create failed: %s", store.error().message.c_str());
    return std::move(store).value();
}

std::vector<Specimen> sample() {
    return {test::makeSpecimen("a1", "chordata", "ardeidae"), test::makeSpecimen("a2", "chordata", "ardeidae"),
            test::makeSpecimen("b1", "arthropoda", "formicidae"), test::makeSpecimen("c1", "mollusca", "unionidae")};
}

// The version-1 schema exactly as the first release wrote it (a fixture; never derived from the code under test).
const char* kSchemaV1 = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE specimens (
    id INTEGER PRIMARY KEY, source_id TEXT NOT NULL DEFAULT '', eol_content_id TEXT NOT NULL DEFAULT '',
    eol_page_id TEXT NOT NULL DEFAULT '', file_path TEXT NOT NULL DEFAULT '', absolute_path TEXT NOT NULL DEFAULT '',
    content_hash TEXT NOT NULL DEFAULT '', kingdom TEXT NOT NULL DEFAULT '', phylum TEXT NOT NULL DEFAULT '',
    "class" TEXT NOT NULL DEFAULT '', "order" TEXT NOT NULL DEFAULT '', family TEXT NOT NULL DEFAULT '',
    genus TEXT NOT NULL DEFAULT '', species TEXT NOT NULL DEFAULT '', scientific_name TEXT NOT NULL DEFAULT '',
    common_name TEXT NOT NULL DEFAULT '', label TEXT NOT NULL DEFAULT '',
    excluded INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)), extra_json TEXT NOT NULL DEFAULT '{}',
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));
CREATE TABLE label_history (
    id INTEGER PRIMARY KEY, specimen_id INTEGER NOT NULL REFERENCES specimens(id), old_label TEXT, new_label TEXT NOT NULL,
    old_excluded INTEGER, new_excluded INTEGER NOT NULL,
    changed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), note TEXT NOT NULL DEFAULT '');
CREATE TABLE imports (id INTEGER PRIMARY KEY, source TEXT NOT NULL, report_json TEXT NOT NULL DEFAULT '{}',
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')));
CREATE TABLE splits (id INTEGER PRIMARY KEY, name TEXT NOT NULL, fractions TEXT NOT NULL, seed INTEGER NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), report_json TEXT NOT NULL DEFAULT '{}');
CREATE TABLE split_assignments (split_id INTEGER NOT NULL REFERENCES splits(id) ON DELETE CASCADE,
    specimen_id INTEGER NOT NULL REFERENCES specimens(id), part TEXT NOT NULL CHECK (part IN ('train', 'val', 'test')),
    PRIMARY KEY (split_id, specimen_id)) WITHOUT ROWID;
INSERT INTO specimens(source_id, phylum, family, label) VALUES ('old1', 'chordata', 'ardeidae', 'chordata_ardeidae');
INSERT INTO label_history(specimen_id, new_label, new_excluded, note) VALUES (1, 'chordata_ardeidae', 0, 'v1 import');
INSERT INTO meta(key, value) VALUES ('label_rank', 'phylum_family');
PRAGMA user_version = 1;
)sql";

}  // namespace

class TestProjectStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsSchemaWithPragmas() {
        QTemporaryDir tmp;
        auto store = mustCreate(tempDir(tmp));
        QVERIFY(QFileInfo::exists(QString::fromStdString(store->databasePath())));
        QCOMPARE(*store->schemaVersion(), currentSchemaVersion());
        QVERIFY(currentSchemaVersion() >= 2);
        QCOMPARE(*store->database().queryText("PRAGMA journal_mode"), std::string("wal"));
        QCOMPARE(*store->database().queryInt("PRAGMA foreign_keys"), std::int64_t(1));
        QCOMPARE(*store->database().queryInt("PRAGMA synchronous"), std::int64_t(1));  // NORMAL
        for (const char* table : {"meta", "specimens", "label_history", "imports", "splits", "split_assignments", "runs", "epochs", "predictions"})
            QCOMPARE(*store->database().queryInt(std::string("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name='") + table + "'"), std::int64_t(1));
        // A second create on the same folder is refused; open works.
        auto again = ProjectStore::create(tempDir(tmp));
        QVERIFY(!again);
        QVERIFY(QString::fromStdString(again.error().message).contains("already"));
        store.reset();
        QVERIFY(ProjectStore::open(tempDir(tmp)).ok());
    }

    void openRefusesNonProjects() {
        QTemporaryDir tmp;
        auto missing = ProjectStore::open(tempDir(tmp, "nowhere"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QVERIFY(QString::fromStdString(missing.error().message).contains("nowhere"));

        QDir(tmp.path()).mkdir("empty");
        auto empty = ProjectStore::open(tempDir(tmp, "empty"));
        QVERIFY(!empty);
        QVERIFY(QString::fromStdString(empty.error().message).contains("not a Taxoscope project"));

        QDir(tmp.path()).mkdir("garbage");
        QFile f(tmp.path() + "/garbage/project.sqlite");
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        auto garbage = ProjectStore::open(tempDir(tmp, "garbage"));
        QVERIFY(!garbage);
        const QString message = QString::fromStdString(garbage.error().message);
        QVERIFY2(message.contains("garbage/project.sqlite") && message.contains("not a database"), qPrintable(message));

        // Someone else's SQLite database is refused, not migrated into.
        QDir(tmp.path()).mkdir("foreign");
        {
            auto db = SqliteDb::open(tempDir(tmp, "foreign") + "/project.sqlite", SqliteDb::OpenMode::ReadWriteCreate);
            QVERIFY(db->exec("CREATE TABLE photos(x)").ok());
        }
        auto foreign = ProjectStore::open(tempDir(tmp, "foreign"));
        QVERIFY(!foreign);
        QVERIFY(QString::fromStdString(foreign.error().message).contains("not a Taxoscope project"));

        // An empty file (a create killed before its first commit) becomes a project on open.
        QDir(tmp.path()).mkdir("killed");
        QFile(tmp.path() + "/killed/project.sqlite").open(QIODevice::WriteOnly);
        auto recovered = ProjectStore::open(tempDir(tmp, "killed"));
        QVERIFY2(recovered.ok(), recovered ? "" : recovered.error().message.c_str());
        QCOMPARE(*(*recovered)->schemaVersion(), currentSchemaVersion());
    }

    void migratesVersion1() {
        QTemporaryDir tmp;
        const std::string dir = tempDir(tmp);
        QDir().mkpath(QString::fromStdString(dir));
        {
            auto db = SqliteDb::open(dir + "/project.sqlite", SqliteDb::OpenMode::ReadWriteCreate);
            QVERIFY(db.ok());
            QVERIFY(db->exec(kSchemaV1).ok());
        }
        auto store = ProjectStore::open(dir);
        QVERIFY2(store.ok(), store ? "" : store.error().message.c_str());
        QCOMPARE(*(*store)->schemaVersion(), currentSchemaVersion());
        auto old = (*store)->specimen(1);
        QVERIFY(old.ok());
        QCOMPARE(old->sourceId, std::string("old1"));
        QCOMPARE(old->label, std::string("chordata_ardeidae"));
        QCOMPARE((*store)->labelHistory(1)->size(), std::size_t(1));
        // Tables of version 2 are there and usable, and the old data links to them.
        auto run = (*store)->createRun("after migration", R"({"epochs":3})");
        QVERIFY(run.ok());
        QVERIFY((*store)->savePredictions(*run, {{1, Part::Test, "chordata_ardeidae", "chordata_ardeidae", 0.9, "[]"}}).ok());
        QCOMPARE((*store)->predictions(*run)->size(), std::size_t(1));
    }

    void refusesNewerSchema() {
        QTemporaryDir tmp;
        const std::string dir = tempDir(tmp);
        {
            auto store = mustCreate(dir);
            QVERIFY(store->addSpecimens(sample(), "t").ok());
            QVERIFY(store->database().exec("PRAGMA user_version = 99").ok());
        }
        auto store = ProjectStore::open(dir);
        QVERIFY(!store);
        const QString message = QString::fromStdString(store.error().message);
        QVERIFY2(message.contains("newer") && message.contains("99") && message.contains("project.sqlite"), qPrintable(message));
        // Left untouched.
        auto db = SqliteDb::open(dir + "/project.sqlite", SqliteDb::OpenMode::ReadWrite);
        QCOMPARE(*db->queryInt("PRAGMA user_version"), std::int64_t(99));
        QCOMPARE(*db->queryInt("SELECT COUNT(*) FROM specimens"), std::int64_t(4));
    }

    void addQueryAndMeta() {
        QTemporaryDir tmp;
        auto store = mustCreate(tempDir(tmp));
        auto specimens = sample();
        specimens[2].extra = {{"photographer", "A, \"B\""}, {"licence", "cc-by"}};
        specimens[3].excluded = true;
        auto ids = store->addSpecimens(specimens, "import test");
        QVERIFY(ids.ok());
        QCOMPARE(ids->size(), std::size_t(4));
        QVERIFY((*ids)[0] < (*ids)[1] && (*ids)[1] < (*ids)[2]);

        auto b1 = store->specimen((*ids)[2]);
        QVERIFY(b1.ok());
        QCOMPARE(b1->taxonomy.phylum, std::string("arthropoda"));
        QCOMPARE(b1->extra.at("photographer"), std::string("A, \"B\""));
        QCOMPARE(b1->contentHash, std::string("hash-b1"));
        QCOMPARE(store->specimen(12345).error().code, ErrorCode::NotFound);

        QCOMPARE(*store->count(), std::int64_t(4));
        SpecimenQuery q;
        q.includeExcluded = false;
        QCOMPARE(*store->count(q), std::int64_t(3));
        q = {};
        q.label = "chordata_ardeidae";
        QCOMPARE(store->specimens(q)->size(), std::size_t(2));
        q = {};
        q.family = "formicidae";
        QCOMPARE(store->specimens(q)->front().sourceId, std::string("b1"));
        q = {};
        q.text = "ARDEI";  // case-insensitive, matches label and path
        QCOMPARE(*store->count(q), std::int64_t(2));
        q.text = "c1";
        q.phylum = "mollusca";
        QCOMPARE(*store->count(q), std::int64_t(1));
        q = {};
        q.ids = std::vector<std::int64_t>{(*ids)[3], (*ids)[0]};
        auto two = store->specimens(q);
        QCOMPARE(two->size(), std::size_t(2));
        QCOMPARE(two->front().id, (*ids)[0]);  // ordered by id
        q = {};
        q.limit = 2;
        q.offset = 1;
        auto page = store->specimens(q);
        QCOMPARE(page->size(), std::size_t(2));
        QCOMPARE(page->front().id, (*ids)[1]);

        auto counts = store->classCounts(false);
        QCOMPARE(counts->size(), std::size_t(2));
        QCOMPARE(counts->at("chordata_ardeidae"), std::int64_t(2));
        QCOMPARE(store->classCounts(true)->at("mollusca_unionidae"), std::int64_t(1));

        QVERIFY(!store->meta("nothing")->has_value());
        QVERIFY(store->setMeta("k", "v1").ok());
        QVERIFY(store->setMeta("k", "v2").ok());
        QCOMPARE(**store->meta("k"), std::string("v2"));
        QCOMPARE(store->labelRank()->spec(), std::string("phylum_family"));
        QVERIFY(store->setMeta(ProjectStore::kMetaLabelRank, "family").ok());
        QCOMPARE(store->labelRank()->spec(), std::string("family"));

        // Bytes that are not UTF-8 (a Latin-1 CSV) do not throw; they are kept readable.
        Specimen latin = test::makeSpecimen("latin", "chordata", "ardeidae");
        latin.extra["photographer"] = "Jo\xe3o";
        auto latinId = store->addSpecimens({latin}, "latin-1");
        QVERIFY(latinId.ok());
        QCOMPARE(store->specimen(latinId->front())->extra.at("photographer"), std::string("Jo\xef\xbf\xbd" "o"));

        auto import = store->recordImport("metadata.csv", R"({"rows":4})");
        QVERIFY(import.ok());
        QVERIFY(!store->recordImport("x", "{not json").ok());
        QCOMPARE(store->imports()->size(), std::size_t(1));
    }

    void relabelExcludeAndHistory() {
        QTemporaryDir tmp;
        auto store = mustCreate(tempDir(tmp));
        auto ids = *store->addSpecimens(sample(), "import");
        QVERIFY(store->relabel({ids[0], ids[2]}, "chordata_laridae", "expert review").ok());
        QCOMPARE(store->specimen(ids[0])->label, std::string("chordata_laridae"));
        QCOMPARE(store->specimen(ids[2])->label, std::string("chordata_laridae"));
        QCOMPARE(store->specimen(ids[1])->label, std::string("chordata_ardeidae"));
        // The source's taxonomy is kept; only the label changes.
        QCOMPARE(store->specimen(ids[2])->taxonomy.phylum, std::string("arthropoda"));

        QVERIFY(store->relabel({ids[0]}, "chordata_laridae", "no-op").ok());  // no change, no history row
        QVERIFY(store->setExcluded({ids[0]}, true, "blurry").ok());
        QVERIFY(store->relabel({ids[0]}, "chordata_ardeidae", "second thoughts").ok());

        auto history = store->labelHistory(ids[0]);
        QVERIFY(history.ok());
        QCOMPARE(history->size(), std::size_t(4));
        const auto& h = *history;
        QVERIFY(!h[0].oldLabel.has_value());
        QCOMPARE(h[0].newLabel, std::string("chordata_ardeidae"));
        QCOMPARE(h[0].note, std::string("import"));
        QCOMPARE(*h[1].oldLabel, std::string("chordata_ardeidae"));
        QCOMPARE(h[1].newLabel, std::string("chordata_laridae"));
        QCOMPARE(h[1].note, std::string("expert review"));
        QCOMPARE(*h[2].oldExcluded, false);
        QCOMPARE(h[2].newExcluded, true);
        QCOMPARE(h[2].newLabel, std::string("chordata_laridae"));
        QCOMPARE(*h[3].oldLabel, std::string("chordata_laridae"));
        QCOMPARE(h[3].newExcluded, true);
        QVERIFY(!h[3].changedAt.empty());
        QVERIFY(store->specimen(ids[0])->excluded);

        // History is append-only, even for raw SQL.
        QVERIFY(!store->database().exec("UPDATE label_history SET new_label = 'x'").ok());
        QVERIFY(!store->database().exec("DELETE FROM label_history").ok());
        QCOMPARE(store->labelHistory(ids[0])->size(), std::size_t(4));
    }

    void failedEditsChangeNothing() {
        QTemporaryDir tmp;
        auto store = mustCreate(tempDir(tmp));
        auto ids = *store->addSpecimens(sample(), "import");
        const auto historyRows = *store->database().queryInt("SELECT COUNT(*) FROM label_history");

        // An unknown id fails the whole relabel.
        Status s = store->relabel({ids[0], 9999}, "chordata_laridae", "bad");
        QVERIFY(!s);
        QCOMPARE(s.error().code, ErrorCode::NotFound);
        QVERIFY(QString::fromStdString(s.error().message).contains("9999"));
        QCOMPARE(store->specimen(ids[0])->label, std::string("chordata_ardeidae"));
        QVERIFY(!store->setExcluded({9998, ids[1]}, true, "bad").ok());
        QVERIFY(!store->specimen(ids[1])->excluded);

        // A batch whose last row fails leaves nothing behind (a trigger plays the failing disk).
        QVERIFY(store->database().exec("CREATE TEMP TRIGGER poison BEFORE INSERT ON specimens WHEN NEW.source_id = 'poison' "
                                       "BEGIN SELECT RAISE(ABORT, 'poisoned row'); END").ok());
        auto batch = sample();
        batch.push_back(test::makeSpecimen("poison", "chordata", "ardeidae"));
        auto added = store->addSpecimens(batch, "doomed");
        QVERIFY(!added);
        QVERIFY(QString::fromStdString(added.error().message).contains("poisoned row"));
        QVERIFY(QString::fromStdString(added.error().message).contains("project.sqlite"));
        QCOMPARE(*store->count(), std::int64_t(4));
        QCOMPARE(*store->database().queryInt("SELECT COUNT(*) FROM label_history"), historyRows);

        // Predictions naming an unknown specimen fail and keep the earlier ones.
        auto run = *store->createRun("r", "{}");
        QVERIFY(store->savePredictions(run, {{ids[0], Part::Test, "a", "a", 1.0, "[]"}}).ok());
        QVERIFY(!store->savePredictions(run, {{ids[1], Part::Test, "a", "b", 0.5, "[]"}, {424242, Part::Test, "a", "b", 0.5, "[]"}}).ok());
        auto kept = store->predictions(run);
        QCOMPARE(kept->size(), std::size_t(1));
        QCOMPARE(kept->front().specimenId, ids[0]);
    }

    void splitsAreStoredAndNeverReshuffled() {
        QTemporaryDir tmp;
        auto store = mustCreate(tempDir(tmp));
        std::vector<Specimen> batch;
        for (int i = 0; i < 40; ++i) batch.push_back(test::makeSpecimen("s" + std::to_string(i), "chordata", i % 2 ? "ardeidae" : "laridae"));
        auto ids = *store->addSpecimens(batch, "import");
        QVERIFY(store->setExcluded({ids[5]}, true, "bad photo").ok());
        QVERIFY(!store->activeSplitId()->has_value());

        auto split = makeSplit(*store->splitItems(), SplitParams{});
        QVERIFY(split.ok());
        QCOMPARE(split->assignment.at(ids[5]), Part::Unassigned);
        auto splitId = store->saveSplit("default", *split, true);
        QVERIFY(splitId.ok());
        QCOMPARE(**store->activeSplitId(), *splitId);
        auto stored = *store->splitAssignments(*splitId);
        QCOMPARE(stored.size(), std::size_t(39));
        for (const auto& [id, part] : split->assignment)
            if (part != Part::Unassigned) QCOMPARE(stored.at(id), part);

        // A relabel does not move anyone.
        QVERIFY(store->relabel({ids[0], ids[1], ids[2]}, "chordata_sulidae", "fix").ok());
        QCOMPARE(*store->splitAssignments(*splitId), stored);

        // Newcomers are placed without moving the others; INSERT OR IGNORE protects existing rows.
        auto more = *store->addSpecimens({test::makeSpecimen("n1", "chordata", "ardeidae"), test::makeSpecimen("n2", "chordata", "laridae", "hash-s3")}, "second import");
        auto merged = assignNewItems(stored, *store->splitItems(), SplitParams{});
        QVERIFY(merged.ok());
        QCOMPARE(merged->at(more[1]), stored.at(ids[3]));  // same bytes as s3: same part
        std::map<std::int64_t, Part> hostile = *merged;
        hostile[ids[0]] = stored.at(ids[0]) == Part::Train ? Part::Test : Part::Train;
        QVERIFY(store->addToSplit(*splitId, hostile).ok());
        auto after = *store->splitAssignments(*splitId);
        QCOMPARE(after.size(), std::size_t(41));
        QCOMPARE(after.at(ids[0]), stored.at(ids[0]));

        SplitParams other;
        other.fractions = {0.9, 0.1};
        auto second = store->saveSplit("90/10", *makeSplit(*store->splitItems(), other), false);
        auto splits = *store->listSplits();
        QCOMPARE(splits.size(), std::size_t(2));
        QVERIFY(splits[0].active && !splits[1].active);
        QCOMPARE(splits[1].fractions, (std::vector<double>{0.9, 0.1}));
        QCOMPARE(splits[1].seed, std::uint64_t(42));
        QVERIFY(nlohmann::json::parse(splits[1].reportJson).contains("classes"));
        QVERIFY(store->setActiveSplit(*second).ok());
        QCOMPARE(**store->activeSplitId(), *second);
        QVERIFY(!store->setActiveSplit(777).ok());
    }

    void runsEpochsPredictions() {
        QTemporaryDir tmp;
        auto store = mustCreate(tempDir(tmp));
        auto ids = *store->addSpecimens(sample(), "import");
        QVERIFY(!store->createRun("bad", "{").ok());
        auto run = store->createRun("mobilenet head", R"({"backbone":"mobilenet_v2","epochs":2})");
        QVERIFY(run.ok());
        QCOMPARE(store->run(*run)->status, RunStatus::Created);
        QVERIFY(store->setRunStatus(*run, RunStatus::Running).ok());
        QVERIFY(store->addEpoch(*run, 1, R"({"loss":1.5})").ok());
        QVERIFY(store->addEpoch(*run, 2, R"({"loss":1.2})").ok());
        QVERIFY(store->addEpoch(*run, 2, R"({"loss":1.1})").ok());  // resumed run rewrites epoch 2
        QVERIFY(!store->addEpoch(999, 1, "{}").ok());
        auto epochs = *store->epochs(*run);
        QCOMPARE(epochs.size(), std::size_t(2));
        QCOMPARE(nlohmann::json::parse(epochs[1].metricsJson)["loss"].get<double>(), 1.1);

        std::vector<PredictionRow> rows;
        for (std::size_t i = 0; i < ids.size(); ++i)
            rows.push_back({ids[i], Part::Test, "t" + std::to_string(i), "p" + std::to_string(i), 0.25 * double(i), R"([{"label":"x","p":0.5}])"});
        QVERIFY(store->savePredictions(*run, rows).ok());
        QVERIFY(store->savePredictions(*run, {rows[1], rows[2]}).ok());  // replaces
        auto preds = *store->predictions(*run);
        QCOMPARE(preds.size(), std::size_t(2));
        QCOMPARE(preds[0].specimenId, ids[1]);
        QCOMPARE(preds[0].confidence, 0.25);
        QCOMPARE(preds[1].part, Part::Test);
        QCOMPARE(preds[1].predictedLabel, std::string("p2"));

        QVERIFY(store->finishRun(*run, R"({"test_accuracy":0.8})", "runs/1/model.pt").ok());
        auto info = *store->run(*run);
        QCOMPARE(info.status, RunStatus::Finished);
        QVERIFY(!info.finishedAt.empty());
        QCOMPARE(info.modelPath, std::string("runs/1/model.pt"));
        QCOMPARE(store->listRuns()->size(), std::size_t(1));
        QCOMPARE(store->run(55).error().code, ErrorCode::NotFound);
        QVERIFY(!store->setRunStatus(55, RunStatus::Failed).ok());
    }

    void severalStoresWriteConcurrently() {
        QTemporaryDir tmp;
        const std::string dir = tempDir(tmp);
        auto first = mustCreate(dir);
        auto ids = *first->addSpecimens(sample(), "import");
        constexpr int kBatches = 30;
        std::vector<std::string> failures(3);
        auto writer = [&](int who) {
            auto store = ProjectStore::open(dir);
            if (!store) {
                failures[who] = store.error().message;
                return;
            }
            for (int b = 0; b < kBatches; ++b) {
                std::vector<Specimen> batch;
                for (int j = 0; j < 5; ++j) batch.push_back(test::makeSpecimen("w" + std::to_string(who) + "-" + std::to_string(b) + "-" + std::to_string(j), "chordata", "ardeidae"));
                if (auto r = (*store)->addSpecimens(batch, "thread"); !r) failures[who] = r.error().message;
                if (auto s = (*store)->relabel({ids[std::size_t(b) % ids.size()]}, "label-" + std::to_string(who) + "-" + std::to_string(b), "thread"); !s)
                    failures[who] = s.error().message;
                if (auto c = (*store)->count(); !c) failures[who] = c.error().message;  // a reader beside the writers
            }
        };
        std::thread t1(writer, 1), t2(writer, 2);
        writer(0);
        t1.join();
        t2.join();
        for (const auto& f : failures) QVERIFY2(f.empty(), f.c_str());
        QCOMPARE(*first->count(), std::int64_t(4 + 3 * kBatches * 5));
        QCOMPARE(*first->database().queryInt("SELECT COUNT(*) FROM label_history WHERE old_label IS NOT NULL"), std::int64_t(3 * kBatches));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestProjectStore)
#include "test_project_store.moc"
