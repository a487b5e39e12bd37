// Label export: current labels written back to a BioCLIP-layout metadata.csv, round trip checked.
#include <QtTest>

#include "test_registry.h"

#include <algorithm>
#include <set>

#include "core/common/atomic_file.h"
#include "core/store/label_export.h"
#include "core/store/project_store.h"
#include "store_test_util.h"
#include "test_support.h"

using namespace taxo;

namespace {

// A minimal RFC 4180 reader, local to the test so the round trip does not depend on the importer under construction.
std::vector<std::vector<std::string>> parseCsvText(const std::string& text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(std::move(field)), field.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(std::move(field)), field.clear();
            rows.push_back(std::move(row)), row.clear();
            any = false;
        } else {
            field += c, any = true;
        }
    }
    if (any || !field.empty() || !row.empty()) row.push_back(field), rows.push_back(row);
    return rows;
}

struct Fixture {
    QTemporaryDir tmp;
    std::unique_ptr<ProjectStore> store;
    std::vector<std::int64_t> ids;

    Fixture() {
        store = std::move(ProjectStore::create(tmp.path().toStdString() + "/p")).value();
        std::vector<Specimen> specimens;
        const char* classes[][2] = {{"chordata", "ardeidae"}, {"arthropoda", "formicidae"}, {"mollusca", "unionidae"}};
        for (int i = 0; i < 12; ++i) {
            Specimen s = test::makeSpecimen("id" + std::to_string(i), classes[i % 3][0], classes[i % 3][1]);
            s.extra["photographer"] = i == 4 ? "Smith, \"Jo\"\nsecond line" : "Ana Lúcia";
            if (i % 2) s.extra["licence"] = "cc-by-" + std::to_string(i);
            specimens.push_back(s);
        }
        ids = std::move(store->addSpecimens(specimens, "import")).value();
    }
    std::string out(const char* name = "metadata.csv") const { return tmp.path().toStdString() + "/" + name; }
};

int col(const std::vector<std::string>& header, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : int(it - header.begin());
}

}  // namespace

