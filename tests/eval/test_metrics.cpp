// Metrics against scikit-learn on random predictions, plus small cases checked by hand.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include "test_registry.h"

#include <random>

#include "core/eval/metrics.h"

using namespace taxo;

namespace {

const char* kSklearnScript = R"PY(
import json, sys, warnings
warnings.filterwarnings("ignore")
import numpy as np
from sklearn.metrics import (accuracy_score, f1_score, precision_recall_fscore_support,
                             confusion_matrix, top_k_accuracy_score, precision_score, recall_score)
out = []
for case in json.load(open(sys.argv[1])):
    n = case["numClasses"]; yt = np.array(case["yTrue"]); yp = np.array(case["yPred"])
    labels = list(range(n))
    p, r, f, s = precision_recall_fscore_support(yt, yp, labels=labels, zero_division=0)
    res = {
        "accuracy": accuracy_score(yt, yp),
        "macroF1": f1_score(yt, yp, average="macro"),
        "macroPrecision": precision_score(yt, yp, average="macro"),
        "macroRecall": recall_score(yt, yp, average="macro"),
        "weightedF1": f1_score(yt, yp, average="weighted"),
        "macroF1All": f1_score(yt, yp, average="macro", labels=labels),
        "weightedF1All": f1_score(yt, yp, average="weighted", labels=labels),
        "precision": p.tolist(), "recall": r.tolist(), "f1": f.tolist(), "support": s.tolist(),
        "confusion": confusion_matrix(yt, yp, labels=labels).tolist(),
    }
    if case.get("scores"):
        sc = np.array(case["scores"], dtype=np.float32).reshape(len(yt), n)
        res["topk"] = [top_k_accuracy_score(yt, sc, k=k, labels=labels) for k in case["ks"]]
    out.append(res)
print(json.dumps(out))
)PY";

struct Case {
    int numClasses;
    std::vector<std::int32_t> yTrue, yPred;
    std::vector<float> scores;  // empty or rows x numClasses
    std::vector<int> ks;
};

// Labels drawn from the first `used` of numClasses classes, predictions right with probability pRight.
Case randomCase(std::mt19937_64& rng, int numClasses, int used, int rows, double pRight, bool withScores) {
    Case c;
    c.numClasses = numClasses;
    std::uniform_int_distribution<int> cls(0, used - 1);
    std::bernoulli_distribution right(pRight);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    for (int i = 0; i < rows; ++i) {
        const int t = cls(rng);
        c.yTrue.push_back(t);
        c.yPred.push_back(right(rng) ? t : cls(rng));
    }
    if (withScores) {
        for (int i = 0; i < rows; ++i) {
            for (int j = 0; j < numClasses; ++j) {
                // Coarse values so ties occur and the tie rule is exercised.
                float v = std::round(u(rng) * 8.f) / 8.f;
                if (j == c.yTrue[static_cast<std::size_t>(i)] && right(rng)) v += 0.5f;
                c.scores.push_back(v);
            }
        }
        c.ks = {1, 2, 3, 5};
    }
    return c;
}

QJsonArray toArray(const std::vector<std::int32_t>& v) {
    QJsonArray a;
    for (auto x : v) a.append(x);
    return a;
}

}  // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handChecked();
    void zeroDivisionAndAveraging();
    void topKTies();
    void worstClassesOrder();
    void exports();
    void badInput();
    void matchesSklearn();
};

void TestMetrics::handChecked() {
    // 3 classes. true: 0 0 1 1 2 2 ; pred: 0 1 1 1 0 2
    auto r = computeMetrics({0, 0, 1, 1, 2, 2}, {0, 1, 1, 1, 0, 2}, 3);
    QVERIFY(r.ok());
    QCOMPARE(r->accuracy, 4.0 / 6.0);
    // class 0: tp1 fp1 fn1 -> P .5 R .5 F .5 ; class 1: tp2 fp1 fn0 -> P 2/3 R 1 F .8 ; class 2: tp1 fp0 fn1 -> P 1 R .5 F 2/3
    QCOMPARE(r->perClass[0].f1, 0.5);
    QVERIFY(qAbs(r->perClass[1].f1 - 0.8) < 1e-15);
    QVERIFY(qAbs(r->perClass[2].f1 - 2.0 / 3.0) < 1e-15);
    QVERIFY(qAbs(r->macroF1 - (0.5 + 0.8 + 2.0 / 3.0) / 3.0) < 1e-15);
    QVERIFY(qAbs(r->weightedF1 - (0.5 * 2 + 0.8 * 2 + 2.0 / 3.0 * 2) / 6.0) < 1e-15);
    QCOMPARE(r->confusionAt(2, 0), std::int64_t(1));
    QCOMPARE(r->confusionAt(0, 1), std::int64_t(1));
    QCOMPARE(r->perClass[1].predicted, std::int64_t(3));
    QCOMPARE(r->perClass[1].support, std::int64_t(2));
}

