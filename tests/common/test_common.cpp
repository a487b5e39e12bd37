#include <QtTest>

#include "test_registry.h"

#include <filesystem>
#include <thread>

#include "core/common/atomic_file.h"
#include "core/common/content_hash.h"
#include "core/common/job.h"
#include "core/data/specimen.h"

using namespace taxo;

class TestCommon : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hashIsStableAndContentBased() {
        QTemporaryDir dir;
        const std::string a = (dir.path() + "/a.bin").toStdString(), b = (dir.path() + "/b.bin").toStdString();
        QVERIFY(writeFileAtomically(a, "hello heron").ok());
        QVERIFY(writeFileAtomically(b, "hello heron").ok());
        auto ha = hashFile(a), hb = hashFile(b);
        QVERIFY(ha.ok() && hb.ok());
        QCOMPARE(*ha, *hb);
        QCOMPARE(ha->size(), size_t(32));
        QCOMPARE(*ha, hashBytes("hello heron", 11));
        QVERIFY(hashBytes("hello herom", 11) != *ha);
        auto missing = hashFile((dir.path() + "/none.jpg").toStdString());
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.find("none.jpg") != std::string::npos);
    }
    void atomicWriteReplacesWhole() {
        QTemporaryDir dir;
        const std::string p = (dir.path() + "/sub/f.json").toStdString();
        QVERIFY(writeFileAtomically(p, "first").ok());
        QVERIFY(writeFileAtomically(p, "second version").ok());
        QCOMPARE(*readWholeFile(p), std::string("second version"));
        QCOMPARE(int(std::distance(std::filesystem::directory_iterator(dir.path().toStdString() + "/sub"), {})), 1);
    }
    void labelRankParsing() {
        LabelRank r;
        QVERIFY(LabelRank::parse("phylum_family", r));
        Taxonomy t;
        t.phylum = "chordata";
        t.family = "ardeidae";
        QCOMPARE(r.labelFor(t), std::string("chordata_ardeidae"));
        QVERIFY(LabelRank::parse("scientific_name", r));
        QCOMPARE(r.ranks.size(), size_t(1));
        QVERIFY(LabelRank::parse("family", r));
        QCOMPARE(r.labelFor(t), std::string("ardeidae"));
        std::string err;
        QVERIFY(!LabelRank::parse("phylum_famly", r, &err));
        QVERIFY(err.find("famly") != std::string::npos);
        t.family.clear();
        QVERIFY(LabelRank::parse("phylum_family", r));
        QCOMPARE(r.labelFor(t), std::string());
    }
    void jobControlPausesAndCancels() {
        JobControl control;
        control.pause();
        std::atomic<bool> passed{false};
        std::thread worker([&] { passed = control.checkpoint(); });
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        QVERIFY(!passed);
        control.resume();
        worker.join();
        QVERIFY(passed);
        control.cancel();
        QVERIFY(!control.checkpoint());
    }
    void progressReportsEta() {
        std::vector<Progress> seen;
        ProgressReporter reporter([&](const Progress& p) { seen.push_back(p); }, "importing", 10, 1000.0);
        reporter.update(1);
        reporter.update(5);  // throttled
        reporter.update(10);  // last is always reported
        QCOMPARE(seen.size(), size_t(2));
        QCOMPARE(seen.back().done, std::int64_t(10));
        QCOMPARE(seen.back().remainingSeconds, 0.0);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestCommon)
#include "test_common.moc"
