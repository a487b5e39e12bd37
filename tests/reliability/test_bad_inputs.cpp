// The bad-input corpus: every file is generated here, in a temporary folder. Photos that are damaged, lying,
// enormous, looping or unreadable sit next to good ones; both importers (folder tree and metadata CSV, with
// verifyImage as the verifier) must give each bad one its own skipped entry in the report, import every good one,
// and finish in bounded time. CSV shapes met in the wild (BOM, CRLF, quotes, ragged rows, duplicate ids, a 10 MB
// field) are part of the CSV import.
#include <QtTest>

#include "test_files.h"
#include "test_registry.h"

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <set>

#include <opencv2/imgcodecs.hpp>

#include "core/common/atomic_file.h"
#include "core/data/folder_import.h"
#include "core/data/image_io.h"
#include "core/data/metadata_import.h"
#include "tests/cmyk_jpeg.h"

using namespace taxo;
namespace fs = std::filesystem;
using Kind = ImportIssue::Kind;

namespace {

constexpr auto kImportTimeLimit = std::chrono::seconds(30);

using test::writeBytes;

std::string encode(const std::string& ext, const cv::Mat& image) {
    std::vector<uchar> out;
    if (!cv::imencode(ext, image, out)) qFatal("cannot encode %s", ext.c_str());
    return std::string(out.begin(), out.end());
}

cv::Mat noise(int w, int h, int type, int seed) {
    cv::Mat m(h, w, type);
    cv::RNG rng(std::uint64_t(seed) + 11);
    rng.fill(m, cv::RNG::UNIFORM, 0, CV_MAT_DEPTH(type) == CV_16U ? 65536 : 256);
    return m;
}

std::uint32_t crc32(const std::string& bytes) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (unsigned char b : bytes) {
        c ^= b;
        for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
    }
    return c ^ 0xFFFFFFFFu;
}

void putBe32(std::string& s, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s[at + std::size_t(i)] = char((v >> (24 - 8 * i)) & 0xFF);
}

// Rewrites the IHDR size of an OpenCV-written PNG and fixes the chunk CRC, so only the pixel data contradicts it.
std::string pngWithSize(std::string png, std::uint32_t width, std::uint32_t height) {
    // 8-byte signature, then IHDR: length (4) "IHDR" (4) width (4) height (4) ... CRC over type + 13 data bytes.
    if (png.compare(12, 4, "IHDR") != 0) qFatal("unexpected PNG layout");
    putBe32(png, 16, width);
    putBe32(png, 20, height);
    putBe32(png, 29, crc32(png.substr(12, 17)));
    return png;
}

// Runs an import on another thread and fails the test (by aborting: a hung thread cannot be joined) when it does
// not finish in time.
template <typename Fn>
auto boundedImport(Fn fn, const char* what) -> decltype(fn()) {
    const auto start = std::chrono::steady_clock::now();
    auto future = std::async(std::launch::async, std::move(fn));
    if (future.wait_for(kImportTimeLimit) != std::future_status::ready)
        qFatal("%s did not finish within %lld s", what, static_cast<long long>(kImportTimeLimit.count()));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    qInfo("%s took %.0f ms", what, ms);
    return future.get();
}

const ImportIssue* issueFor(const ImportReport& report, const std::string& name) {
    const ImportIssue* found = nullptr;
    for (const auto& issue : report.issues) {
        if (issue.path.size() >= name.size() && issue.path.compare(issue.path.size() - name.size(), name.size(), name) == 0) {
            if (found) qFatal("two issues for %s", name.c_str());
            found = &issue;
        }
    }
    return found;
}

}  // namespace