void TestMetrics::zeroDivisionAndAveraging() {
    // 5 known classes; class 3 only predicted (P=0, support 0), class 4 absent everywhere.
    auto r = computeMetrics({0, 1, 2}, {0, 1, 3}, 5);
    QVERIFY(r.ok());
    QCOMPARE(r->perClass[2].precision, 0.0);  // never predicted: zero division -> 0
    QCOMPARE(r->perClass[3].recall, 0.0);     // no support: zero division -> 0
    QCOMPARE(r->perClass[3].f1, 0.0);
    QCOMPARE(r->macroF1, 2.0 / 4.0);  // averaged over {0,1,2,3}, the union of y_true and y_pred
    MetricsOptions all;
    all.averaging = Averaging::AllClasses;
    auto a = computeMetrics({0, 1, 2}, {0, 1, 3}, 5, all);
    QCOMPARE(a->macroF1, 2.0 / 5.0);
    QCOMPARE(a->weightedF1, 2.0 / 3.0);  // weights are supports, unaffected by absent classes
}

void TestMetrics::topKTies() {
    // Row scores all equal: sklearn ranks higher indices first, so class 3 is in top-1, class 0 only in top-4.
    const std::vector<float> s{0.25f, 0.25f, 0.25f, 0.25f};
    QCOMPARE(*topKAccuracy({3}, s, 4, 1), 1.0);
    QCOMPARE(*topKAccuracy({0}, s, 4, 3), 0.0);
    QCOMPARE(*topKAccuracy({0}, s, 4, 4), 1.0);
    auto r = computeMetricsFromProbabilities({1, 2}, {0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f}, 3);
    QVERIFY(r.ok());
    QCOMPARE(r->accuracy, 0.5);
    QCOMPARE(r->topK, 5);
    QCOMPARE(r->topKAccuracy, 1.0);  // k larger than the class count: everything is a hit
}

void TestMetrics::worstClassesOrder() {
    // classes 0 and 2 both F1 0; class 2 has less support so it comes first; class 4 absent is never listed.
    auto r = computeMetrics({0, 0, 1, 2, 3}, {1, 1, 1, 3, 3}, 5);
    const auto w = worstClasses(*r, 10);
    QCOMPARE(int(w.size()), 4);
    QCOMPARE(w[0].classIndex, 2);
    QCOMPARE(w[1].classIndex, 0);
    QCOMPARE(worstClasses(*r, 1).size(), std::size_t(1));
}

void TestMetrics::exports() {
    auto r = computeMetrics({0, 1, 1}, {0, 1, 0}, 2);
    const auto j = toJson(*r, {"chordata_ardeidae", "arthropoda_apidae"});
    QCOMPARE(j["per_class"][0]["class"].get<std::string>(), std::string("chordata_ardeidae"));
    QCOMPARE(j["confusion"][1][0].get<int>(), 1);
    const std::string csv = perClassCsv(*r, {"a", "b,c"});
    QVERIFY(csv.rfind("class,index,precision,recall,f1,support,predicted\n", 0) == 0);
    QVERIFY(csv.find("\"b,c\",1,1,0.5,") != std::string::npos);
    QCOMPARE(confusionCsv(*r), std::string("true\\predicted,0,1\n0,1,0\n1,1,1\n"));
    QTemporaryDir dir;
    const std::string base = dir.path().toStdString();
    QVERIFY(writeMetricsFiles(*r, {}, base + "/m.json", base + "/p.csv", base + "/c.csv").ok());
    QVERIFY(QFile::exists(dir.path() + "/c.csv"));
}

void TestMetrics::badInput() {
    QVERIFY(!computeMetrics({0, 1}, {0}, 2).ok());
    auto e = computeMetrics({0, 5}, {0, 1}, 3);
    QVERIFY(!e.ok());
    QVERIFY(e.error().message.find("label 5") != std::string::npos);
    QVERIFY(!computeMetricsFromProbabilities({0}, {0.5f}, 2).ok());
}

