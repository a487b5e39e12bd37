// The learning views of the desktop app: the confusion-matrix model (counts, threshold, hidden diagonal, order),
// a click on a painted cell filtering the browser to exactly that cell's specimens, and the training page driving
// a real short run (the shared MobileNet on generated photos) with one chart point per epoch.
#include <QApplication>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "test_registry.h"

#include <set>

#include "core/eval/metrics.h"
#include "ui/browse_page.h"
#include "ui/classify_page.h"
#include "ui/confusion_model.h"
#include "ui/confusion_view.h"
#include "ui/main_window.h"
#include "ui/per_class_model.h"
#include "ui/results_page.h"
#include "ui/run_evaluation.h"
#include "ui/run_history_page.h"
#include "ui/training_charts.h"
#include "ui/training_page.h"
#include "generated_project.h"
#include "test_support.h"

using namespace taxo;
using namespace taxo::ui;

namespace {

// Per class k-th specimen: train, except every 6th pair goes to val and test, so each part holds every class.
Part partOf(std::size_t i) {
    const std::size_t k = i / test::generatedFamilies().size();
    return k % 6 == 4 ? Part::Val : (k % 6 == 5 ? Part::Test : Part::Train);
}

void saveRoundRobinSplit(ProjectStore& store, const std::vector<std::int64_t>& ids) {
    SplitResult split;
    split.fractions = {0.67, 0.17, 0.16};
    split.seed = 3;
    for (std::size_t i = 0; i < ids.size(); ++i) split.assignment[ids[i]] = partOf(i);
    store.saveSplit("round robin", split, true).value();
}

}  // namespace

