// End to end on the real sample (127 photos, 4 families): import, split, extract, train, evaluate, predict, runs,
// and the errors a user meets on the way. Needs ../shared (photos and the Coral MobileNet weights).
#include <QJsonArray>
#include <QtTest>

#include "test_registry.h"

#include "cli_runner.h"
#include "test_support.h"

using taxo::test::runCli;

class TestCliLearn : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString project_, models_;

private Q_SLOTS:
    void initTestCase() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        TAXO_REQUIRE_SHARED("data/rare_species/metadata.csv");
        project_ = dir_.filePath("project");
        models_ = QString::fromStdString(taxo::test::shared("models/coral"));
        const QString csv = QString::fromStdString(taxo::test::shared("data/rare_species/metadata.csv"));
        QCOMPARE(runCli({"import", csv, "--project", project_}).exitCode, 0);
        QCOMPARE(runCli({"split", "--project", project_, "--fractions", "70/15/15", "--seed", "42"}).exitCode, 0);
    }

    void extractIsCachedAndResumable() {
        auto first = runCli({"--json", "extract", "--project", project_, "--models", models_}, 600000);
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.json().value("computed").toInt() + first.json().value("cached").toInt(), 127);
        auto second = runCli({"--json", "extract", "--project", project_, "--models", models_});
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(second.json().value("computed").toInt(), 0);
        QCOMPARE(second.json().value("cached").toInt(), 127);
    }

    void trainEvaluatePredict() {
        // The study's best settings: ConvNextFull head, batch 32, AdamW 1e-4 / 3e-4, up to 13 epochs.
        auto train = runCli({"--json", "train", "--project", project_, "--models", models_, "--head", "full", "--epochs", "13",
                             "--batch", "32", "--seed", "42"}, 600000);
        QVERIFY2(train.exitCode == 0, train.err.constData());
        const QJsonObject result = train.json();
        const QJsonObject test = result.value("evaluation").toObject().value("test").toObject();
        qInfo("test accuracy %.4f, macro-F1 %.4f (chance 0.25) after %d epochs", test.value("accuracy").toDouble(),
              test.value("macro_f1").toDouble(), result.value("epochs_run").toInt());
        QCOMPARE(test.value("rows").toInt(), 18);
        QVERIFY2(test.value("macro_f1").toDouble() > 0.6, "macro-F1 clearly above chance (0.25) on 4 families");
        const int run = result.value("run_id").toInt();
        QVERIFY(run > 0);

        auto evaluate = runCli({"--json", "evaluate", "--project", project_, "--run", QString::number(run), "--part", "test", "--models", models_});
        QCOMPARE(evaluate.exitCode, 0);
        QCOMPARE(evaluate.json().value("macro_f1").toDouble(), test.value("macro_f1").toDouble());

        const QString csv = dir_.filePath("predictions.csv");
        const QString folder = QString::fromStdString(taxo::test::shared("data/rare_species/chordata_balaenidae"));
        auto predict = runCli({"predict", folder, "--project", project_, "--run", QString::number(run), "--models", models_, "--out", csv, "--top", "3"});
        QCOMPARE(predict.exitCode, 0);
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 31);
        QCOMPARE(lines.first(), QString("path,rank1,p1,rank2,p2,rank3,p3,error"));
        // Right whales are the family most often named first for the 30 right-whale photos (chance: 1 in 4).
        QMap<QString, int> firsts;
        for (const QString& line : lines.mid(1)) ++firsts[line.section(',', 1, 1)];
        const int whales = firsts.value("chordata_balaenidae");
        qInfo("%d of 30 right whales named first", whales);
        for (auto it = firsts.begin(); it != firsts.end(); ++it)
            if (it.key() != "chordata_balaenidae") QVERIFY2(whales > it.value(), qPrintable(it.key()));

        auto runs = runCli({"runs", "--project", project_});
        QCOMPARE(runs.exitCode, 0);
        QVERIFY(runs.out.contains("finished"));
        // A finished run has nothing to resume.
        QCOMPARE(runCli({"train", "--project", project_, "--models", models_, "--resume", QString::number(run)}).exitCode, 2);
    }

    void fineTuneEndToEnd() {
        // The last MobileNetV2 block unfrozen, trained on the photos themselves; the saved model predicts on its own.
        auto train = runCli({"--json", "train", "--project", project_, "--models", models_, "--unfreeze", "1", "--backbone-lr", "1e-4",
                             "--head", "mini", "--lr", "1e-3", "--epochs", "1", "--batch", "16"}, 600000);
        QVERIFY2(train.exitCode == 0, train.err.constData());
        const int run = train.json().value("run_id").toInt();
        QFile bundle(dir_.filePath(QString("project/runs/%1/model/bundle.json").arg(run)));
        QVERIFY(bundle.open(QIODevice::ReadOnly));
        QCOMPARE(QJsonDocument::fromJson(bundle.readAll()).object().value("kind").toString(), QString("image"));
        const QJsonObject val = train.json().value("evaluation").toObject().value("val").toObject();
        QVERIFY2(val.value("accuracy").toDouble() > 0.5, "one fine-tuning epoch beats chance (0.25)");
        auto predict = runCli({"--json", "predict", QString::fromStdString(taxo::test::shared("data/photos/owl.jpg")), "--project", project_,
                               "--run", QString::number(run), "--models", models_});
        QCOMPARE(predict.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(predict.out).array().first().toObject().value("top").toArray().size(), 4);
        // The iNaturalist birds model stays usable as a species suggestion beside the family.
        auto suggest = runCli({"--json", "predict", QString::fromStdString(taxo::test::shared("data/photos/owl.jpg")), "--project", project_,
                               "--run", QString::number(run), "--models", models_, "--suggest", "mobilenet_v2_inat_bird"});
        QCOMPARE(suggest.exitCode, 0);
        const QJsonArray species = QJsonDocument::fromJson(suggest.out).array().first().toObject().value("suggestions").toObject()
                                       .value("mobilenet_v2_inat_bird").toArray();
        QVERIFY(species.first().toObject().value("label").toString().contains("Burrowing Owl"));
    }

    void splitKeepsNearDuplicatesTogether() {
        // Two photos of the same heron scene on one EOL page have cosine 0.95 under MobileNetV2 (ImageNet).
        auto split = runCli({"split", "--project", project_, "--near-duplicates", "--threshold", "0.95", "--seed", "42", "--models", models_}, 600000);
        QVERIFY2(split.exitCode == 0, split.err.constData());
        QVERIFY(split.out.contains("Near-duplicate groups kept together: "));
        auto dups = runCli({"--json", "duplicates", "--project", project_, "--threshold", "0.95", "--models", models_});
        QCOMPARE(dups.exitCode, 0);
        QVERIFY(dups.json().value("pairs").toArray().size() >= 1);
        QCOMPARE(dups.json().value("straddling").toObject().value("pairs").toInt(), 0);
    }

    void badModelsGiveClearErrors() {
        QTemporaryDir models;
        QFile junk(models.filePath("mobilenet_v2_1.0_224_quant.tflite"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("TFL3 but not really a model");
        junk.close();
        auto r = runCli({"extract", "--project", project_, "--models", models.path(), "--backbone", "mobilenet_v1_embedding"});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("mobilenet_v1"), r.err.constData());
        auto bad = runCli({"predict", QString::fromStdString(taxo::test::shared("data/photos/owl.jpg")), "--model", dir_.path()});
        QCOMPARE(bad.exitCode, 3);
        QVERIFY(bad.err.contains("not a Taxoscope model"));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestCliLearn)
#include "test_cli_learn.moc"
