// The training page's run panel (every field of the list reaching RunConfig, fine-tuning fields enabled
// only when fine-tuning) and the settings kept with QSettings (window and dock layout, device and threads), in a
// temporary QSettings scope so the user's own settings are never read or written.
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "test_registry.h"

#include "ui/main_window.h"
#include "ui/training_page.h"
#include "generated_project.h"

using namespace taxo;
using namespace taxo::ui;

class TestRunPanel : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(settingsDir_.isValid());
        QCoreApplication::setOrganizationName("TaxoscopeTest");
        QCoreApplication::setApplicationName("test_run_panel");
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir_.path());
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir_.path());
        QSettings().clear();
    }

    void fineTuningFieldsFollowTheMode() {
        TrainingPage page;
        QCOMPARE(page.trainingMode()->currentIndex(), int(TrainingPage::Frozen));  // the study's best: frozen
        QVERIFY(!page.unfreezeBlocks()->isEnabled());
        QVERIFY(!page.backboneLearningRate()->isEnabled());
        QVERIFY(!page.scratchModel()->isEnabled());
        RunConfig c = page.config();
        QCOMPARE(c.unfreezeBlocks, 0);
        QVERIFY(c.scratchModel.empty());
        QVERIFY(!c.endToEnd());

        page.trainingMode()->setCurrentIndex(TrainingPage::FineTuned);
        QVERIFY(page.unfreezeBlocks()->isEnabled());
        QVERIFY(page.backboneLearningRate()->isEnabled());
        QVERIFY(!page.scratchModel()->isEnabled());
        page.unfreezeBlocks()->setValue(3);
        page.backboneLearningRate()->setValue(2e-5);
        c = page.config();
        QCOMPARE(c.unfreezeBlocks, 3);
        QCOMPARE(c.backboneLearningRate, 2e-5);
        QVERIFY(c.scratchModel.empty());
        QVERIFY(c.endToEnd());
        QCOMPARE(c.augmentViews, 0);  // end to end augments on the fly

        page.trainingMode()->setCurrentIndex(TrainingPage::Scratch);
        QVERIFY(!page.unfreezeBlocks()->isEnabled());
        QVERIFY(page.scratchModel()->isEnabled());
        page.scratchModel()->setCurrentIndex(page.scratchModel()->findData("scratch_cnn2"));
        c = page.config();
        QCOMPARE(QString::fromStdString(c.scratchModel), QString("scratch_cnn2"));
        QCOMPARE(c.unfreezeBlocks, 0);

        // setConfig -> config round trip, through the JSON a run stores.
        RunConfig wanted;
        wanted.unfreezeBlocks = 4;
        wanted.backboneLearningRate = 3e-6;
        wanted.train.batchSize = 16;
        wanted.train.learningRate = 5e-4;
        wanted.train.weightDecay = 1e-3;
        wanted.train.epochs = 7;
        wanted.train.patience = 2;
        wanted.train.classWeights = "effective";
        wanted.augmentation = "none";
        wanted.train.seed = 99;
        wanted.train.device = "cpu";
        wanted.train.threads = 1;
        wanted.train.head = HeadConfig::forKind("mid");
        page.setConfig(wanted);
        QCOMPARE(page.trainingMode()->currentIndex(), int(TrainingPage::FineTuned));
        QCOMPARE(page.config().toJson().dump(), RunConfig::fromJson(wanted.toJson()).value().toJson().dump());
    }

    void splitChoiceReachesRunConfig() {
        QTemporaryDir tmp;
        auto project = test::makeProject(tmp.path(), 30, 3, true);
        auto store = ProjectStore::open(project.dir.toStdString()).value();
        TrainingPage page;
        page.setStore(store.get());
        QCOMPARE(page.splitChooser()->count(), 2);  // the active split, and the one stored split by name
        QVERIFY(!page.config().splitId);
        page.splitChooser()->setCurrentIndex(1);
        const auto splits = store->listSplits().value();
        QCOMPARE(page.config().splitId.value_or(-1), splits.front().id);
        page.setStore(nullptr);
    }

    void deviceAndThreadsPersist() {
        {
            TrainingPage page;
            page.deviceChooser()->setCurrentText("cpu");
            page.threadsBox()->setValue(1);
        }
        QCOMPARE(QSettings().value(TrainingPage::kDeviceSetting).toString(), QString("cpu"));
        QCOMPARE(QSettings().value(TrainingPage::kThreadsSetting).toInt(), 1);
        TrainingPage again;
        QCOMPARE(again.config().train.device, std::string("cpu"));
        QCOMPARE(again.config().train.threads, 1);
        // A run's settings applied by the program are not the user's choice: they are not kept.
        RunConfig other = again.config();
        other.train.device = "cuda";
        other.train.threads = 0;
        again.setConfig(other);
        QCOMPARE(again.config().train.device, std::string("cuda"));
        QCOMPARE(QSettings().value(TrainingPage::kDeviceSetting).toString(), QString("cpu"));
        QCOMPARE(QSettings().value(TrainingPage::kThreadsSetting).toInt(), 1);
    }

    void windowAndDockLayoutAreRestored() {
        QTemporaryDir tmp;
        auto project = test::makeProject(tmp.path(), 10, 2, false);
        {
            MainWindow window;
            QVERIFY(window.openProject(project.dir));
            window.show();
            window.resize(1300, 900);
            window.addDockWidget(Qt::RightDockWidgetArea, window.taxonomyDock());
            QCOMPARE(window.dockWidgetArea(window.taxonomyDock()), Qt::RightDockWidgetArea);
            QApplication::processEvents();
            QVERIFY(window.close());
        }
        QVERIFY(QSettings().contains("window/geometry"));
        QVERIFY(QSettings().contains("window/state"));
        MainWindow restored;
        QCOMPARE(restored.dockWidgetArea(restored.taxonomyDock()), Qt::RightDockWidgetArea);
        QCOMPARE(restored.size(), QSize(1300, 900));
        QVERIFY(QSettings().value("recentProjects").toStringList().contains(QDir(project.dir).absolutePath()));
    }
};

TAXOSCOPE_TEST_MAIN(TestRunPanel)
#include "test_run_panel.moc"
