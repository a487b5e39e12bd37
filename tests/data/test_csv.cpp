#include <QtTest>

#include "test_registry.h"

#include "core/common/atomic_file.h"
#include "core/data/csv.h"

using namespace taxo;

namespace {
CsvTable parseOk(const std::string& bytes, const CsvReadOptions& options = {}) {
    auto table = parseCsv(bytes, "test.csv", options);
    if (!table) qFatal("parse failed: %s", table.error().message.c_str());
    return std::move(*table);
}
}  // namespace

class TestCsv : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void plainRowsWithLineNumbers() {
        const CsvTable t = parseOk("a,b,c\n1,2,3\n4,5,6\n");
        QCOMPARE(t.header, (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(t.rows.size(), size_t(2));
        QCOMPARE(t.rows[0].fields, (std::vector<std::string>{"1", "2", "3"}));
        QCOMPARE(t.rows[0].line, size_t(2));
        QCOMPARE(t.rows[1].line, size_t(3));
        QVERIFY(t.problems.empty());
    }

    void quotesCommasAndNewlines() {
        const CsvTable t = parseOk("name,note,n\n"
                                   "\"heron, grey\",\"says \"\"kraak\"\"\",1\n"
                                   "\"two\nline\",\"three\nline\nfield\",2\n"
                                   "after,x,3\n");
        QCOMPARE(t.rows.size(), size_t(3));
        QCOMPARE(t.rows[0].fields[0], std::string("heron, grey"));
        QCOMPARE(t.rows[0].fields[1], std::string("says \"kraak\""));
        QCOMPARE(t.rows[1].fields[0], std::string("two\nline"));
        QCOMPARE(t.rows[1].fields[1], std::string("three\nline\nfield"));
        QCOMPARE(t.rows[1].line, size_t(3));
        // The record after a multi-line one starts on its physical line.
        QCOMPARE(t.rows[2].line, size_t(7));
        QCOMPARE(t.rows[2].fields[0], std::string("after"));
    }

    void crlfAndBom() {
        const CsvTable t = parseOk("\xEF\xBB\xBF" "File_Path , Family\r\nx.jpg,ardeidae\r\n\"q\r\nr.jpg\",b\r\ny.jpg,c\r\n");
        QCOMPARE(t.header, (std::vector<std::string>{"File_Path", "Family"}));
        QCOMPARE(t.rows.size(), size_t(3));
        QCOMPARE(t.rows[0].fields, (std::vector<std::string>{"x.jpg", "ardeidae"}));
        QCOMPARE(t.rows[1].fields[0], std::string("q\r\nr.jpg"));  // inside quotes the bytes are kept
        QCOMPARE(t.rows[2].fields[1], std::string("c"));
        QCOMPARE(t.rows[2].line, size_t(5));
        QCOMPARE(t.column("file_path"), 0);
        QCOMPARE(t.column("  FAMILY "), 1);
    }

    // Regression (tests/fuzz/fuzz_csv): a lone CR ends a record in libcsv, so it must also end a line; before,
    // every record of a CR-only (classic Mac) file was numbered line 1, the header's line.
    void loneCarriageReturnsCountAsLines() {
        const CsvTable t = parseOk("a,b\r1,2\r3,4\r\n5,6\n7,8\r");
        QCOMPARE(t.header, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(t.rows.size(), size_t(4));
        for (std::size_t i = 0; i < t.rows.size(); ++i) QCOMPARE(t.rows[i].line, i + 2);
        QCOMPARE(t.rows[3].fields, (std::vector<std::string>{"7", "8"}));
        const CsvTable mixed = parseOk("a,b\r\nx,y\rz\n");
        QCOMPARE(mixed.rows.size(), size_t(2));
        QCOMPARE(mixed.rows[0].line, size_t(2));
        QCOMPARE(mixed.rows[1].line, size_t(3));
    }

    void columnsByNameInAnyOrder() {
        const CsvTable a = parseOk("family,file_path\nardeidae,a.jpg\n");
        const CsvTable b = parseOk("file_path,kingdom,family\na.jpg,animalia,ardeidae\n");
        QCOMPARE(a.rows[0].fields[size_t(a.column("file_path"))], b.rows[0].fields[size_t(b.column("file_path"))]);
        QCOMPARE(a.rows[0].fields[size_t(a.column("family"))], b.rows[0].fields[size_t(b.column("family"))]);
        QCOMPARE(a.column("phylum"), -1);
    }

    void missingAndExtraFields() {
        const CsvTable t = parseOk("a,b,c\n1,2\n1,2,3,\n1,2,3,4\n5,6,7\n\n8,9,10\n");
        // Short row kept, padded; trailing empty extra kept, trimmed; a real extra field is a problem on its line.
        QCOMPARE(t.rows.size(), size_t(4));
        QCOMPARE(t.rows[0].fields, (std::vector<std::string>{"1", "2", ""}));
        QCOMPARE(t.rows[1].fields, (std::vector<std::string>{"1", "2", "3"}));
        QCOMPARE(t.rows[2].fields, (std::vector<std::string>{"5", "6", "7"}));
        QCOMPARE(t.rows[2].line, size_t(5));
        QCOMPARE(t.rows[3].line, size_t(7));  // blank line skipped but counted
        QCOMPARE(t.problems.size(), size_t(1));
        QVERIFY2(t.problems[0].rfind("test.csv, line 4: ", 0) == 0, t.problems[0].c_str());
    }

    void tenMegabyteFieldIsAProblemNotACrash() {
        const std::string huge(10u << 20, 'x');
        const std::string bytes = "a,b\n1,2\n3,\"" + huge + "\"\n4,5\n";
        const CsvTable t = parseOk(bytes);
        QCOMPARE(t.rows.size(), size_t(2));
        QCOMPARE(t.rows[0].fields[0], std::string("1"));
        QCOMPARE(t.rows[1].fields[0], std::string("4"));
        QCOMPARE(t.rows[1].line, size_t(4));
        QCOMPARE(t.problems.size(), size_t(1));
        QVERIFY2(t.problems[0].find("line 3") != std::string::npos, t.problems[0].c_str());
        QVERIFY(t.problems[0].find("over the limit") != std::string::npos);
        // With a higher limit the same field is read whole.
        CsvReadOptions big;
        big.maxFieldBytes = 16u << 20;
        const CsvTable t2 = parseOk(bytes, big);
        QCOMPARE(t2.rows.size(), size_t(3));
        QCOMPARE(t2.rows[1].fields[1].size(), huge.size());
    }

    void unterminatedQuoteIsAProblem() {
        const CsvTable t = parseOk("a,b\n1,2\n3,\"open\n4,5\n");
        QCOMPARE(t.rows.size(), size_t(1));
        QCOMPARE(t.problems.size(), size_t(1));
        QVERIFY2(t.problems[0].find("line 3") != std::string::npos, t.problems[0].c_str());
    }

    void noTrailingNewline() {
        const CsvTable t = parseOk("a,b\n1,2");
        QCOMPARE(t.rows.size(), size_t(1));
        QCOMPARE(t.rows[0].fields[1], std::string("2"));
    }

    void emptyFileAndHeaderOnly() {
        auto empty = parseCsv("", "empty.csv");
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code, ErrorCode::BadFormat);
        QVERIFY(empty.error().message.find("empty.csv") != std::string::npos);
        QVERIFY(!parseCsv("\xEF\xBB\xBF\r\n\n", "bom-only.csv").ok());
        const CsvTable t = parseOk("file_path,family\r\n");
        QCOMPARE(t.header.size(), size_t(2));
        QVERIFY(t.rows.empty());
        QVERIFY(t.problems.empty());
    }

    void readsFilesAndNamesMissingOnes() {
        QTemporaryDir dir;
        const std::string path = (dir.path() + "/m.csv").toStdString();
        QVERIFY(writeFileAtomically(path, "a,b\r\n\"x,y\",z\r\n").ok());
        auto t = readCsvFile(path);
        QVERIFY(t.ok());
        QCOMPARE(t->rows[0].fields[0], std::string("x,y"));
        auto missing = readCsvFile((dir.path() + "/none.csv").toStdString());
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.find("none.csv") != std::string::npos);
    }

    void writerRoundTrip() {
        const std::vector<std::vector<std::string>> rows{{"a,b", "say \"hi\"", "multi\nline"}, {"", "plain", "x\r\ny"}};
        std::string bytes = csvLine({"h1", "h2", "h3"});
        for (const auto& r : rows) bytes += csvLine(r);
        const CsvTable t = parseOk(bytes);
        QCOMPARE(t.rows.size(), rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) QCOMPARE(t.rows[i].fields, rows[i]);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestCsv)
#include "test_csv.moc"
