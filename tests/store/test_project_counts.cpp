// ProjectStore's aggregate queries (taxonPartCounts, phylumOfLabels, idsByKingdom, specimenBriefs) and
// summarizeProject on top of them, each against the same figures counted in C++ over every specimen the store
// returns, on a generated project with the awkward cases: several kingdoms, empty taxa, unlabelled and excluded
// specimens, a label whose specimens span two phyla, a partial split and a second split that must not count.
#include <QtTest>

#include "test_registry.h"

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <tuple>

#include "core/data/split.h"
#include "core/store/project_store.h"
#include "core/store/project_summary.h"
#include "store_test_util.h"

using namespace taxo;

namespace {

using CountKey = std::tuple<std::string, std::string, std::string, bool, int>;  // kingdom, phylum, label, excluded, part

std::map<CountKey, std::int64_t> asMap(const std::vector<TaxonPartCount>& counts) {
    std::map<CountKey, std::int64_t> out;
    for (const auto& c : counts) {
        const CountKey key{c.kingdom, c.phylum, c.label, c.excluded, int(c.part)};
        if (out.count(key)) qFatal("duplicate count row for %s/%s/%s", c.kingdom.c_str(), c.phylum.c_str(), c.label.c_str());
        out[key] = c.count;
    }
    return out;
}

std::map<CountKey, std::int64_t> countInCpp(const std::vector<Specimen>& specimens, const std::map<std::int64_t, Part>& parts) {
    std::map<CountKey, std::int64_t> out;
    for (const Specimen& s : specimens) {
        const auto it = parts.find(s.id);
        ++out[{s.taxonomy.kingdom, s.taxonomy.phylum, s.label, s.excluded, int(it == parts.end() ? Part::Unassigned : it->second)}];
    }
    return out;
}

// summarizeProject as it was written before the counts moved into SQL: every specimen read and counted.
ProjectSummary summaryInCpp(const ProjectStore& store) {
    ProjectSummary summary;
    summary.dir = store.dir();
    summary.labelRank = store.labelRank()->spec();
    std::map<std::int64_t, Part> parts;
    if (auto active = *store.activeSplitId()) {
        parts = *store.splitAssignments(*active);
        const std::vector<SplitInfo> splits = *store.listSplits();
        for (const auto& s : splits)
            if (s.id == *active) summary.activeSplit = s.name;
    }
    const std::vector<Specimen> specimens = *store.specimens();
    for (const auto& s : specimens) {
        ++summary.specimens;
        if (s.excluded) ++summary.excluded;
        if (s.label.empty()) {
            if (!s.excluded) ++summary.unlabelled;
            continue;
        }
        ClassSummary& c = summary.classes[s.label];
        c.phylum = s.taxonomy.phylum;
        if (s.excluded) {
            ++c.excluded;
            continue;
        }
        ++c.total;
        if (!s.taxonomy.phylum.empty()) ++summary.phyla[s.taxonomy.phylum];
        auto it = parts.find(s.id);
        const Part part = it == parts.end() ? Part::Unassigned : it->second;
        ++c.parts[int(part)];
        ++summary.parts[int(part)];
    }
    std::vector<std::int64_t> sizes;
    for (const auto& [label, c] : summary.classes)
        if (c.total > 0) sizes.push_back(c.total);
    std::sort(sizes.begin(), sizes.end());
    if (!sizes.empty()) {
        summary.minClass = sizes.front();
        summary.maxClass = sizes.back();
        const std::size_t n = sizes.size();
        summary.medianClass = n % 2 ? double(sizes[n / 2]) : (sizes[n / 2 - 1] + sizes[n / 2]) / 2.0;
    }
    return summary;
}

}  // namespace

class TestProjectCounts : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<ProjectStore> store_;
    std::vector<std::int64_t> ids_;
    std::int64_t activeSplit_ = 0, otherSplit_ = 0;

