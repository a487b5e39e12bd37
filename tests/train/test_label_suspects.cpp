// Likely label errors: with a few labels deliberately swapped in generated clusters, out-of-fold predictions put
// exactly those specimens at the top of both lists.
#include <QtTest>

#include "test_registry.h"

#include <numeric>
#include <set>

#include "core/train/label_suspects.h"
#include "train_fixtures.h"

using namespace taxo;

namespace {

LabelSuspectParams quickParams() {
    LabelSuspectParams p;
    p.folds = 5;
    p.train.head = HeadConfig::forKind("mini");
    p.train.epochs = 40;
    p.train.batchSize = 32;
    p.train.learningRate = 0.05;
    p.train.weightDecay = 0;
    p.train.patience = 0;
    p.train.threads = 1;
    return p;
}

}  // namespace

class TestLabelSuspects : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void foldsAreStratifiedAndSeeded() {
        std::vector<std::int32_t> labels;
        for (int c = 0; c < 3; ++c)
            for (int i = 0; i < 10 + 7 * c; ++i) labels.push_back(c);  // 10, 17, 24 rows
        const auto f = stratifiedFolds(labels, 3, 5, 42);
        QCOMPARE(f, stratifiedFolds(labels, 3, 5, 42));
        QVERIFY(f != stratifiedFolds(labels, 3, 5, 43));
        std::vector<int> sizes(5, 0);
        std::vector<std::vector<int>> perClass(3, std::vector<int>(5, 0));
        for (std::size_t i = 0; i < f.size(); ++i) {
            QVERIFY(f[i] >= 0 && f[i] < 5);
            ++sizes[static_cast<std::size_t>(f[i])];
            ++perClass[static_cast<std::size_t>(labels[i])][static_cast<std::size_t>(f[i])];
        }
        QCOMPARE(*std::max_element(sizes.begin(), sizes.end()) - *std::min_element(sizes.begin(), sizes.end()), 1);
        for (const auto& pc : perClass)  // each class spread evenly (differ by at most one)
            QVERIFY(*std::max_element(pc.begin(), pc.end()) - *std::min_element(pc.begin(), pc.end()) <= 1);
    }

    void plantedErrorsRankFirst() {
        // 4 well-separated classes, 50 rows each; 6 rows get another class's label.
        test::Clusters c = test::gaussianClusters(4, 50, 0, 16, 0.35, 9);
        FeatureSet features = c.train;
        std::vector<std::int64_t> ids(static_cast<std::size_t>(features.rows));
        for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = 500 + static_cast<std::int64_t>(i);
        const std::vector<std::size_t> wrongRows{3, 40, 77, 120, 121, 199};
        std::set<std::int64_t> planted;
        for (std::size_t r : wrongRows) {
            features.labels[r] = (features.labels[r] + 1 + static_cast<int>(r % 3)) % 4;
            planted.insert(ids[r]);
        }

        const auto params = quickParams();
        auto report = findLabelSuspects(ids, features, 4, params);
        QVERIFY2(report, report ? "" : report.error().message.c_str());
        qInfo("200 rows, 5 folds: %.2f s, out-of-fold accuracy %.3f, %zu contradicted", report->seconds,
              report->outOfFoldAccuracy, report->contradicted.size());
        for (const auto& s : report->contradicted)
            qInfo("  contradicted: id %lld p(predicted) %.4f", static_cast<long long>(s.id), static_cast<double>(s.predictedProbability));
        for (std::size_t i = 0; i < std::min<std::size_t>(8, report->leastConfident.size()); ++i)
            qInfo("  least confident %zu: id %lld p(given) %.4f", i, static_cast<long long>(report->leastConfident[i].id),
                  static_cast<double>(report->leastConfident[i].givenProbability));

        QCOMPARE(report->outOfFold.size(), std::size_t(200 * 4));
        for (std::size_t r = 0; r < 200; ++r) {
            float sum = 0;
            for (std::size_t k = 0; k < 4; ++k) sum += report->outOfFold[r * 4 + k];
            QVERIFY(std::abs(sum - 1.f) < 1e-4f);
        }
        // The planted rows are the 6 least confident, and the confident contradictions are planted rows only (one
        // planted row may split its probability between two other classes and stay under the threshold).
        std::set<std::int64_t> contradicted, least;
        for (const auto& s : report->contradicted) contradicted.insert(s.id);
        for (std::size_t i = 0; i < 6; ++i) least.insert(report->leastConfident[i].id);
        QCOMPARE(least, planted);
        QVERIFY(contradicted.size() >= 5);
        for (std::int64_t id : contradicted) QVERIFY(planted.count(id));
        for (const auto& s : report->contradicted) {
            const auto row = static_cast<std::size_t>(s.id - 500);
            QCOMPARE(s.givenLabel, features.labels[row]);
            QCOMPARE(s.predictedLabel, c.train.labels[row]);  // the true class
            QVERIFY(s.predictedProbability >= 0.9f);
            QCOMPARE(s.fold, report->foldOf[row]);
        }
        for (std::size_t i = 1; i < report->contradicted.size(); ++i)
            QVERIFY(report->contradicted[i - 1].predictedProbability >= report->contradicted[i].predictedProbability);
        QVERIFY(report->leastConfident[6].givenProbability > report->leastConfident[5].givenProbability);
        QCOMPARE(report->leastConfident.size(), std::size_t(50));
        QVERIFY(report->outOfFoldAccuracy >= 0.95);

        // Deterministic: same seed, same probabilities.
        auto again = findLabelSuspects(ids, features, 4, params);
        QVERIFY(again);
        QCOMPARE(again->outOfFold, report->outOfFold);

        const std::vector<std::string> names{"a_one", "a_two", "a_three", "a_four"};
        const nlohmann::json j = report->toJson(names);
        QCOMPARE(j.at("contradicted").size(), report->contradicted.size());
        const std::string given = j.at("contradicted")[0].at("given").get<std::string>();
        QVERIFY(given.rfind("a_", 0) == 0);
        const std::string csv = report->toCsv(names);
        QVERIFY(csv.rfind("list,id,given,predicted,p_predicted,p_given,fold\n", 0) == 0);
        QCOMPARE(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), 1 + report->contradicted.size() + 50);
        QVERIFY(csv.find("contradicted," + std::to_string(report->contradicted[0].id) + ",") != std::string::npos);
    }

    void rejectsBadInput() {
        test::Clusters c = test::gaussianClusters(2, 10, 0, 4, 0.5, 1);
        std::vector<std::int64_t> ids(20);
        std::iota(ids.begin(), ids.end(), 0);
        auto p = quickParams();
        p.folds = 1;
        QVERIFY(!findLabelSuspects(ids, c.train, 2, p));
        p = quickParams();
        ids.pop_back();
        QVERIFY(!findLabelSuspects(ids, c.train, 2, p));
        ids.push_back(0);  // duplicate id
        auto dup = findLabelSuspects(ids, c.train, 2, p);
        QVERIFY(!dup);
        QVERIFY(dup.error().message.find("id 0") != std::string::npos);
        JobControl control;
        control.cancel();
        std::iota(ids.begin(), ids.end(), 0);
        auto cancelled = findLabelSuspects(ids, c.train, 2, p, {}, &control);
        QVERIFY(!cancelled);
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestLabelSuspects)
#include "test_label_suspects.moc"
