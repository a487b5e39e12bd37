// The GUI thread keeps answering while a long job runs on the JobRunner's worker thread, and the job stops when
// cancelled.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QThread>
#include <QTimer>
#include <QtTest>

#include "test_registry.h"

#include "ui/job_runner.h"

using namespace taxo;
using namespace taxo::ui;

class TestResponsiveness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eventLoopAnswersWithin100msWhileAJobRuns() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy progressed(&runner, &JobRunner::progressed);
        // A busy job: 2 s of 5 ms units, each checking its control and reporting progress.
        const bool started = runner.start("busy", [](const ProgressFn& progress, JobControl& control) -> Status {
            for (int i = 0; i < 400; ++i) {
                if (!control.checkpoint()) return makeError(ErrorCode::Cancelled, "cancelled");
                QThread::msleep(5);
                volatile double x = 0;
                for (int k = 0; k < 20000; ++k) x = x + k * 0.5;  // some CPU too, not only sleeping
                Progress p;
                p.phase = "busy";
                p.done = i + 1;
                p.total = 400;
                progress(p);
            }
            return {};
        });
        QVERIFY(started);
        QVERIFY(runner.busy());
        QVERIFY(!runner.start("second", [](const ProgressFn&, JobControl&) -> Status { return {}; }));

        // A 10 ms timer on the GUI thread: the longest gap between its ticks is the GUI's worst response time.
        QElapsedTimer clock;
        clock.start();
        qint64 last = 0, worst = 0;
        int ticks = 0;
        QTimer timer;
        timer.setInterval(10);
        connect(&timer, &QTimer::timeout, [&] {
            const qint64 now = clock.elapsed();
            worst = std::max(worst, now - last);
            last = now;
            ++ticks;
        });
        timer.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 20000);
        timer.stop();
        qInfo("GUI ticks: %d, worst gap %lld ms, progress signals %d", ticks, worst, int(progressed.count()));
        QVERIFY(finished.at(0).at(0).toBool());
        QVERIFY2(worst < 100, qPrintable(QString("worst gap %1 ms").arg(worst)));
        QVERIFY(ticks > 50);
        QVERIFY(progressed.count() > 0);
        QVERIFY(!runner.busy());
    }

    void cancelStopsTheJob() {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QVERIFY(runner.start("endless", [](const ProgressFn&, JobControl& control) -> Status {
            while (control.checkpoint()) QThread::msleep(2);
            return makeError(ErrorCode::Cancelled, "cancelled by the user");
        }));
        QTimer::singleShot(100, &runner, &JobRunner::cancel);
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, 5000);
        QVERIFY(clock.elapsed() < 2000);
        QVERIFY(!finished.at(0).at(0).toBool());
        QCOMPARE(finished.at(0).at(1).toString(), QString("cancelled by the user"));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestResponsiveness)
#include "test_responsiveness.moc"
