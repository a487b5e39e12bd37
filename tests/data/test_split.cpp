// Stratified, seeded splits: ratios, determinism, order independence, small classes, leakage groups.
#include <QtTest>

#include "test_registry.h"

#include <algorithm>
#include <random>
#include <set>

#include "core/data/split.h"

using namespace taxo;

namespace {

// Class sizes like the 127-photo sample plus a tail of small classes.
std::vector<SplitItem> makeItems(const std::map<std::string, int>& sizes, std::int64_t firstId = 1) {
    std::vector<SplitItem> items;
    std::int64_t id = firstId;
    for (const auto& [label, n] : sizes)
        for (int i = 0; i < n; ++i, ++id) items.push_back({id, label, "h" + std::to_string(id), false});
    return items;
}

const std::map<std::string, int> kSizes{{"chordata_ardeidae", 60}, {"chordata_laridae", 30}, {"arthropoda_formicidae", 30},
                                        {"mollusca_unionidae", 7}, {"cnidaria_tiny3", 3}, {"cnidaria_two", 2}, {"cnidaria_one", 1}};

std::map<std::string, std::array<int, 4>> countByClass(const std::vector<SplitItem>& items, const SplitResult& r) {
    std::map<std::string, std::array<int, 4>> c;
    for (const auto& item : items) ++c[item.label][static_cast<int>(r.assignment.at(item.id))];
    return c;
}

}  // namespace

class TestSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parsesFractions() {
        QCOMPARE(*parseFractions("70/15/15"), (std::vector<double>{0.70, 0.15, 0.15}));
        QCOMPARE(*parseFractions("90/10"), (std::vector<double>{0.9, 0.1}));
        QCOMPARE(*parseFractions("0.8/0.1/0.1"), (std::vector<double>{0.8, 0.1, 0.1}));
        for (const char* bad : {"", "70", "70/20", "70/x/15", "50/50/0", "60/20/10/10", "-10/60/50"}) {
            auto r = parseFractions(bad);
            QVERIFY2(!r, bad);
            QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        }
        QCOMPARE(formatFractions({0.7, 0.15, 0.15}), std::string("70/15/15"));
    }

    void stratifiesWithRatios() {
        const auto items = makeItems(kSizes);
        auto r = makeSplit(items, SplitParams{});
        QVERIFY(r.ok());
        const auto c = countByClass(items, *r);
        for (const auto& [label, n] : kSizes) {
            const auto& k = c.at(label);
            QCOMPARE(k[0], 0);  // nobody unassigned
            QCOMPARE(k[1] + k[2] + k[3], n);
            if (n >= 3) {
                QVERIFY2(k[1] >= 1 && k[2] >= 1 && k[3] >= 1, label.c_str());
                // Largest-remainder rounding: each part within one photo of its exact share (plus the min-one rule).
                QVERIFY(std::abs(k[1] - 0.70 * n) <= 1.0 + (n < 10));
                QVERIFY(std::abs(k[2] - 0.15 * n) <= 1.0);
                QVERIFY(std::abs(k[3] - 0.15 * n) <= 1.0);
            }
        }
        QCOMPARE(c.at("chordata_ardeidae"), (std::array<int, 4>{0, 42, 9, 9}));
        QCOMPARE(c.at("chordata_laridae")[1] + c.at("chordata_laridae")[2] + c.at("chordata_laridae")[3], 30);
        // The result's own counts agree with the assignment.
        for (const auto& [label, k] : c)
            for (int p = 0; p < 4; ++p) QCOMPARE(r->counts.at(label)[std::size_t(p)], std::int64_t(k[std::size_t(p)]));
        QCOMPARE(r->partSize(Part::Train) + r->partSize(Part::Val) + r->partSize(Part::Test), std::int64_t(items.size()));
        QVERIFY(r->toJson()["classes"].contains("cnidaria_one"));
    }

    void smallClassesArePlacedPredictablyAndReported() {
        const auto items = makeItems(kSizes);
        for (std::uint64_t seed : {1ull, 2ull, 99ull}) {
            SplitParams p;
            p.seed = seed;
            auto r = makeSplit(items, p);
            const auto c = countByClass(items, *r);
            QCOMPARE(c.at("cnidaria_one"), (std::array<int, 4>{0, 1, 0, 0}));
            QCOMPARE(c.at("cnidaria_two"), (std::array<int, 4>{0, 1, 1, 0}));
            QCOMPARE(c.at("cnidaria_tiny3"), (std::array<int, 4>{0, 1, 1, 1}));
            int smallNotes = 0;
            for (const auto& note : r->notes)
                if (note.find("cnidaria_one") != std::string::npos || note.find("cnidaria_two") != std::string::npos) ++smallNotes;
            QCOMPARE(smallNotes, 2);
        }
        SplitParams twoParts;
        twoParts.fractions = {0.9, 0.1};
        auto r = makeSplit(makeItems({{"a", 1}, {"b", 2}}), twoParts);
        QCOMPARE(r->partSize(Part::Train), std::int64_t(2));
        QCOMPARE(r->partSize(Part::Val), std::int64_t(1));
        QCOMPARE(r->partSize(Part::Test), std::int64_t(0));
    }

    void ninetyTen() {
        const auto items = makeItems({{"a", 100}, {"b", 41}, {"c", 5}});
        SplitParams p;
        p.fractions = {0.9, 0.1};
        auto r = makeSplit(items, p);
        QVERIFY(r.ok());
        const auto c = countByClass(items, *r);
        QCOMPARE(c.at("a"), (std::array<int, 4>{0, 90, 10, 0}));
        QCOMPARE(c.at("b")[3], 0);
        QVERIFY(c.at("b")[2] == 4 || c.at("b")[2] == 5);
        QCOMPARE(c.at("c")[2], 1);  // at least one in val
    }

    void deterministicAndOrderIndependent() {
        auto items = makeItems(kSizes);
        auto a = makeSplit(items, SplitParams{});
        std::mt19937_64 rng(7);
        std::shuffle(items.begin(), items.end(), rng);  // the input order, not the algorithm: any shuffle will do
        auto b = makeSplit(items, SplitParams{});
        std::reverse(items.begin(), items.end());
        auto c = makeSplit(items, SplitParams{});
        QVERIFY(a->assignment == b->assignment);
        QVERIFY(a->assignment == c->assignment);
        QCOMPARE(a->toJson().dump(), c->toJson().dump());

        SplitParams other;
        other.seed = 43;
        auto d = makeSplit(items, other);
        int moved = 0;
        for (const auto& [id, part] : a->assignment) moved += d->assignment.at(id) != part;
        QVERIFY2(moved > 20, "another seed must give another split");

        // Adding a class leaves the split of the others alone (one generator per class).
        auto more = makeItems(kSizes);
        auto extra = makeItems({{"zz_new", 12}}, 10000);
        more.insert(more.end(), extra.begin(), extra.end());
        auto e = makeSplit(more, SplitParams{});
        for (const auto& [id, part] : a->assignment) QCOMPARE(e->assignment.at(id), part);
    }

    void identicalPhotosAndGroupsNeverStraddle() {
        auto items = makeItems({{"a", 40}, {"b", 25}});
        // Duplicates: ids 1..6 share one hash, 10/11 share, 41 (class b) shares with 12 (class a) -> mixed group.
        for (std::int64_t id = 1; id <= 6; ++id) items[std::size_t(id - 1)].contentHash = "dup-A";
        items[9].contentHash = items[10].contentHash = "dup-B";
        items[40].contentHash = items[11].contentHash = "dup-C";
        SplitParams p;
        p.groups = {{20, 21, 22}, {50, 51}, {9999, 30}};  // unknown ids are ignored
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            p.seed = seed;
            auto r = makeSplit(items, p);
            QVERIFY(r.ok());
            const auto& a = r->assignment;
            for (std::int64_t id = 2; id <= 6; ++id) QCOMPARE(a.at(id), a.at(1));
            QCOMPARE(a.at(10), a.at(11));
            QCOMPARE(a.at(41), a.at(12));
            QCOMPARE(a.at(21), a.at(20));
            QCOMPARE(a.at(22), a.at(20));
            QCOMPARE(a.at(51), a.at(50));
            const auto c = countByClass(items, *r);
            QVERIFY(c.at("a")[1] > 0 && c.at("a")[2] > 0 && c.at("a")[3] > 0);
            QVERIFY(c.at("b")[1] > 0 && c.at("b")[2] > 0 && c.at("b")[3] > 0);
            QVERIFY(r->groupedUnits >= 5);
        }
        auto r = makeSplit(items, p);
        bool mixedNote = false;
        for (const auto& note : r->notes) mixedNote |= note.find("mixes labels a, b") != std::string::npos;
        QVERIFY(mixedNote);
    }

    void unlabelledAndExcludedStayUnassigned() {
        auto items = makeItems({{"a", 10}});
        items.push_back({100, "", "h100", false});
        items.push_back({101, "a", "h101", true});
        items.push_back({102, "a", "h0", false});
        items[0].contentHash = "h0";
        items[1].contentHash = "h101";  // an excluded twin must not drag anyone along
        auto r = makeSplit(items, SplitParams{});
        QCOMPARE(r->assignment.at(100), Part::Unassigned);
        QCOMPARE(r->assignment.at(101), Part::Unassigned);
        QCOMPARE(r->assignment.at(102), r->assignment.at(1));
        QCOMPARE(r->partSize(Part::Unassigned), std::int64_t(2));
        QVERIFY(!makeSplit({{1, "a", "", false}, {1, "b", "", false}}, SplitParams{}).ok());  // duplicate id
        SplitParams bad;
        bad.fractions = {0.5, 0.6};
        QVERIFY(!makeSplit(items, bad).ok());
    }

    void newcomersDoNotMoveAnyone() {
        const auto items = makeItems({{"a", 50}, {"b", 50}});
        auto base = makeSplit(items, SplitParams{});
        std::map<std::int64_t, Part> existing;
        for (const auto& [id, part] : base->assignment) existing[id] = part;

        auto all = items;
        for (std::int64_t id = 1000; id < 1400; ++id) all.push_back({id, id % 2 ? "a" : "b", "n" + std::to_string(id), false});
        all.push_back({2000, "a", items[7].contentHash, false});  // a twin of specimen 8
        all.push_back({2001, "", "u", false});                     // unlabelled newcomer
        auto merged = assignNewItems(existing, all, SplitParams{});
        QVERIFY(merged.ok());
        for (const auto& [id, part] : existing) QCOMPARE(merged->at(id), part);
        QCOMPARE(merged->at(2000), existing.at(8));
        QCOMPARE(merged->at(2001), Part::Unassigned);
        std::array<int, 4> parts{};
        for (std::int64_t id = 1000; id < 1400; ++id) ++parts[static_cast<std::size_t>(merged->at(id))];
        QCOMPARE(parts[0], 0);
        QVERIFY2(parts[1] > 240 && parts[1] < 320, "newcomers follow the fractions statistically");
        QVERIFY(parts[2] > 30 && parts[3] > 30);

        // A newcomer's part depends on itself and the seed only, not on who arrives with it.
        std::vector<SplitItem> fewer = items;
        fewer.push_back(all[items.size() + 17]);
        auto alone = assignNewItems(existing, fewer, SplitParams{});
        const std::int64_t id = all[items.size() + 17].id;
        QCOMPARE(alone->at(id), merged->at(id));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestSplit)
#include "test_split.moc"
