// taxoscope-cli's data commands on a generated folder tree: import, split, info, relabel, exclude, export-labels.
#include <QtTest>

#include "test_registry.h"

#include <opencv2/imgcodecs.hpp>

#include "cli_runner.h"
#include "test_support.h"

using taxo::test::runCli;

class TestCliData : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString photos_, project_;

    void writePhoto(const QString& path, int seed) {
        cv::Mat img(48, 64, CV_8UC3);
        cv::randu(img, cv::Scalar::all(seed % 7), cv::Scalar::all(200 + seed % 50));
        img.at<cv::Vec3b>(0, 0) = cv::Vec3b(uchar(seed), uchar(seed >> 8), 3);  // unique bytes per photo
        QVERIFY(cv::imwrite(path.toStdString(), img));
    }

private Q_SLOTS:
    void initTestCase() {
        photos_ = dir_.filePath("photos");
        project_ = dir_.filePath("project");
        const QMap<QString, int> classes{{"chordata_ardeidae", 12}, {"chordata_balaenidae", 8}, {"mollusca_unionidae", 2}};
        int seed = 1;
        for (auto it = classes.begin(); it != classes.end(); ++it) {
            QDir().mkpath(photos_ + "/" + it.key());
            for (int i = 0; i < it.value(); ++i) writePhoto(QString("%1/%2/p%3.png").arg(photos_, it.key()).arg(i), seed++);
        }
        QFile broken(photos_ + "/chordata_ardeidae/broken.jpg");
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("not a jpeg at all");
    }

    void importReportsAndSkipsBadFiles() {
        auto r = runCli({"--json", "import", photos_, "--project", project_});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject report = r.json();
        QCOMPARE(report.value("specimens_imported").toInt(), 22);
        QCOMPARE(report.value("issue_counts").toObject().value("unreadable_image").toInt(), 1);
        QVERIFY2(r.err.contains("left") || r.err.contains("elapsed"), "progress with time on stderr");
    }

    void reimportAddsNothing() {
        auto r = runCli({"--json", "import", photos_, "--project", project_});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value("specimens_imported").toInt(), 0);
        QCOMPARE(r.json().value("issue_counts").toObject().value("duplicate_id").toInt(), 22);
    }

    void splitIsStratifiedAndSeeded() {
        auto a = runCli({"--json", "split", "--project", project_, "--fractions", "70/15/15", "--seed", "7"});
        QCOMPARE(a.exitCode, 0);
        auto info = runCli({"--json", "info", "--project", project_});
        QCOMPARE(info.exitCode, 0);
        const QJsonObject perClass = info.json().value("per_class").toObject();
        const QJsonObject heron = perClass.value("chordata_ardeidae").toObject();
        QCOMPARE(heron.value("count").toInt(), 12);
        QVERIFY(heron.value("train").toInt() >= 1 && heron.value("val").toInt() >= 1 && heron.value("test").toInt() >= 1);
        QCOMPARE(info.json().value("imbalance").toObject().value("min").toInt(), 2);
        QCOMPARE(info.json().value("imbalance").toObject().value("max").toInt(), 12);
        auto b = runCli({"--json", "split", "--project", project_, "--fractions", "70/15/15", "--seed", "7"});
        QCOMPARE(a.json().value("assignment"), b.json().value("assignment"));
    }

    void relabelExcludeAndExportRoundTrip() {
        QCOMPARE(runCli({"relabel", "--project", project_, "--id", "1", "--label", "chordata_balaenidae", "--note", "a whale"}).exitCode, 0);
        QCOMPARE(runCli({"exclude", "--project", project_, "--id", "2,3"}).exitCode, 0);
        const QString csv = dir_.filePath("export.csv");
        auto r = runCli({"--json", "export-labels", "--project", project_, "--out", csv});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.json().value("rows").toInt(), 20);
        // Importing the export into a fresh project gives back the current labels.
        const QString again = dir_.filePath("again");
        auto imported = runCli({"--json", "import", csv, "--project", again, "--data-root", photos_});
        QCOMPARE(imported.exitCode, 0);
        const QJsonObject counts = imported.json().value("class_counts").toObject();
        QCOMPARE(counts.value("chordata_balaenidae").toInt(), 9);
        QCOMPARE(counts.value("chordata_ardeidae").toInt(), 12 - 1 - 2);
    }

    void errorsHaveMeaningfulExitCodes() {
        auto missing = runCli({"info", "--project", dir_.filePath("nowhere")});
        QCOMPARE(missing.exitCode, 3);
        QVERIFY(missing.err.contains("not a Taxoscope project"));
        QCOMPARE(runCli({"split", "--project", project_, "--fractions", "50/60"}).exitCode, 2);
        QCOMPARE(runCli({"relabel", "--project", project_, "--id", "99999", "--label", "x_y"}).exitCode, 3);
        QCOMPARE(runCli({"frobnicate"}).exitCode, 2);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestCliData)
#include "test_cli_data.moc"
