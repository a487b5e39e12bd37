// The misclassified gallery's states and Grad-CAM job, and the details panel's sentence for photos without
// predictions: a generated project (no model files needed); the overlay computation is replaced by a fake that
// records where it ran, so the test checks the plumbing (worker thread, queue, cache, toggles) quickly.
#include <QApplication>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "test_registry.h"

#include <atomic>
#include <mutex>
#include <set>

#include "ui/misclassified_gallery.h"
#include "ui/results_page.h"
#include "ui/run_evaluation.h"
#include "ui/specimen_details.h"
#include "generated_project.h"
#include "test_support.h"

using namespace taxo;
using namespace taxo::ui;

namespace {

// As a real run stores them: predictions of the split's val and test parts only (makeProject's split: i % 10 < 7
// train, 7 val, the rest test), every third one wrong.
void keepHeldOutPredictions(ProjectStore& store, const test::GeneratedProject& project) {
    const std::vector<PredictionRow> all = store.predictions(project.runId).value();
    std::vector<PredictionRow> held;
    for (size_t i = 0; i < all.size(); ++i) {
        PredictionRow row = all[i];
        if (i % 10 < 7) continue;
        row.part = i % 10 == 7 ? Part::Val : Part::Test;
        held.push_back(row);
    }
    test::must(store.savePredictions(project.runId, held));
}

}  // namespace

class TestGallery : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void emptyStatesSaySomething() {
        QTemporaryDir tmp;
        // No run at all.
        auto bare = test::makeProject(tmp.filePath("bare"), 20, 4, false);
        auto bareStore = ProjectStore::open(bare.dir.toStdString()).value();
        ResultsPage page;
        page.setStore(bareStore.get());
        QVERIFY2(page.gallery()->emptyText().contains("No run yet"), qPrintable(page.gallery()->emptyText()));

        // A run evaluated on val only: the test part has nothing, and says so.
        auto project = test::makeProject(tmp.filePath("run"), 40, 4, true);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        keepHeldOutPredictions(*store, project);
        page.setStore(store.get());
        QVERIFY(page.showRun(project.runId, "val"));
        QVERIFY(page.gallery()->emptyText().isEmpty());  // every third prediction is wrong: a grid
        QVERIFY(page.gallery()->grid()->count() > 0);
        std::vector<PredictionRow> onlyVal;
        const std::vector<PredictionRow> all = store->predictions(project.runId).value();
        for (const PredictionRow& r : all)
            if (r.part == Part::Val) onlyVal.push_back(r);
        QVERIFY(!onlyVal.empty());
        test::must(store->savePredictions(project.runId, onlyVal));
        page.showRun(project.runId, "test");
        QVERIFY2(page.gallery()->emptyText().contains("no predictions for the test part"), qPrintable(page.gallery()->emptyText()));

