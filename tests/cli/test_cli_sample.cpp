// The headless pipeline on the real sample (../shared/data/rare_species): import, split, info.
#include <QtTest>

#include "test_registry.h"

#include "cli_runner.h"
#include "test_support.h"

using taxo::test::runCli;

class TestCliSample : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void importSplitInfo() {
        TAXO_REQUIRE_SHARED("data/rare_species/metadata.csv");
        QTemporaryDir dir;
        const QString project = dir.filePath("p");
        auto imported = runCli({"--json", "import", QString::fromStdString(taxo::test::shared("data/rare_species/metadata.csv")), "--project", project});
        QCOMPARE(imported.exitCode, 0);
        QCOMPARE(imported.json().value("specimens_imported").toInt(), 127);
        QCOMPARE(runCli({"split", "--project", project, "--fractions", "70/15/15", "--seed", "42"}).exitCode, 0);
        auto info = runCli({"--json", "info", "--project", project});
        QCOMPARE(info.exitCode, 0);
        const QJsonObject perClass = info.json().value("per_class").toObject();
        QCOMPARE(perClass.size(), 4);
        QCOMPARE(perClass.value("chordata_ardeidae").toObject().value("count").toInt(), 60);
        QCOMPARE(perClass.value("chordata_goodeidae").toObject().value("count").toInt(), 7);
        for (const QString& label : perClass.keys()) {
            const QJsonObject c = perClass.value(label).toObject();
            QVERIFY2(c.value("train").toInt() > 0 && c.value("val").toInt() > 0 && c.value("test").toInt() > 0, qPrintable(label));
        }
        const QJsonObject parts = info.json().value("parts").toObject();
        QCOMPARE(parts.value("train").toInt() + parts.value("val").toInt() + parts.value("test").toInt(), 127);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestCliSample)
#include "test_cli_sample.moc"