private Q_SLOTS:
    void initTestCase() {
        auto created = ProjectStore::create((tmp_.path() + "/project").toStdString());
        QVERIFY(created);
        store_ = std::move(*created);
        std::mt19937 rng(7);
        const std::vector<std::string> kingdoms{"animalia", "animalia", "animalia", "plantae", ""};
        const std::vector<std::string> phyla{"chordata", "arthropoda", "mollusca", "tracheophyta", ""};
        std::vector<Specimen> batch;
        for (int i = 0; i < 3000; ++i) {
            const int p = int(rng() % phyla.size());
            const int family = int(rng() % 40);
            Specimen s = test::makeSpecimen("g" + std::to_string(i), phyla[std::size_t(p)], "family" + std::to_string(family));
            s.taxonomy.kingdom = kingdoms[std::size_t(p)];
            if (rng() % 20 == 0) s.label.clear();  // unlabelled
            batch.push_back(std::move(s));
        }
        auto ids = store_->addSpecimens(batch, "generated");
        QVERIFY(ids);
        ids_ = *ids;
        std::vector<std::int64_t> excluded, moved;
        for (std::size_t i = 0; i < ids_.size(); ++i) {
            if (i % 13 == 0) excluded.push_back(ids_[i]);
            if (i % 17 == 0) moved.push_back(ids_[i]);
        }
        QVERIFY(store_->setExcluded(excluded, true, "bad photos"));
        // Specimens of every phylum under one label: its phylum in the summary is its newest specimen's.
        QVERIFY(store_->relabel(moved, "chordata_family3", "merged"));

        SplitResult other;
        other.fractions = {0.5, 0.5, 0.0};
        for (std::size_t i = 0; i < ids_.size(); ++i) other.assignment[ids_[i]] = i % 2 ? Part::Train : Part::Val;
        auto otherId = store_->saveSplit("other", other, false);
        QVERIFY(otherId);
        otherSplit_ = *otherId;
        SplitResult active;
        active.fractions = {0.7, 0.15, 0.15};
        for (std::size_t i = 0; i < ids_.size(); ++i)
            if (i % 10 != 9) active.assignment[ids_[i]] = i % 10 < 6 ? Part::Train : (i % 10 < 8 ? Part::Val : Part::Test);
        auto activeId = store_->saveSplit("active", active, true);
        QVERIFY(activeId);
        activeSplit_ = *activeId;
    }

    void countsEqualCountingEverySpecimen() {
        const auto specimens = store_->specimens();
        QVERIFY(specimens);
        QCOMPARE(specimens->size(), std::size_t(3000));
        for (std::int64_t split : {activeSplit_, otherSplit_}) {
            const auto counts = store_->taxonPartCounts(split);
            QVERIFY(counts);
            const auto expected = countInCpp(*specimens, *store_->splitAssignments(split));
            QCOMPARE(asMap(*counts), expected);
            // Sanity of the fixture: every part and both exclusion states occur.
            std::set<int> parts;
            for (const auto& [key, n] : expected) parts.insert(std::get<4>(key));
            QCOMPARE(int(parts.size()), split == activeSplit_ ? 4 : 2);
        }
        const auto unsplit = store_->taxonPartCounts(std::nullopt);
        QVERIFY(unsplit);
        QCOMPARE(asMap(*unsplit), countInCpp(*specimens, {}));
        // Rows come ordered by kingdom, phylum, label, excluded, part.
        for (std::size_t i = 1; i < unsplit->size(); ++i) {
            const auto& a = (*unsplit)[i - 1];
            const auto& b = (*unsplit)[i];
            QVERIFY(std::tie(a.kingdom, a.phylum, a.label, a.excluded) < std::tie(b.kingdom, b.phylum, b.label, b.excluded));
        }
    }

    void phylumOfLabelsIsTheNewestSpecimens() {
        std::map<std::string, std::string> expected;
        const std::vector<Specimen> specimens = *store_->specimens();
        for (const Specimen& s : specimens)  // ordered by id: the last one wins
            if (!s.label.empty()) expected[s.label] = s.taxonomy.phylum;
        const auto phyla = store_->phylumOfLabels();
        QVERIFY(phyla);
        QCOMPARE(*phyla, expected);
        QVERIFY(expected.count("chordata_family3"));
    }

    void idsByKingdom() {
        std::map<std::string, std::vector<std::int64_t>> expected;
        const std::vector<Specimen> specimens = *store_->specimens();
        for (const Specimen& s : specimens) expected[s.taxonomy.kingdom].push_back(s.id);
        QCOMPARE(expected.size(), std::size_t(3));
        QCOMPARE(*store_->idsByKingdom(), expected);
    }

    void briefsMatchSpecimens() {
        std::vector<SpecimenQuery> queries(6);
        queries[1].label = "chordata_family3";
        queries[2].text = "G12";
        queries[2].includeExcluded = false;
        queries[3].ids = std::vector<std::int64_t>{ids_[5], ids_[2999], ids_[0], 999999};
        queries[4].limit = 50;
        queries[4].offset = 100;
        queries[5].phylum = "mollusca";
        for (const SpecimenQuery& q : queries) {
            const auto full = store_->specimens(q);
            const auto briefs = store_->specimenBriefs(q);
            QVERIFY(full && briefs);
            QVERIFY(!full->empty());
            QCOMPARE(briefs->size(), full->size());
            for (std::size_t i = 0; i < full->size(); ++i) {
                const Specimen& s = (*full)[i];
                const SpecimenBrief& b = (*briefs)[i];
                QCOMPARE(b.id, s.id);
                QCOMPARE(b.label, s.label);
                QCOMPARE(b.filePath, s.filePath);
                QCOMPARE(b.absolutePath, s.absolutePath);
                QCOMPARE(b.contentHash, s.contentHash);
                QCOMPARE(b.excluded, s.excluded);
            }
        }
    }

    void summaryEqualsCountingInCpp() {
        const auto summary = summarizeProject(*store_);
        QVERIFY(summary);
        QCOMPARE(QString::fromStdString(summary->toJson().dump(1)), QString::fromStdString(summaryInCpp(*store_).toJson().dump(1)));
        QCOMPARE(summary->text(), summaryInCpp(*store_).text());
        QCOMPARE(summary->activeSplit, std::string("active"));
        QVERIFY(summary->excluded > 0 && summary->unlabelled > 0);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestProjectCounts)
#include "test_project_counts.moc"