        // A run without mistakes.
        std::vector<PredictionRow> right = onlyVal;
        for (PredictionRow& r : right) r.predictedLabel = r.trueLabel;
        test::must(store->savePredictions(project.runId, right));
        page.showRun(project.runId, "val");
        QVERIFY2(page.gallery()->emptyText().contains("No misclassified photos"), qPrintable(page.gallery()->emptyText()));
        QCOMPARE(page.gallery()->grid()->count(), 0);
    }

    void topFiveAndOverlayJob() {
        QTemporaryDir tmp;
        auto project = test::makeProject(tmp.path(), 90, 6, true);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        keepHeldOutPredictions(*store, project);
        auto evaluation = RunEvaluation::load(*store, project.runId, "val").value();
        MisclassifiedGallery gallery;
        std::atomic<int> calls{0};
        std::atomic<bool> onGuiThread{false};
        QThread* gui = QThread::currentThread();
        std::mutex mutex;
        std::set<int> classes;
        gallery.setExplainer([&](const OverlayRequest& request) -> Result<QImage> {
            ++calls;
            if (QThread::currentThread() == gui) onGuiThread = true;
            {
                std::lock_guard<std::mutex> lock(mutex);
                classes.insert(request.targetClass);
            }
            if (request.photoPath.empty()) return makeError(ErrorCode::NotFound, "no photo");
            QImage image(40, 30, QImage::Format_RGB888);
            image.fill(Qt::red);
            return image;
        });
        gallery.setEvaluation(evaluation, store.get());
        const int shown = gallery.grid()->count();
        QCOMPARE(shown, int(evaluation.misclassified().size()));
        QVERIFY(shown >= 2);
        // The selected photo's top-5, from the stored top-k JSON, most probable first.
        QCOMPARE(gallery.grid()->currentRow(), 0);
        const QStringList top = gallery.selectedTopFive();
        QCOMPARE(top.size(), 2);  // the generated run stores two entries per photo
        const int first = evaluation.misclassified().front();
        QVERIFY(top[0].startsWith(QString::fromStdString(evaluation.rows[size_t(first)].predictedLabel)));

        // One photo on demand: computed off the GUI thread, then cached (a second toggle costs nothing).
        QSignalSpy ready(&gallery, &MisclassifiedGallery::overlayReady);
        QVERIFY(!gallery.overlayShown(1));
        gallery.setOverlayShown(1, true);
        QVERIFY(gallery.overlayShown(1));
        QVERIFY(ready.wait(5000));
        QCOMPARE(ready.at(0).at(0).toLongLong(), qint64(evaluation.rows[size_t(evaluation.misclassified()[1])].specimenId));
        QVERIFY(gallery.overlayCached(1));
        QVERIFY(!gallery.overlayCached(0));
        QCOMPARE(calls.load(), 1);
        QVERIFY(!onGuiThread);
        gallery.setOverlayShown(1, false);
        gallery.setOverlayShown(1, true);
        QTest::qWait(50);
        QCOMPARE(calls.load(), 1);

        // All at once: every other photo is computed once, in the background, each with its predicted class.
        gallery.setOverlayForAll(true);
        QTRY_COMPARE_WITH_TIMEOUT(gallery.pendingOverlays(), 0, 10000);
        QCOMPARE(calls.load(), shown);
        QCOMPARE(ready.count(), shown);
        for (int r = 0; r < shown; ++r) QVERIFY(gallery.overlayShown(r) && gallery.overlayCached(r));
        for (int c : classes) QVERIFY(c >= 0 && c < int(evaluation.classNames.size()));
        gallery.setOverlayForAll(false);
        for (int r = 0; r < shown; ++r) QVERIFY(!gallery.overlayShown(r));
        // The same run again keeps its heat maps.
        gallery.setEvaluation(evaluation, store.get());
        QVERIFY(gallery.overlayCached(0));
    }

    void defaultExplainerNeedsAModel() {
        // The generated run saved no model: Grad-CAM says why instead of queueing work that cannot succeed.
        QTemporaryDir tmp;
        auto project = test::makeProject(tmp.path(), 30, 3, true);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        keepHeldOutPredictions(*store, project);
        MisclassifiedGallery gallery;
        gallery.setEvaluation(RunEvaluation::load(*store, project.runId, "val").value(), store.get());
        gallery.setOverlayShown(0, true);
        QCOMPARE(gallery.pendingOverlays(), 0);
        QVERIFY2(gallery.overlayStatus().contains("saved no model"), qPrintable(gallery.overlayStatus()));
        QVERIFY(!gradCamOverlay(OverlayRequest{}));
    }

    void detailsSayWhyThereAreNoPredictions() {
        QTemporaryDir tmp;
        auto project = test::makeProject(tmp.path(), 20, 3, true);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        SpecimenDetails details;
        details.setStore(store.get());
        details.showSpecimen(project.ids[0], int(Part::Train), QString(), 1);
        QVERIFY2(details.noPredictionsText().contains("training part"), qPrintable(details.noPredictionsText()));
        details.showSpecimen(project.ids[7], int(Part::Val), QString(), 1);
        QVERIFY2(details.noPredictionsText().contains("choose a run"), qPrintable(details.noPredictionsText()));
        details.showSpecimen(project.ids[1], int(Part::Val), "[{\"label\":\"chordata_ardeidae\",\"p\":0.9}]", 1);
        QVERIFY(details.noPredictionsText().isEmpty());

        auto bare = test::makeProject(tmp.filePath("bare"), 10, 2, false);
        auto bareStore = ProjectStore::open(bare.dir.toStdString()).value();
        details.setStore(bareStore.get());
        details.showSpecimen(bare.ids[0], int(Part::Unassigned), QString(), 1);
        QVERIFY2(details.noPredictionsText().contains("no run yet"), qPrintable(details.noPredictionsText()));
    }
};

TAXOSCOPE_TEST_MAIN(TestGallery)
#include "test_gallery.moc"