class TestLabelExport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unchangedProjectExportsExactBytes() {
        QTemporaryDir tmp;
        auto store = std::move(ProjectStore::create(tmp.path().toStdString() + "/p")).value();
        Specimen a = test::makeSpecimen("x1", "chordata", "ardeidae");
        a.extra["note"] = "has, comma";
        QVERIFY(store->addSpecimens({a, test::makeSpecimen("x2", "mollusca", "unionidae")}, "import").ok());
        const std::string path = tmp.path().toStdString() + "/out.csv";
        auto n = exportLabels(*store, path);
        QVERIFY2(n.ok(), n ? "" : n.error().message.c_str());
        QCOMPARE(*n, std::int64_t(2));
        const std::string expected =
            "rare_species_id,eol_content_id,eol_page_id,kingdom,phylum,family,file_path,note\n"
            "x1,cx1,px1,animalia,chordata,ardeidae,chordata_ardeidae/x1.jpg,\"has, comma\"\n"
            "x2,cx2,px2,animalia,mollusca,unionidae,mollusca_unionidae/x2.jpg,\n";
        QCOMPARE(*readWholeFile(path), expected);
    }

    void roundTripReflectsRelabelsAndExclusions() {
        Fixture f;
        QVERIFY(f.store->relabel({f.ids[0]}, "arthropoda_formicidae", "was an ant").ok());  // an existing class
        QVERIFY(f.store->relabel({f.ids[3]}, "chordata_new_idae", "new family").ok());      // a class nobody has yet
        QVERIFY(f.store->setExcluded({f.ids[2]}, true, "not a photo of the animal").ok());
        auto n = exportLabels(*f.store, f.out());
        QVERIFY2(n.ok(), n ? "" : n.error().message.c_str());
        QCOMPARE(*n, std::int64_t(11));

        const auto rows = parseCsvText(*readWholeFile(f.out()));
        QCOMPARE(rows.size(), std::size_t(12));
        const auto& header = rows[0];
        QCOMPARE(header, (std::vector<std::string>{"rare_species_id", "eol_content_id", "eol_page_id", "kingdom", "phylum", "family",
                                                   "file_path", "licence", "photographer"}));
        // "Re-import": label = phylum_family of each row, which must equal the project's current label.
        auto current = *f.store->specimens();
        std::map<std::string, Specimen> bySource;
        for (const auto& s : current) bySource[s.sourceId] = s;
        std::set<std::string> seen;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const auto& row = rows[r];
            QCOMPARE(row.size(), header.size());
            const Specimen& s = bySource.at(row[0]);
            QVERIFY(!s.excluded);
            QCOMPARE(row[col(header, "phylum")] + "_" + row[col(header, "family")], s.label);
            QCOMPARE(row[col(header, "file_path")], s.filePath);
            QCOMPARE(row[col(header, "eol_content_id")], s.eolContentId);
            QCOMPARE(row[col(header, "photographer")], s.extra.at("photographer"));
            QCOMPARE(row[col(header, "licence")], s.extra.count("licence") ? s.extra.at("licence") : std::string());
            seen.insert(row[0]);
        }
        QCOMPARE(seen.size(), std::size_t(11));
        QVERIFY(!seen.count("id2"));
        const auto& relabelled = rows[1];
        QCOMPARE(relabelled[0], std::string("id0"));
        QCOMPARE(relabelled[col(header, "phylum")], std::string("arthropoda"));
        QCOMPARE(relabelled[col(header, "family")], std::string("formicidae"));
        QCOMPARE(rows[3][col(header, "family")], std::string("new_idae"));  // id3, after id2 was left out
        QCOMPARE(rows[4][col(header, "photographer")], std::string("Smith, \"Jo\"\nsecond line"));
        QCOMPARE(rows[1][col(header, "photographer")], std::string("Ana Lúcia"));
    }

    void excludedCanBeKeptAndMarked() {
        Fixture f;
        QVERIFY(f.store->setExcluded({f.ids[5], f.ids[7]}, true, "blurry").ok());
        LabelExportOptions options;
        options.includeExcluded = true;
        QCOMPARE(*exportLabels(*f.store, f.out(), options), std::int64_t(12));
        const auto rows = parseCsvText(*readWholeFile(f.out()));
        QCOMPARE(rows[0].back(), std::string("excluded"));
        int marked = 0;
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const bool shouldBe = rows[r][0] == "id5" || rows[r][0] == "id7";
            QCOMPARE(rows[r].back(), std::string(shouldBe ? "1" : "0"));
            marked += shouldBe;
        }
        QCOMPARE(marked, 2);
    }

    void unmappableLabelFailsClearly() {
        Fixture f;
        QVERIFY(f.store->relabel({f.ids[6]}, "mystery", "unsure").ok());
        auto n = exportLabels(*f.store, f.out());
        QVERIFY(!n);
        const QString message = QString::fromStdString(n.error().message);
        QVERIFY2(message.contains("mystery") && message.contains("id6") && message.contains("phylum_family"), qPrintable(message));
        QVERIFY(!QFileInfo::exists(QString::fromStdString(f.out())));
        // Unlabelled is fine: the label's ranks are emptied.
        QVERIFY(f.store->relabel({f.ids[6]}, "", "unknown").ok());
        QVERIFY(exportLabels(*f.store, f.out()).ok());
        const auto rows = parseCsvText(*readWholeFile(f.out()));
        QCOMPARE(rows[7][0], std::string("id6"));
        QCOMPARE(rows[7][4], std::string());
        QCOMPARE(rows[7][5], std::string());
    }

    void otherLabelRanksAndRicherLayouts() {
        QTemporaryDir tmp;
        auto store = std::move(ProjectStore::create(tmp.path().toStdString() + "/p")).value();
        QVERIFY(store->setMeta(ProjectStore::kMetaLabelRank, "family").ok());
        Specimen a = test::makeSpecimen("r1", "chordata", "ardeidae");
        a.taxonomy.genus = "ardea";
        a.taxonomy.scientificName = "Ardea alba";
        a.label = "ardeidae";
        Specimen b = test::makeSpecimen("r2", "chordata", "laridae");
        b.label = "laridae";
        auto ids = *store->addSpecimens({a, b}, "import");
        QVERIFY(store->relabel({ids[0]}, "laridae", "gull after all").ok());
        QVERIFY(exportLabels(*store, tmp.path().toStdString() + "/m.csv").ok());
        const auto rows = parseCsvText(*readWholeFile(tmp.path().toStdString() + "/m.csv"));
        QCOMPARE(rows[0], (std::vector<std::string>{"rare_species_id", "eol_content_id", "eol_page_id", "kingdom", "phylum", "family",
                                                    "file_path", "genus", "scientific_name"}));
        QCOMPARE(rows[1][5], std::string("laridae"));
        QCOMPARE(rows[1][4], std::string("chordata"));
        QCOMPARE(rows[1][7], std::string("ardea"));  // ranks outside the label keep the source's values
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestLabelExport)
#include "test_label_export.moc"
