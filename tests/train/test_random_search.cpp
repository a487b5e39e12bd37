// Random search like the study's Keras Tuner run, on tiny generated data.
#include <QtTest>

#include "test_registry.h"

#include <set>

#include "core/train/random_search.h"
#include "train_fixtures.h"

using namespace taxo;

class TestRandomSearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsStayInTheStudysRanges();
    void fourTinyTrialsGiveASortedTable();
    void cancelKeepsFinishedTrials();
    void parallelEqualsSequential();
    void parallelCancelStops();
};

void TestRandomSearch::drawsStayInTheStudysRanges() {
    const SearchSpace space;
    const auto trials = drawTrials(space, 200, 7);
    QCOMPARE(int(trials.size()), 200);
    std::set<int> d1, d2;
    std::set<long> lrSteps;
    for (const auto& t : trials) {
        d1.insert(t.head.dense1);
        d2.insert(t.head.dense2);
        QCOMPARE(t.head.kind, std::string("full"));
        QVERIFY(t.head.l2Dense1 >= 0.001 && t.head.l2Dense1 <= 0.1);
        QVERIFY(t.head.l2Dense2 >= 0.001 && t.head.l2Dense2 <= 0.1);
        for (double d : {t.head.dropout1, t.head.dropout2}) QVERIFY(d == 0.3 || d == 0.4 || d == 0.5);
        QVERIFY(t.learningRate >= 1e-5 - 1e-18 && t.learningRate <= 1e-4 + 1e-18);
        const double steps = t.learningRate / 1e-5;
        QVERIFY(std::abs(steps - std::round(steps)) < 1e-9);
        lrSteps.insert(std::lround(steps));
        QVERIFY(t.weightDecay >= 1e-5 - 1e-18 && t.weightDecay <= 3e-4 + 1e-18);
    }
    QCOMPARE(d1, (std::set<int>{512, 1024, 2048}));
    QCOMPARE(d2, (std::set<int>{256, 512, 1024}));
    QCOMPARE(int(lrSteps.size()), 10);  // 1e-5 .. 1e-4, both ends reachable
    const auto again = drawTrials(space, 200, 7);
    QCOMPARE(again[150].head.l2Dense2, trials[150].head.l2Dense2);
    QVERIFY(drawTrials(space, 1, 8)[0].head.l2Dense1 != trials[0].head.l2Dense1);
}

void TestRandomSearch::fourTinyTrialsGiveASortedTable() {
    const auto data = test::gaussianClusters(6, 12, 6, 16, 1.5, 2);
    SearchParams sp;
    sp.trials = 4;
    sp.base.epochs = 3;
    sp.base.threads = 1;
    sp.base.device = "cpu";
    sp.space.dense1 = {16, 32};
    sp.space.dense2 = {8, 16};
    std::vector<int> seen;
    SearchCallbacks cb;
    cb.onTrial = [&](const TrialResult& t) { seen.push_back(t.trialId); };
    auto out = randomSearch(data.train, data.val, data.numClasses, sp, cb);
    QVERIFY2(out.ok(), out.ok() ? "" : out.error().message.c_str());
    QCOMPARE(seen, (std::vector<int>{0, 1, 2, 3}));
    QCOMPARE(int(out->trials.size()), 4);
    for (std::size_t i = 1; i < out->trials.size(); ++i)
        QVERIFY(out->trials[i - 1].valMacroF1 >= out->trials[i].valMacroF1);
    for (const auto& t : out->trials) {
        QVERIFY(t.error.empty());
        QVERIFY(t.valMacroF1 > 0 && t.valMacroF1 <= 1);
        QVERIFY(t.bestEpoch >= 1 && t.bestEpoch <= 3);
    }
    QVERIFY(out->best() == &out->trials.front());
    const auto best = paramsForTrial(sp.base, *out->best());
    QCOMPARE(best.learningRate, out->best()->learningRate);
    QCOMPARE(best.head.dense1, out->best()->head.dense1);
    // The best trial's score is reproducible by training its parameters alone.
    auto again = trainHead(data.train, data.val, data.numClasses, best);
    QVERIFY(again.ok());
    QCOMPARE(again->history[std::size_t(again->bestEpoch - 1)].val.macroF1, out->best()->valMacroF1);

    const std::string csv = toCsv(*out);
    QVERIFY(csv.rfind("dense1_units,l2_reg_1,dropout1,dense2_units,l2_reg_dense2,dropout2,lr,weight_decay,val_f1_macro,trial_id", 0) == 0);
    QCOMPARE(int(std::count(csv.begin(), csv.end(), '\n')), 5);
    const auto j = toJson(*out);
    QCOMPARE(j["trials"].size(), std::size_t(4));
    QCOMPARE(j["bestTrialId"].get<int>(), out->trials.front().trialId);
}

