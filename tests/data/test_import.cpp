#include <QtTest>

#include "test_files.h"
#include "test_registry.h"

#include <filesystem>
#include <fstream>
#include <random>

#include <opencv2/imgcodecs.hpp>

#include "core/common/atomic_file.h"
#include "core/common/content_hash.h"
#include "core/data/folder_import.h"
#include "core/data/metadata_import.h"

using namespace taxo;
namespace fs = std::filesystem;
using Kind = ImportIssue::Kind;

namespace {

// A small JPEG whose pixels depend on the seed, so every seed gives different bytes.
void writeJpeg(const fs::path& path, int seed) {
    fs::create_directories(path.parent_path());
    cv::Mat img(24, 32, CV_8UC3);
    cv::RNG rng(std::uint64_t(seed) + 1);
    rng.fill(img, cv::RNG::UNIFORM, 0, 256);
    if (!cv::imwrite(path.string(), img)) qFatal("cannot write %s", path.string().c_str());
}

using test::randomBytes;
using test::writeBytes;

Status imreadVerifier(const std::string& path) {
    if (cv::imread(path, cv::IMREAD_REDUCED_COLOR_2).empty())
        return makeError(ErrorCode::BadFormat, "not an image OpenCV can decode");
    return {};
}

std::vector<const ImportIssue*> issuesOf(const ImportReport& r, Kind kind) {
    std::vector<const ImportIssue*> out;
    for (const auto& i : r.issues)
        if (i.kind == kind) out.push_back(&i);
    return out;
}

}  // namespace

class TestImport : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    fs::path data_;  // photos and metadata.csv