class TestLearningViews : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void confusionModelCountsThresholdAndDiagonal() {
        // 3 classes: true 0 -> predicted 0 x3, 0 -> 1 x2, 1 -> 1 x1, 2 -> 0 x1, 2 -> 1 x4.
        const std::vector<std::int32_t> yTrue{0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2};
        const std::vector<std::int32_t> yPred{0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1};
        auto report = computeMetrics(yTrue, yPred, 3).value();
        ConfusionModel model;
        model.setReport(report, {"chordata_b", "arthropoda_a", "chordata_a"});
        QCOMPARE(model.rowCount(), 3);
        // Ordered by name: arthropoda_a (1), chordata_a (2), chordata_b (0).
        QCOMPARE(model.classAt(0), 1);
        QCOMPARE(model.classAt(1), 2);
        QCOMPARE(model.classAt(2), 0);
        QCOMPARE(model.headerData(0, Qt::Vertical, Qt::DisplayRole).toString(), QString("arthropoda_a"));
        auto shown = [&](int t, int p) {  // by class index
            int r = -1, c = -1;
            for (int i = 0; i < 3; ++i) {
                if (model.classAt(i) == t) r = i;
                if (model.classAt(i) == p) c = i;
            }
            return model.data(model.index(r, c), Qt::DisplayRole).toLongLong();
        };
        QCOMPARE(shown(0, 0), 3);
        QCOMPARE(shown(0, 1), 2);
        QCOMPARE(shown(2, 1), 4);
        QCOMPARE(shown(2, 0), 1);
        QCOMPARE(shown(1, 0), 0);
        QCOMPARE(model.maxShown(), 4);
        model.setThreshold(2);
        QCOMPARE(shown(2, 0), 0);  // 1 < 2: hidden
        QCOMPARE(shown(0, 1), 2);
        QCOMPARE(shown(1, 1), 0);
        QCOMPARE(model.data(model.index(0, 0), ConfusionModel::CountRole).toLongLong(), 1);  // raw count stays
        model.setHideDiagonal(true);
        QCOMPARE(shown(0, 0), 0);
        QCOMPARE(shown(2, 1), 4);
        QCOMPARE(model.maxShown(), 4);
        const auto top = model.topConfusions(5);
        QCOMPARE(int(top.size()), 2);  // 2->1 (4) and 0->1 (2); 2->0 (1) is under the threshold
        QCOMPARE(top[0].trueClass, 2);
        QCOMPARE(top[0].predictedClass, 1);
        QCOMPARE(top[0].count, 4);
        QCOMPARE(top[1].count, 2);
        QVERIFY(model.data(model.index(0, 0), Qt::ToolTipRole).toString().contains("arthropoda_a"));
        model.setOrder(ConfusionModel::BySupport);
        QCOMPARE(model.classAt(0), 0);  // support 5, then class 2 (5, stable), then class 1 (1)
        QCOMPARE(model.classAt(2), 1);
    }

    void clickOnCellFiltersBrowser() {
        QTemporaryDir tmp;
        auto project = test::makeProject(tmp.path(), 60, 6, false);
        std::int64_t runId = 0;
        std::map<std::pair<std::string, std::string>, std::set<std::int64_t>> cells;
        {
            auto store = ProjectStore::open(project.dir.toStdString()).value();
            saveRoundRobinSplit(*store, project.ids);
            runId = store->createRun("cells", "{}").value();
            std::vector<PredictionRow> rows;
            for (std::size_t i = 0; i < project.ids.size(); ++i) {
                PredictionRow row;
                row.specimenId = project.ids[i];
                row.part = partOf(i);
                row.trueLabel = test::generatedLabel(int(i));
                row.predictedLabel = i % 4 == 0 ? test::generatedLabel(int(i) + 1) : row.trueLabel;
                row.confidence = 0.5;
                rows.push_back(row);
                if (row.part == Part::Val) cells[{row.trueLabel, row.predictedLabel}].insert(row.specimenId);
            }
            test::must(store->savePredictions(runId, rows));
            test::must(store->finishRun(runId, "{}", ""));
        }
        MainWindow window;
        QVERIFY(window.openProject(project.dir));
        ResultsPage* results = window.resultsPage();
        QVERIFY(results->showRun(runId, "val"));
        const RunEvaluation* e = results->evaluation();
        QVERIFY(e);
        // Choose the off-diagonal cell with the most specimens, then click its painted square.
        const auto wrong = std::max_element(cells.begin(), cells.end(), [](const auto& a, const auto& b) {
            return (a.first.first != a.first.second ? a.second.size() : 0) < (b.first.first != b.first.second ? b.second.size() : 0);
        });
        QVERIFY(wrong->first.first != wrong->first.second);
        ConfusionModel* model = results->confusionModel();
        int row = -1, column = -1;
        for (int i = 0; i < model->rowCount(); ++i) {
            if (e->classNames[model->classAt(i)].toStdString() == wrong->first.first) row = i;
            if (e->classNames[model->classAt(i)].toStdString() == wrong->first.second) column = i;
        }
        QVERIFY(row >= 0 && column >= 0);
        QCOMPARE(model->rawCount(row, column), std::int64_t(wrong->second.size()));
        ConfusionView* view = results->confusionView();
        QTest::mouseClick(view, Qt::LeftButton, {}, view->cellRect(row, column).center());
        QCOMPARE(window.views()->currentWidget(), static_cast<QWidget*>(window.browsePage()));
        SpecimenListModel* browser = window.browsePage()->model();
        std::set<std::int64_t> shown;
        for (int r = 0; r < browser->rowCount(); ++r)
            shown.insert(browser->data(browser->index(r), SpecimenListModel::IdRole).toLongLong());
        QCOMPARE(shown, wrong->second);
        // The per-class table holds every class with its support in this part.
        QCOMPARE(results->perClassModel()->rowCount(), int(test::generatedFamilies().size()));
        results->perClassProxy()->setFilterFixedString("arthropoda");
        QCOMPARE(results->perClassProxy()->rowCount(), 1);
    }

    void trainingPageRunsAndChartsFollowEpochs() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        QTemporaryDir tmp;
        auto project = test::makeProject(tmp.path(), 60, 12, false);
        {
            auto store = ProjectStore::open(project.dir.toStdString()).value();
            saveRoundRobinSplit(*store, project.ids);
        }
        MainWindow window;
        QVERIFY(window.openProject(project.dir));
        TrainingPage* page = window.trainingPage();
        page->setModelsDir(QString::fromStdString(test::shared("models/coral")));
        RunConfig config = page->config();
        QCOMPARE(QString::fromStdString(config.train.head.kind), QString("full"));  // the study's best by default
        QCOMPARE(config.train.batchSize, 32);
        QCOMPARE(config.train.epochs, 13);
        config.backboneId = "mobilenet_v2_imagenet";
        config.train.epochs = 3;
        config.train.patience = 0;
        config.train.batchSize = 8;
        config.train.threads = 1;
        config.train.device = "cpu";
        page->setConfig(config);
        QCOMPARE(page->config().train.epochs, 3);
        QSignalSpy epochs(page, &TrainingPage::epochEnded);
        QSignalSpy finished(page, &TrainingPage::runFinished);
        QVERIFY(page->start());
        QVERIFY(page->running());
        QVERIFY(finished.wait(90000));
        QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(2).toString()));
        QCOMPARE(epochs.count(), 3);
        for (int i = 0; i < 3; ++i) QCOMPARE(epochs.at(i).at(0).toInt(), i + 1);
        TrainingCharts* charts = page->charts();
        for (int m = 0; m < TrainingCharts::MetricCount; ++m) {
            QCOMPARE(charts->pointCount(TrainingCharts::Metric(m), false), 3);
            QCOMPARE(charts->pointCount(TrainingCharts::Metric(m), true), 3);
        }
        QVERIFY(charts->batchPointCount() >= 3);
        const qint64 runId = finished.at(0).at(1).toLongLong();
        QVERIFY(runId > 0);
        // The same curves come back from the store (run history).
        TrainingCharts reopened;
        QVERIFY(reopened.showStoredRun(*window.store(), runId));
        QCOMPARE(reopened.pointCount(TrainingCharts::Accuracy, true), 3);
        QVERIFY(charts->exportPng(tmp.filePath("curves.png")));
        QVERIFY(QImage(tmp.filePath("curves.png")).width() > 100);
        if (TrainingCharts::svgAvailable()) {
            QVERIFY(charts->exportSvg(tmp.filePath("curves.svg")));
            QVERIFY(QFileInfo(tmp.filePath("curves.svg")).size() > 1000);
        }
        // The results page now shows this run.
        QCOMPARE(window.resultsPage()->currentRun().value_or(0), runId);
        QVERIFY(window.resultsPage()->evaluation());
        QCOMPARE(window.historyPage()->runsTable()->rowCount(), 1);

        // Classify two photos with that run's model on the worker: five families each, most probable first.
        ClassifyPage* classify = window.classifyPage();
        classify->setModelsDir(QString::fromStdString(test::shared("models/coral")));
        QSignalSpy classified(classify, &ClassifyPage::classified);
        QVERIFY(classify->classify({project.photos[0], project.photos[1]}));
        QVERIFY(classified.wait(60000));
        QCOMPARE(int(classify->predictions().size()), 2);
        for (const PhotoPrediction& p : classify->predictions()) {
            QVERIFY2(p.error.empty(), p.error.c_str());
            QCOMPARE(int(p.top.size()), 5);
            QVERIFY(p.top[0].probability >= p.top[4].probability);
        }
        const auto before = window.store()->count().value();
        QVERIFY(classify->addCurrentToProject(QString::fromStdString(classify->predictions()[0].top[0].label)));
        QCOMPARE(window.store()->count().value(), before + 1);
    }
};

TAXOSCOPE_TEST_MAIN(TestLearningViews)
#include "test_learning_views.moc"