void TestRandomSearch::cancelKeepsFinishedTrials() {
    const auto data = test::gaussianClusters(4, 8, 4, 8, 1.0, 3);
    SearchParams sp;
    sp.trials = 10;
    sp.base.epochs = 1;
    sp.base.threads = 1;
    sp.space.dense1 = {8};
    sp.space.dense2 = {8};
    JobControl control;
    SearchCallbacks cb;
    cb.onTrial = [&](const TrialResult& t) {
        if (t.trialId == 1) control.cancel();
    };
    auto out = randomSearch(data.train, data.val, data.numClasses, sp, cb, &control);
    QVERIFY(out.ok());
    QVERIFY(out->cancelled);
    QCOMPARE(int(out->trials.size()), 2);
}

void TestRandomSearch::parallelEqualsSequential() {
    const auto data = test::gaussianClusters(5, 10, 5, 12, 1.5, 4);
    SearchParams sp;
    sp.trials = 5;
    sp.base.epochs = 3;
    sp.base.threads = 1;
    sp.base.device = "cpu";
    sp.space.dense1 = {16, 32};
    sp.space.dense2 = {8, 16};
    sp.parallelTrials = 1;
    auto sequential = randomSearch(data.train, data.val, data.numClasses, sp);
    sp.parallelTrials = 3;
    QCOMPARE(concurrentTrials(sp), 3);
    std::vector<int> seen;
    int progressCalls = 0;
    SearchCallbacks cb;
    cb.onTrial = [&](const TrialResult& t) { seen.push_back(t.trialId); };
    cb.progress = [&](const Progress&) { ++progressCalls; };
    auto parallel = randomSearch(data.train, data.val, data.numClasses, sp, cb);
    QVERIFY(sequential.ok());
    QVERIFY2(parallel.ok(), parallel.ok() ? "" : parallel.error().message.c_str());
    QCOMPARE(int(seen.size()), 5);
    std::sort(seen.begin(), seen.end());
    QCOMPARE(seen, (std::vector<int>{0, 1, 2, 3, 4}));
    QVERIFY(progressCalls >= 1);
    QCOMPARE(parallel->trials.size(), sequential->trials.size());
    for (std::size_t i = 0; i < sequential->trials.size(); ++i) {
        const auto& a = sequential->trials[i];
        const auto& b = parallel->trials[i];
        QCOMPARE(b.trialId, a.trialId);
        QCOMPARE(b.valMacroF1, a.valMacroF1);  // bit for bit
        QCOMPARE(b.bestEpoch, a.bestEpoch);
        QCOMPARE(b.epochsRun, a.epochsRun);
        QCOMPARE(b.head.dense1, a.head.dense1);
        QCOMPARE(b.learningRate, a.learningRate);
    }
    sp.parallelTrials = 0;  // one per core, never more than the trials
    QVERIFY(concurrentTrials(sp) >= 1 && concurrentTrials(sp) <= 5);
    sp.parallelTrials = -1;
    QVERIFY(!randomSearch(data.train, data.val, data.numClasses, sp).ok());
}

void TestRandomSearch::parallelCancelStops() {
    const auto data = test::gaussianClusters(4, 8, 4, 8, 1.0, 3);
    SearchParams sp;
    sp.trials = 12;
    sp.base.epochs = 1;
    sp.base.threads = 1;
    sp.space.dense1 = {8};
    sp.space.dense2 = {8};
    sp.parallelTrials = 2;
    JobControl control;
    SearchCallbacks cb;
    int finished = 0;
    cb.onTrial = [&](const TrialResult&) {
        if (++finished == 2) control.cancel();
    };
    auto out = randomSearch(data.train, data.val, data.numClasses, sp, cb, &control);
    QVERIFY(out.ok());
    QVERIFY(out->cancelled);
    // The trial running beside the second one may still finish; nothing after the cancel starts.
    QVERIFY(out->trials.size() >= 2 && out->trials.size() <= 3);
}

TAXOSCOPE_TEST_GUILESS_MAIN(TestRandomSearch)
#include "test_random_search.moc"
