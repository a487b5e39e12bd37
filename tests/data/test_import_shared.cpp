#include <QElapsedTimer>
#include <QtTest>

#include "test_registry.h"

#include <set>

#include <opencv2/imgcodecs.hpp>

#include "core/data/folder_import.h"
#include "core/data/metadata_import.h"
#include "test_support.h"

using namespace taxo;
using Kind = ImportIssue::Kind;

class TestImportShared : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sampleMetadataGives127In4Classes() {
        TAXO_REQUIRE_SHARED("data/rare_species/metadata.csv");
        MetadataImportParams p;
        p.csvPath = test::shared("data/rare_species/metadata.csv");
        p.verifyImage = [](const std::string& path) -> Status {
            if (cv::imread(path, cv::IMREAD_REDUCED_COLOR_8).empty()) return makeError(ErrorCode::BadFormat, "not an image");
            return {};
        };
        auto r = importMetadataCsv(p);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        const ImportReport& rep = r->report;
        QCOMPARE(rep.rowsRead, size_t(127));
        QCOMPARE(rep.specimensImported, size_t(127));
        QCOMPARE(rep.classCounts.size(), size_t(4));
        QCOMPARE(rep.classCounts.at("chordata_ardeidae"), size_t(60));
        QCOMPARE(rep.classCounts.at("chordata_balaenidae"), size_t(30));
        QCOMPARE(rep.classCounts.at("chordata_pleuronectidae"), size_t(30));
        QCOMPARE(rep.classCounts.at("chordata_goodeidae"), size_t(7));
        for (const auto& issue : rep.issues) QVERIFY2(issue.kind == Kind::SmallClass, issue.message.c_str());
        for (const auto& s : r->specimens) QCOMPARE(s.contentHash.size(), size_t(32));
    }

    void fullMetadataReportsMissingFilesQuickly() {
        TAXO_REQUIRE_SHARED("data/rare_species/metadata_full.csv");
        QElapsedTimer timer;
        timer.start();
        MetadataImportParams p;
        p.csvPath = test::shared("data/rare_species/metadata_full.csv");
        p.dataRoot = test::shared("data/rare_species");
        auto r = importMetadataCsv(p);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        const ImportReport& rep = r->report;
        QCOMPARE(rep.rowsRead, size_t(11983));
        QCOMPARE(rep.classesInSource, size_t(202));
        QCOMPARE(rep.count(Kind::MissingFile), size_t(11856));
        QCOMPARE(rep.specimensImported, size_t(127));
        QCOMPARE(rep.classCounts.size(), size_t(4));
        QCOMPARE(rep.count(Kind::BadRow) + rep.count(Kind::EmptyLabel) + rep.count(Kind::DuplicateId), size_t(0));
        qInfo("metadata_full.csv imported in %lld ms", qint64(timer.elapsed()));
        const std::string json = rep.toJson().dump();
        QVERIFY(json.find("\"missing_file\":11856") != std::string::npos);
    }

    void folderImportGives127In4Classes() {
        TAXO_REQUIRE_SHARED("data/rare_species/chordata_ardeidae");
        FolderImportParams p;
        p.root = test::shared("data/rare_species");
        auto r = importFolder(p);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->report.specimensImported, size_t(127));
        QCOMPARE(r->report.unlabelled, size_t(0));
        QCOMPARE(r->report.classCounts.size(), size_t(4));
        QCOMPARE(r->report.classCounts.at("chordata_ardeidae"), size_t(60));
        QCOMPARE(r->report.classCounts.at("chordata_goodeidae"), size_t(7));
        QCOMPARE(r->specimens.front().taxonomy.phylum, std::string("chordata"));
        // The same photos as the CSV import, by content.
        MetadataImportParams m;
        m.csvPath = test::shared("data/rare_species/metadata.csv");
        auto c = importMetadataCsv(m);
        QVERIFY(c.ok());
        std::multiset<std::string> a, b;
        for (const auto& s : r->specimens) a.insert(s.label + "/" + s.contentHash);
        for (const auto& s : c->specimens) b.insert(s.label + "/" + s.contentHash);
        QVERIFY(a == b);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestImportShared)
#include "test_import_shared.moc"