private Q_SLOTS:
    // Regression (tests/reliability/test_bad_inputs): Linux file names are bytes, JSON strings are UTF-8; a report
    // naming a Latin-1 file used to throw from dump(), crashing the CLI and the project import.
    void reportJsonSurvivesNonUtf8Names() {
        ImportReport report;
        report.source = "/photos/caf\xE9";
        report.classCounts["ardeid\xE6"] = 1;
        report.issues.push_back({Kind::UnreadableImage, 0, "a/h\xE9ron.jpg", "a/h\xE9ron.jpg: truncated", true});
        std::string text;
        try {
            text = report.toJson().dump();
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
        QVERIFY(text.find("a/h\xEF\xBF\xBDron.jpg") != std::string::npos);  // U+FFFD in place of the byte
        QVERIFY(text.find("ardeid\xEF\xBF\xBD") != std::string::npos);
        QVERIFY(report.summaryText().find("h\xE9ron.jpg") != std::string::npos);  // the text keeps the raw name
    }

    void initTestCase() {
        QVERIFY(tmp_.isValid());
        data_ = fs::path(tmp_.path().toStdString()) / "set";
        for (int i = 0; i < 3; ++i) writeJpeg(data_ / "herons" / ("h" + std::to_string(i) + ".jpg"), i);
        for (int i = 0; i < 2; ++i) writeJpeg(data_ / "whales" / ("w" + std::to_string(i) + ".jpg"), 10 + i);
        fs::copy_file(data_ / "herons" / "h0.jpg", data_ / "herons" / "h0-copy.jpg");
        writeBytes(data_ / "bad" / "zero.jpg", "");
        writeBytes(data_ / "bad" / "noise.jpg", randomBytes(4096, 7));
        writeJpeg(data_ / "dup" / "d.jpg", 20);
        writeJpeg(data_ / "noid" / "e.jpg", 21);
        writeJpeg(data_ / "nolabel" / "n.jpg", 22);
        writeJpeg(fs::path(tmp_.path().toStdString()) / "elsewhere" / "abs.jpg", 30);

        const std::string abs = (fs::path(tmp_.path().toStdString()) / "elsewhere" / "abs.jpg").string();
        // Line numbers: header 1; the quoted note spans lines 9-10.
        const std::string csv =
            "\xEF\xBB\xBF" "rare_species_id,eol_content_id,eol_page_id,kingdom,phylum,family,file_path,photographer\r\n"
            "id1,101,201,animalia,chordata,ardeidae,herons/h0.jpg,Ann\r\n"                 // 2
            "id2,102,202,animalia,chordata,ardeidae,herons/h1.jpg,\r\n"                    // 3
            "id3,103,203,animalia,chordata,ardeidae,herons/h2.jpg,\r\n"                    // 4
            "id4,104,204,animalia,chordata,balaenidae,whales/w0.jpg,\r\n"                  // 5
            "id5,105,205,animalia,chordata,balaenidae,whales/w1.jpg,\r\n"                  // 6
            "id6,106,206,animalia,chordata,ardeidae,herons/missing.jpg,\r\n"               // 7
            "id7,107,207,animalia,chordata,ardeidae,bad/zero.jpg,\r\n"                     // 8
            "id8,108,208,animalia,chordata,ardeidae,bad/noise.jpg,\"two\nlines\"\r\n"       // 9-10
            "id9,109,209,animalia,chordata,ardeidae,herons/h0-copy.jpg,\r\n"               // 11
            "id10,110,210,animalia,chordata,ardeidae,dup/d.jpg,\r\n"                       // 12
            "id10,111,211,animalia,chordata,ardeidae,dup/d.jpg,\r\n"                       // 13 duplicate id
            "id11,112,212,animalia,chordata,,nolabel/n.jpg,\r\n"                           // 14 empty family
            "id12,113,213,animalia,chordata,ardeidae,herons/h1.jpg,x,surplus\r\n"         // 15 bad row
            "id13,114,214,animalia,chordata,ardeidae,,\r\n"                                // 16 empty file_path
            ",115,215,animalia,chordata,ardeidae,noid/e.jpg,\r\n"                          // 17 no id: fine
            "id14,116,216,animalia,mollusca,unionidae,\"" + abs + "\",\r\n";               // 18 absolute path
        QVERIFY(writeFileAtomically((data_ / "metadata.csv").string(), csv).ok());
    }

    void importsCsvAndReportsEveryProblem() {
        MetadataImportParams p;
        p.csvPath = (data_ / "metadata.csv").string();
        p.verifyImage = imreadVerifier;
        p.threads = 3;
        std::vector<Progress> progress;
        p.progress = [&](const Progress& pr) { progress.push_back(pr); };
        auto r = importMetadataCsv(p);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        const ImportReport& rep = r->report;

        QCOMPARE(rep.rowsRead, size_t(16));
        // h0 h1 h2 w0 w1 h0-copy d e abs
        QCOMPARE(rep.specimensImported, size_t(9));
        QCOMPARE(r->specimens.size(), size_t(9));
        QCOMPARE(rep.classCounts.at("chordata_ardeidae"), size_t(6));
        QCOMPARE(rep.classCounts.at("chordata_balaenidae"), size_t(2));
        QCOMPARE(rep.classCounts.at("mollusca_unionidae"), size_t(1));
        QCOMPARE(rep.classesInSource, size_t(3));

        auto missing = issuesOf(rep, Kind::MissingFile);
        QCOMPARE(missing.size(), size_t(1));
        QCOMPARE(missing[0]->line, size_t(7));
        QCOMPARE(missing[0]->path, std::string("herons/missing.jpg"));
        QVERIFY(missing[0]->skipped);

        auto unreadable = issuesOf(rep, Kind::UnreadableImage);
        QCOMPARE(unreadable.size(), size_t(2));
        QCOMPARE(unreadable[0]->line, size_t(8));
        QVERIFY(unreadable[0]->message.find("empty file") != std::string::npos);
        QCOMPARE(unreadable[1]->line, size_t(9));
        QCOMPARE(unreadable[1]->path, std::string("bad/noise.jpg"));

        auto dupContent = issuesOf(rep, Kind::DuplicateContent);
        QCOMPARE(dupContent.size(), size_t(1));
        QCOMPARE(dupContent[0]->line, size_t(11));
        QVERIFY(!dupContent[0]->skipped);
        QVERIFY(dupContent[0]->message.find("herons/h0.jpg") != std::string::npos);

        auto dupId = issuesOf(rep, Kind::DuplicateId);
        QCOMPARE(dupId.size(), size_t(1));
        QCOMPARE(dupId[0]->line, size_t(13));

        auto emptyLabel = issuesOf(rep, Kind::EmptyLabel);
        QCOMPARE(emptyLabel.size(), size_t(1));
        QCOMPARE(emptyLabel[0]->line, size_t(14));
        QVERIFY(emptyLabel[0]->message.find("family") != std::string::npos);

        auto bad = issuesOf(rep, Kind::BadRow);
        QCOMPARE(bad.size(), size_t(2));
        QCOMPARE(bad[0]->line, size_t(15));
        QCOMPARE(bad[1]->line, size_t(16));

        auto small = issuesOf(rep, Kind::SmallClass);
        QCOMPARE(small.size(), size_t(2));
        QVERIFY(small[0]->message.rfind("chordata_balaenidae", 0) == 0);
        QVERIFY(small[1]->message.rfind("mollusca_unionidae", 0) == 0);
        QVERIFY(!small[0]->skipped);
        QCOMPARE(rep.skippedCount(), size_t(7));

        // Issues come in source order, class warnings last.
        for (std::size_t i = 1; i < rep.issues.size(); ++i)
            if (rep.issues[i].kind != Kind::SmallClass) QVERIFY(rep.issues[i - 1].line <= rep.issues[i].line);
        QCOMPARE(rep.issues.back().kind, Kind::SmallClass);

        const Specimen& first = r->specimens.front();
        QCOMPARE(first.sourceId, std::string("id1"));
        QCOMPARE(first.eolContentId, std::string("101"));
        QCOMPARE(first.eolPageId, std::string("201"));
        QCOMPARE(first.taxonomy.kingdom, std::string("animalia"));
        QCOMPARE(first.label, std::string("chordata_ardeidae"));
        QCOMPARE(first.filePath, std::string("herons/h0.jpg"));
        QCOMPARE(first.absolutePath, (data_ / "herons" / "h0.jpg").string());
        QCOMPARE(first.contentHash, *hashFile(first.absolutePath));
        QCOMPARE(first.extra.at("photographer"), std::string("Ann"));
        QCOMPARE(r->specimens[5].contentHash, first.contentHash);  // the kept duplicate
        QCOMPARE(r->specimens.back().taxonomy.phylum, std::string("mollusca"));
        QVERIFY(fs::path(r->specimens.back().filePath).is_absolute());

        QVERIFY(!progress.empty());
        QCOMPARE(progress.back().done, progress.back().total);

        // JSON and text are stable, and do not depend on the number of threads.
        p.threads = 1;
        p.progress = nullptr;
        auto again = importMetadataCsv(p);
        QVERIFY(again.ok());
        QCOMPARE(again->report.toJson().dump(), rep.toJson().dump());
        QCOMPARE(again->report.summaryText(), rep.summaryText());

        const auto j = rep.toJson();
        QCOMPARE(j["rows_read"].get<int>(), 16);
        QCOMPARE(j["specimens_imported"].get<int>(), 9);
        QCOMPARE(j["issue_counts"]["missing_file"].get<int>(), 1);
        QCOMPARE(j["issue_counts"]["bad_row"].get<int>(), 2);
        QCOMPARE(j["issue_counts"].size(), size_t(7));
        QCOMPARE(j["issues"].size(), rep.issues.size());
        QCOMPARE(j["issues"][0]["line"].get<int>(), 7);
        QCOMPARE(j["class_counts"]["chordata_balaenidae"].get<int>(), 2);

        const std::string text = rep.summaryText();
        QVERIFY2(text.find("Imported 9 of 16 rows") != std::string::npos, text.c_str());
        QVERIFY(text.find("missing_file: 1") != std::string::npos);
        QVERIFY(text.find("line 7: herons/missing.jpg") != std::string::npos);
        QVERIFY(text.find("Skipped: 7") != std::string::npos);
        QVERIFY(rep.summaryText(0).find("... and 1 more") != std::string::npos);
    }

    void withoutVerifierNoiseIsImported() {
        MetadataImportParams p;
        p.csvPath = (data_ / "metadata.csv").string();
        auto r = importMetadataCsv(p);
        QVERIFY(r.ok());
        QCOMPARE(r->report.specimensImported, size_t(10));
        QCOMPARE(r->report.count(Kind::UnreadableImage), size_t(1));  // the zero-byte file still is
    }

    void otherLabelRanksAndDataRoot() {
        // Richer header with aliases, other column order, a data root elsewhere.
        const fs::path csv = fs::path(tmp_.path().toStdString()) / "csvs" / "rich.csv";
        QVERIFY(writeFileAtomically(csv.string(),
                                    "Path,Family,Phylum,Class,scientificName,Common Name,Genus,notes\n"
                                    "herons/h1.jpg,ardeidae,chordata,aves,Ardea herodias,Great blue heron,ardea,\"a, b\"\n"
                                    "whales/w1.jpg,balaenidae,chordata,mammalia,Balaena mysticetus,Bowhead,balaena,\n")
                    .ok());
        MetadataImportParams p;
        p.csvPath = csv.string();
        p.dataRoot = data_.string();
        QVERIFY(LabelRank::parse("class_genus", p.labelRank));
        auto r = importMetadataCsv(p);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        QCOMPARE(r->specimens.size(), size_t(2));
        QCOMPARE(r->specimens[0].label, std::string("aves_ardea"));
        QCOMPARE(r->specimens[0].taxonomy.scientificName, std::string("Ardea herodias"));
        QCOMPARE(r->specimens[0].taxonomy.commonName, std::string("Great blue heron"));
        QCOMPARE(r->specimens[0].extra.at("notes"), std::string("a, b"));
        QCOMPARE(r->specimens[0].extra.count("Path"), size_t(0));
        QCOMPARE(canonicalMetadataColumn(" vernacularName "), std::string("common_name"));
        QCOMPARE(canonicalMetadataColumn("FILE-PATH"), std::string("file_path"));
        QCOMPARE(canonicalMetadataColumn("eol_page_id"), std::string("eol_page_id"));

        // Default data root is the CSV's folder: there the photos do not exist.
        p.dataRoot.clear();
        auto r2 = importMetadataCsv(p);
        QVERIFY(r2.ok());
        QCOMPARE(r2->report.specimensImported, size_t(0));
        QCOMPARE(r2->report.count(Kind::MissingFile), size_t(2));
        QCOMPARE(r2->report.classesInSource, size_t(2));
    }

    void missingColumnsAreClearErrors() {
        const fs::path csv = fs::path(tmp_.path().toStdString()) / "csvs" / "nofile.csv";
        QVERIFY(writeFileAtomically(csv.string(), "phylum,family\nchordata,ardeidae\n").ok());
        MetadataImportParams p;
        p.csvPath = csv.string();
        auto r = importMetadataCsv(p);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::BadFormat);
        QVERIFY(r.error().message.find("nofile.csv") != std::string::npos);
        QVERIFY(r.error().message.find("file_path") != std::string::npos);

        const fs::path csv2 = fs::path(tmp_.path().toStdString()) / "csvs" / "nophylum.csv";
        QVERIFY(writeFileAtomically(csv2.string(), "family,file_path\nardeidae,a.jpg\n").ok());
        p.csvPath = csv2.string();
        r = importMetadataCsv(p);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("nophylum.csv") != std::string::npos);
        QVERIFY(r.error().message.find("\"phylum\"") != std::string::npos);
        // With the family rank alone the same file is fine.
        QVERIFY(LabelRank::parse("family", p.labelRank));
        r = importMetadataCsv(p);
        QVERIFY(r.ok());
        QCOMPARE(r->report.count(Kind::MissingFile), size_t(1));

        p.csvPath = (fs::path(tmp_.path().toStdString()) / "none.csv").string();
        r = importMetadataCsv(p);
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.find("none.csv") != std::string::npos);

        // Header only: an empty import, not an error.
        const fs::path csv3 = fs::path(tmp_.path().toStdString()) / "csvs" / "header.csv";
        QVERIFY(writeFileAtomically(csv3.string(), "phylum,family,file_path\r\n").ok());
        p.csvPath = csv3.string();
        p.labelRank = LabelRank{};
        r = importMetadataCsv(p);
        QVERIFY(r.ok());
        QCOMPARE(r->report.rowsRead, size_t(0));
        QCOMPARE(r->specimens.size(), size_t(0));
    }

    void cancelStopsTheImport() {
        JobControl control;
        control.cancel();
        MetadataImportParams p;
        p.csvPath = (data_ / "metadata.csv").string();
        p.control = &control;
        auto r = importMetadataCsv(p);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::Cancelled);

        // Cancelling from the progress callback (during hashing) also stops it.
        JobControl late;
        FolderImportParams f;
        f.root = data_.string();
        f.control = &late;
        f.progress = [&](const Progress& pr) {
            if (pr.phase == "hashing photos") late.cancel();
        };
        auto rf = importFolder(f);
        QVERIFY(!rf.ok());
        QCOMPARE(rf.error().code, ErrorCode::Cancelled);
    }

    void importsFolderTree() {
        const fs::path root = fs::path(tmp_.path().toStdString()) / "tree";
        for (int i = 0; i < 3; ++i) writeJpeg(root / "chordata_ardeidae" / ("a" + std::to_string(i) + ".jpg"), 40 + i);
        writeJpeg(root / "chordata_ardeidae" / "sub" / "deep.JPG", 43);
        writeJpeg(root / "Misc" / "m.png", 44);
        writeJpeg(root / "root1.jpg", 45);
        writeJpeg(root / ".hidden" / "h.jpg", 46);
        writeBytes(root / "notes.txt", "not a photo");
        writeBytes(root / "chordata_ardeidae" / "zero.jpeg", "");
        writeBytes(root / "Misc" / "noise.TIFF", randomBytes(2048, 3));
        fs::create_directory_symlink(root, root / "chordata_ardeidae" / "loop");
        fs::create_symlink(root / "gone.jpg", root / "Misc" / "broken.jpg");

        FolderImportParams p;
        p.root = root.string();
        p.verifyImage = imreadVerifier;
        p.threads = 2;
        auto r = importFolder(p);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().message.c_str());
        const ImportReport& rep = r->report;
        std::vector<std::string> paths;
        for (const auto& s : r->specimens) paths.push_back(s.filePath);
        QCOMPARE(paths, (std::vector<std::string>{"Misc/m.png", "chordata_ardeidae/a0.jpg", "chordata_ardeidae/a1.jpg",
                                                  "chordata_ardeidae/a2.jpg", "chordata_ardeidae/sub/deep.JPG",
                                                  "root1.jpg"}));
        QCOMPARE(r->specimens[0].label, std::string("Misc"));
        QCOMPARE(r->specimens[0].taxonomy.family, std::string("Misc"));
        QVERIFY(r->specimens[0].taxonomy.phylum.empty());
        QCOMPARE(r->specimens[1].taxonomy.phylum, std::string("chordata"));
        QCOMPARE(r->specimens[1].taxonomy.family, std::string("ardeidae"));
        QCOMPARE(r->specimens[4].label, std::string("chordata_ardeidae"));
        QVERIFY(r->specimens[5].label.empty());
        QCOMPARE(rep.unlabelled, size_t(1));
        QCOMPARE(rep.classCounts.at("chordata_ardeidae"), size_t(4));
        QCOMPARE(rep.classCounts.at("Misc"), size_t(1));
        QCOMPARE(rep.rowsRead, size_t(8));  // 6 good + zero-byte + noise (the broken link is reported apart)
        QCOMPARE(rep.count(Kind::UnreadableImage), size_t(2));
        QCOMPARE(rep.count(Kind::MissingFile), size_t(1));
        QCOMPARE(issuesOf(rep, Kind::MissingFile)[0]->path, std::string("Misc/broken.jpg"));
        QCOMPARE(rep.count(Kind::SmallClass), size_t(1));
        QVERIFY(rep.summaryText().find("Unlabelled specimens: 1") != std::string::npos);

        p.unlabelled = true;
        auto u = importFolder(p);
        QVERIFY(u.ok());
        QCOMPARE(u->specimens.size(), size_t(6));
        for (const auto& s : u->specimens) QVERIFY(s.label.empty());
        QCOMPARE(u->report.unlabelled, size_t(6));
        QVERIFY(u->report.classCounts.empty());

        p.root = (root / "nothing").string();
        QVERIFY(!importFolder(p).ok());
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestImport)
#include "test_import.moc"