class TestBadInputs : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    fs::path photos_;                           // photos_/chordata_ardeidae/...: the folder-import root is photos_
    fs::path classDir_;
    std::vector<std::string> good_;             // file names that must be imported
    std::map<std::string, std::string> bad_;    // file name -> a word its issue message must contain
    bool unreadableIsFifo_ = false;             // as root, chmod 000 does not stop reads: a FIFO stands in

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        photos_ = fs::path(tmp_.path().toStdString()) / "photos";
        classDir_ = photos_ / "chordata_ardeidae";
        fs::create_directories(classDir_ / "sub");

        for (int i = 0; i < 4; ++i) {
            const std::string name = "good" + std::to_string(i) + ".jpg";
            writeBytes(classDir_ / name, encode(".jpg", noise(40, 30, CV_8UC3, i)));
            good_.push_back(name);
        }
        writeBytes(classDir_ / "one_pixel.png", encode(".png", noise(1, 1, CV_8UC3, 20)));
        writeBytes(classDir_ / "gray16.png", encode(".png", noise(12, 9, CV_16UC1, 21)));
        writeBytes(classDir_ / "rgb16.tif", encode(".tiff", noise(10, 8, CV_16UC3, 22)));
        writeBytes(classDir_ / "cmyk.jpg", taxo::test::patternCmykJpeg(16, 12));
        const std::string latin1Name = "h\xE9ron.jpg";  // ISO-8859-1 "héron": not valid UTF-8
        writeBytes(classDir_ / latin1Name, encode(".jpg", noise(20, 20, CV_8UC3, 23)));
        for (const char* n : {"one_pixel.png", "gray16.png", "rgb16.tif", "cmyk.jpg"}) good_.push_back(n);
        good_.push_back(latin1Name);

        const std::string jpeg = encode(".jpg", noise(64, 48, CV_8UC3, 30));
        writeBytes(classDir_ / "truncated.jpg", jpeg.substr(0, jpeg.size() / 2));
        bad_["truncated.jpg"] = "truncated";
        writeBytes(classDir_ / "zero.jpg", "");
        bad_["zero.jpg"] = "empty";
        std::mt19937 rng(6);
        std::string random(4096, '\0');
        for (char& c : random) c = char(rng() & 0xFF);
        writeBytes(classDir_ / "random.jpg", random);
        bad_["random.jpg"] = "random.jpg";
        const std::string png = encode(".png", noise(8, 8, CV_8UC3, 31));
        writeBytes(classDir_ / "lying_header.png", pngWithSize(png, 4000, 8));
        bad_["lying_header.png"] = "PNG";
        writeBytes(classDir_ / "huge_60000.png", pngWithSize(png, 60000, 60000));
        bad_["huge_60000.png"] = "exceeds the limit";
        writeBytes(classDir_ / ("bad_\xFF\xFE.jpg"), jpeg.substr(0, 100));  // non-UTF-8 name, broken content
        bad_["bad_\xFF\xFE.jpg"] = "truncated";

        // A file symlink loop and a folder loop (sub/back -> ..) that must not make the walk go round.
        fs::create_symlink("loop_b.jpg", classDir_ / "loop_a.jpg");
        fs::create_symlink("loop_a.jpg", classDir_ / "loop_b.jpg");
        bad_["loop_a.jpg"] = "symbolic links";
        bad_["loop_b.jpg"] = "symbolic links";
        fs::create_directory_symlink("..", classDir_ / "sub" / "back");
        fs::create_symlink("gone.jpg", classDir_ / "dangling.jpg");
        bad_["dangling.jpg"] = "broken symbolic link (to gone.jpg)";

        const fs::path unreadable = classDir_ / "unreadable.jpg";
        writeBytes(unreadable, jpeg);
        ::chmod(unreadable.c_str(), 0);
        if (std::ifstream(unreadable).good()) {
            // Running as root (CAP_DAC_OVERRIDE): permissions do not stop reads. A FIFO cannot be read as a
            // photo either, and opening it would block forever, which is the hang this corpus guards against.
            qInfo("chmod 000 does not stop reading here (root?): 'unreadable.jpg' is a FIFO instead");
            fs::remove(unreadable);
            QCOMPARE(::mkfifo(unreadable.c_str(), 0600), 0);
            unreadableIsFifo_ = true;
        }
        bad_["unreadable.jpg"] = unreadableIsFifo_ ? "not a regular file (a FIFO)" : "ermission";
    }

    void cleanupTestCase() {
        // QTemporaryDir's recursive removal trips over the loops and the chmod 000 file; std::filesystem does not
        // follow symlinks when removing.
        std::error_code ec;
        fs::permissions(classDir_ / "unreadable.jpg", fs::perms::owner_all, ec);
        fs::remove_all(photos_, ec);
    }

    void verifierAloneClassifiesTheCorpus() {
        for (const auto& name : good_) {
            const Status ok = verifyImage((classDir_ / name).string());
            QVERIFY2(ok.ok(), (name + ": " + (ok ? "" : ok.error().message)).c_str());
        }
        Result<cv::Mat> cmyk = decodeImage((classDir_ / "cmyk.jpg").string());
        QVERIFY(cmyk.ok());
        QCOMPARE(cmyk->type(), CV_8UC3);
        Result<cv::Mat> gray16 = decodeImage((classDir_ / "gray16.png").string());
        QVERIFY(gray16.ok());
        QCOMPARE(gray16->type(), CV_8UC3);
        Result<ImageInfo> huge = probeImage((classDir_ / "huge_60000.png").string());
        QVERIFY(huge.ok());
        QCOMPARE(huge->width, 60000);
        Status hugeVerify = verifyImage((classDir_ / "huge_60000.png").string());
        QVERIFY(!hugeVerify.ok());
        QCOMPARE(hugeVerify.error().code, ErrorCode::TooLarge);
    }

    void folderImportReportsEveryBadFile() {
        FolderImportParams params;
        params.root = photos_.string();
        params.verifyImage = verifyImage;
        params.threads = 2;
        Result<ImportResult> result = boundedImport([&] { return importFolder(params); }, "folder import");
        QVERIFY2(result.ok(), result ? "" : result.error().message.c_str());
        const ImportReport& report = result->report;

        std::set<std::string> imported;
        for (const auto& s : result->specimens) imported.insert(fs::path(s.filePath).filename().string());
        for (const auto& name : good_) QVERIFY2(imported.count(name), ("not imported: " + name).c_str());
        // Each good photo once: the folder loop sub/back -> .. must not import anything a second time.
        QCOMPARE(result->specimens.size(), good_.size());
        QCOMPARE(report.specimensImported, good_.size());

        for (const auto& [name, word] : bad_) {
            const ImportIssue* issue = issueFor(report, name);
            QVERIFY2(issue, ("no report entry for " + name).c_str());
            QVERIFY2(issue->skipped, name.c_str());
            QVERIFY2(issue->message.find(name) != std::string::npos, issue->message.c_str());
            QVERIFY2(issue->message.find(word) != std::string::npos, (name + " -> " + issue->message).c_str());
            QVERIFY(issue->kind == Kind::UnreadableImage || issue->kind == Kind::MissingFile);
        }
        for (const auto& issue : report.issues) QVERIFY2(issue.kind != Kind::DuplicateContent, issue.message.c_str());
        // The report must survive non-UTF-8 names both as text and as JSON.
        QVERIFY(!report.summaryText().empty());
        QVERIFY(!report.toJson().dump().empty());
    }

    void csvImportReportsEveryBadRow() {
        // BOM and CRLF throughout; quoted fields with commas and quotes; ragged rows; a duplicate id; a 10 MB field.
        const std::string crlf = "\r\n";
        std::string csv = "\xEF\xBB\xBF" "rare_species_id,eol_content_id,eol_page_id,kingdom,phylum,family,file_path,common_name" + crlf;
        std::size_t line = 1;
        std::map<std::string, std::size_t> lineOf;  // file name or row tag -> its line
        auto row = [&](const std::string& id, const std::string& file, const std::string& rest = "\"Heron, \"\"grey\"\"\"") {
            csv += id + ",1,2,Animalia,\"Chordata\",Ardeidae,chordata_ardeidae/" + file + "," + rest + crlf;
            lineOf[file.empty() ? id : file] = ++line;
        };
        int n = 0;
        for (const auto& name : good_) row("g" + std::to_string(n++), name);
        for (const auto& [name, word] : bad_) row("b" + std::to_string(n++), name);
        row("m1", "no_such_photo.jpg");
        csv += "short1,1,2,Animalia,Chordata" + crlf;  // missing columns, file_path among them
        lineOf["short1"] = ++line;
        row("extra1", "good0.jpg", "heron,EXTRA,COLUMNS");
        lineOf["extra1"] = line;
        row("g0", "good1.jpg");  // id g0 again
        lineOf["dup"] = line;
        row("big1", "good2.jpg", std::string(10u << 20, 'x'));
        lineOf["big"] = line;
        const fs::path csvPath = photos_ / "metadata.csv";
        QVERIFY(writeFileAtomically(csvPath.string(), csv).ok());

        MetadataImportParams params;
        params.csvPath = csvPath.string();
        params.verifyImage = verifyImage;
        params.threads = 2;
        Result<ImportResult> result = boundedImport([&] { return importMetadataCsv(params); }, "CSV import");
        QVERIFY2(result.ok(), result ? "" : result.error().message.c_str());
        const ImportReport& report = result->report;
        QCOMPARE(report.rowsRead, line - 1);
        QCOMPARE(result->specimens.size(), good_.size());
        for (const auto& s : result->specimens) QCOMPARE(s.taxonomy.family, std::string("Ardeidae"));
        QCOMPARE(result->specimens.front().taxonomy.commonName, std::string("Heron, \"grey\""));

        auto issueAt = [&](std::size_t l) -> const ImportIssue* {
            const ImportIssue* found = nullptr;
            for (const auto& issue : report.issues)
                if (issue.line == l) {
                    if (found) qFatal("two issues on line %zu", l);
                    found = &issue;
                }
            return found;
        };
        for (const auto& [name, word] : bad_) {
            const ImportIssue* issue = issueAt(lineOf.at(name));
            QVERIFY2(issue, ("no report entry for " + name).c_str());
            QVERIFY2(issue->skipped, name.c_str());
            QVERIFY2(issue->message.find(name) != std::string::npos, issue->message.c_str());
            // Both importers describe a file the same way (core/data/file_check.h, the same verifier).
            QVERIFY2(issue->message.find(word) != std::string::npos, (name + " -> " + issue->message).c_str());
            QVERIFY(issue->kind == Kind::UnreadableImage || issue->kind == Kind::MissingFile);
            qInfo("%s: %s", importIssueKindName(issue->kind), issue->message.c_str());
        }
        struct Expected { const char* key; Kind kind; };
        for (const Expected& e : {Expected{"no_such_photo.jpg", Kind::MissingFile}, Expected{"short1", Kind::BadRow},
                                  Expected{"extra1", Kind::BadRow}, Expected{"dup", Kind::DuplicateId},
                                  Expected{"big", Kind::BadRow}}) {
            const ImportIssue* issue = issueAt(lineOf.at(e.key));
            QVERIFY2(issue, e.key);
            QVERIFY2(issue->kind == e.kind, (std::string(e.key) + ": " + importIssueKindName(issue->kind)).c_str());
            QVERIFY(issue->skipped);
            QVERIFY2(issue->message.size() < 1000, "a message must not carry the 10 MB field");
            qInfo("%s: %s", importIssueKindName(issue->kind), issue->message.c_str());
        }
        QVERIFY(!report.toJson().dump().empty());
    }

    void brokenCsvFilesAreErrorsNotCrashes() {
        const fs::path empty = photos_ / "empty.csv";
        writeBytes(empty, "");
        MetadataImportParams params;
        params.csvPath = empty.string();
        Result<ImportResult> r = boundedImport([&] { return importMetadataCsv(params); }, "empty CSV import");
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.find(empty.string()) != std::string::npos, r.error().message.c_str());

        std::mt19937 rng(66);
        for (int i = 0; i < 50; ++i) {
            std::string junk(std::size_t(1 + rng() % 3000), '\0');
            for (char& c : junk) c = char(rng() & 0xFF);
            if (i % 2) junk = "file_path,phylum,family\n" + junk;
            const fs::path p = photos_ / ("junk" + std::to_string(i) + ".csv");
            writeBytes(p, junk);
            params.csvPath = p.string();
            Result<ImportResult> j = importMetadataCsv(params);
            if (!j.ok()) QVERIFY2(j.error().message.find(p.string()) != std::string::npos, j.error().message.c_str());
            else QVERIFY(!j->report.summaryText().empty());
        }
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestBadInputs)
#include "test_bad_inputs.moc"