void TestMetrics::matchesSklearn() {
    const QString python = "/usr/bin/python3";
    if (!QFile::exists(python)) QSKIP("/usr/bin/python3 is missing; cannot compare with scikit-learn");
    if (QProcess::execute(python, {"-c", "import sklearn"}) != 0)
        QSKIP("scikit-learn is not installed for /usr/bin/python3 (Debian python3-sklearn); skipping");

    std::mt19937_64 rng(20240611);
    std::vector<Case> cases{randomCase(rng, 7, 7, 300, 0.6, true), randomCase(rng, 12, 9, 500, 0.3, true),
                            randomCase(rng, 25, 25, 64, 0.5, false), randomCase(rng, 4, 4, 1000, 0.9, true),
                            randomCase(rng, 30, 20, 2000, 0.4, true)};
    QJsonArray input;
    for (const auto& c : cases) {
        QJsonObject o;
        o["numClasses"] = c.numClasses;
        o["yTrue"] = toArray(c.yTrue);
        o["yPred"] = toArray(c.yPred);
        QJsonArray sc, ks;
        for (float v : c.scores) sc.append(double(v));  // float -> double is exact
        for (int k : c.ks) ks.append(k);
        o["scores"] = sc;
        o["ks"] = ks;
        input.append(o);
    }
    QTemporaryDir dir;
    QFile in(dir.filePath("cases.json"));
    QVERIFY(in.open(QIODevice::WriteOnly));
    in.write(QJsonDocument(input).toJson(QJsonDocument::Compact));
    in.close();
    QFile script(dir.filePath("check.py"));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(kSklearnScript);
    script.close();

    QProcess proc;
    proc.start(python, {script.fileName(), in.fileName()});
    QVERIFY(proc.waitForFinished(60000));
    QVERIFY2(proc.exitCode() == 0, proc.readAllStandardError().constData());
    const QJsonArray out = QJsonDocument::fromJson(proc.readAllStandardOutput()).array();
    QCOMPARE(out.size(), int(cases.size()));

    const double tol = 1e-12;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const QJsonObject ref = out[int(i)].toObject();
        auto r = computeMetrics(c.yTrue, c.yPred, c.numClasses);
        QVERIFY(r.ok());
        MetricsOptions allOpt;
        allOpt.averaging = Averaging::AllClasses;
        auto all = computeMetrics(c.yTrue, c.yPred, c.numClasses, allOpt);
        QVERIFY(qAbs(r->accuracy - ref["accuracy"].toDouble()) < tol);
        QVERIFY2(qAbs(r->macroF1 - ref["macroF1"].toDouble()) < tol, qPrintable(QString("case %1 macro %2 vs %3").arg(i).arg(r->macroF1, 0, 'g', 17).arg(ref["macroF1"].toDouble(), 0, 'g', 17)));
        QVERIFY(qAbs(r->macroPrecision - ref["macroPrecision"].toDouble()) < tol);
        QVERIFY(qAbs(r->macroRecall - ref["macroRecall"].toDouble()) < tol);
        QVERIFY(qAbs(r->weightedF1 - ref["weightedF1"].toDouble()) < tol);
        QVERIFY(qAbs(all->macroF1 - ref["macroF1All"].toDouble()) < tol);
        QVERIFY(qAbs(all->weightedF1 - ref["weightedF1All"].toDouble()) < tol);
        for (int k = 0; k < c.numClasses; ++k) {
            const auto& m = r->perClass[std::size_t(k)];
            QVERIFY(qAbs(m.precision - ref["precision"].toArray()[k].toDouble()) < tol);
            QVERIFY(qAbs(m.recall - ref["recall"].toArray()[k].toDouble()) < tol);
            QVERIFY(qAbs(m.f1 - ref["f1"].toArray()[k].toDouble()) < tol);
            QCOMPARE(m.support, std::int64_t(ref["support"].toArray()[k].toInteger()));
            for (int p = 0; p < c.numClasses; ++p)
                QCOMPARE(r->confusionAt(k, p), std::int64_t(ref["confusion"].toArray()[k].toArray()[p].toInteger()));
        }
        for (std::size_t k = 0; k < c.ks.size(); ++k) {
            auto top = topKAccuracy(c.yTrue, c.scores, c.numClasses, c.ks[k]);
            QVERIFY(top.ok());
            QVERIFY2(qAbs(*top - ref["topk"].toArray()[int(k)].toDouble()) < tol,
                     qPrintable(QString("case %1 k=%2: %3 vs %4").arg(i).arg(c.ks[k]).arg(*top).arg(ref["topk"].toArray()[int(k)].toDouble())));
        }
    }
}

TAXOSCOPE_TEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
