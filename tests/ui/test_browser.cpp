// The browser over 12,000 specimens in the main window: opening, scrolling (thumbnail requests stay bounded and the
// GUI keeps answering), the taxonomy dock filtering it, review shortcuts with undo, and --screenshot's output.
// TAXOSCOPE_SCREENSHOT_DIR keeps the PNGs for a person to look at.
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QImage>
#include <QListView>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QUndoStack>
#include <QtTest>

#include "test_registry.h"

#include "ui/browse_page.h"
#include "ui/main_window.h"
#include "ui/screenshots.h"
#include "ui/specimen_details.h"
#include "ui/taxonomy_model.h"
#include "ui/thumbnail_loader.h"
#include "generated_project.h"

using namespace taxo;
using namespace taxo::ui;

class TestBrowser : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    test::GeneratedProject project_;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // QSettings go to a test location
        QSettings().clear();
        QVERIFY(tmp_.isValid());
        QElapsedTimer clock;
        clock.start();
        project_ = test::makeProject(tmp_.path(), 12000, 240);  // distinct thumbnails every 240 rows
        qInfo("generated 12,000 specimens in %lld ms", clock.elapsed());
    }

    void opensAndScrollsSmoothly() {
        MainWindow window;
        window.resize(1400, 860);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(window.openProject(project_.dir));
        qInfo("opened the project (overview, tree, 12,000 rows) in %lld ms", clock.elapsed());
        BrowsePage* browser = window.browsePage();
        window.views()->setCurrentWidget(browser);
        QCOMPARE(browser->model()->rowCount(), 12000);
        QCOMPARE(browser->model()->runId(), std::optional<std::int64_t>(project_.runId));  // the latest finished run

        QScrollBar* bar = browser->view()->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        qint64 worst = 0;
        int maxPending = 0;
        for (int step = 0; step <= 40; ++step) {
            clock.restart();
            bar->setValue(bar->maximum() * step / 40);
            browser->view()->viewport()->repaint();
            QApplication::processEvents();
            worst = std::max(worst, clock.elapsed());
            maxPending = std::max(maxPending, browser->thumbnails()->pendingCount());
        }
        qInfo("scrolling 12,000 rows in 40 jumps: worst frame %lld ms, most pending thumbnails %d, dropped %lld", worst,
              maxPending, browser->thumbnails()->droppedCount());
        QVERIFY2(worst < 250, qPrintable(QString("a frame took %1 ms").arg(worst)));
        QVERIFY(maxPending <= browser->thumbnails()->options().maxPending);
        // What is on screen at the end gets its thumbnails.
        QVERIFY(browser->thumbnails()->waitForIdle(20000));
        browser->view()->viewport()->repaint();
        const QModelIndex visible = browser->view()->indexAt(QPoint(40, 40));
        QVERIFY(visible.isValid());
        QCOMPARE(visible.data(SpecimenListModel::ThumbnailStateRole).toInt(), int(SpecimenListModel::ThumbnailReady));
        QVERIFY(QFileInfo::exists(project_.dir + "/thumbnails"));
    }

    void taxonomyDockFiltersAndShortcutsLabel() {
        MainWindow window;
        window.show();
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));  // shortcuts need an active window and focus
        QVERIFY(window.openProject(project_.dir));
        BrowsePage* browser = window.browsePage();
        QVERIFY(window.taxonomyDock()->isVisible());
        // Select the plantae kingdom in the tree: the browser shows its 2,400 orchids.
        QTreeView* tree = window.taxonomyView();
        QModelIndex plantae;
        for (int r = 0; r < tree->model()->rowCount(); ++r)
            if (tree->model()->index(r, 0).data().toString() == "plantae") plantae = tree->model()->index(r, 0);
        QVERIFY(plantae.isValid());
        tree->setCurrentIndex(plantae);
        QCOMPARE(window.views()->currentWidget(), browser);
        QCOMPARE(browser->model()->rowCount(), 2400);
        QCOMPARE(browser->model()->index(0).data(SpecimenListModel::LabelRole).toString(), QString("tracheophyta_orchidaceae"));

        // X on the grid excludes the selection, Ctrl+Z brings it back, Ctrl+Shift+Z redoes; all in the store.
        browser->selectRow(0);
        browser->view()->selectionModel()->select(browser->model()->index(1), QItemSelectionModel::Select);
        const auto ids = browser->selectedIds();
        QCOMPARE(ids.size(), size_t(2));
        browser->view()->setFocus();
        QTest::keyClick(browser->view(), Qt::Key_X);
        QVERIFY(window.store()->specimen(ids[0]).value().excluded);
        QVERIFY(window.store()->specimen(ids[1]).value().excluded);
        QVERIFY(browser->model()->index(0).data(SpecimenListModel::ExcludedRole).toBool());
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
        QVERIFY(!window.store()->specimen(ids[0]).value().excluded);
        QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(window.store()->specimen(ids[1]).value().excluded);
        window.undoStack()->undo();

        // Enter accepts the run's suggestion for the current specimen, here one the run got wrong.
        browser->view()->setFocus();
        int wrongRow = -1;
        for (int r = 0; r < browser->model()->rowCount() && wrongRow < 0; ++r)
            if (!browser->model()->index(r).data(SpecimenListModel::CorrectRole).toBool()) wrongRow = r;
        QVERIFY(wrongRow >= 0);
        browser->selectRow(wrongRow);
        const QModelIndex wrong = browser->model()->index(wrongRow);
        const qint64 wrongId = wrong.data(SpecimenListModel::IdRole).toLongLong();
        const QString suggested = wrong.data(SpecimenListModel::PredictedLabelRole).toString();
        QCOMPARE(browser->details()->suggestion(), suggested);
        QTest::keyClick(browser->view(), Qt::Key_Return);
        QCOMPARE(QString::fromStdString(window.store()->specimen(wrongId).value().label), suggested);
        QCOMPARE(browser->view()->currentIndex().row(), wrongRow + 1);  // on to the next
        window.undoStack()->undo();
        QCOMPARE(window.store()->specimen(wrongId).value().label, std::string("tracheophyta_orchidaceae"));
    }

    void screenshotsShowLoadedThumbnails() {
        MainWindow window;
        QVERIFY(window.openProject(project_.dir));
        QString dir = qEnvironmentVariable("TAXOSCOPE_SCREENSHOT_DIR");
        if (dir.isEmpty()) dir = tmp_.filePath("shots");
        const QStringList files = renderScreenshots(window, dir);
        for (const char* name : {"welcome", "overview", "browser", "details"})
            QVERIFY2(files.contains(QDir(dir).filePath(QString(name) + ".png")), name);
        QVERIFY(window.browsePage()->thumbnails()->idle());
        // The first cell of the grid holds a photo, not the grey placeholder: its centre has the generated colours.
        const QImage shot(QDir(dir).filePath("browser.png"));
        QVERIFY(!shot.isNull());
        QListView* view = window.browsePage()->view();
        const QRect cell = view->visualRect(view->model()->index(0, 0));
        const QPoint centre = view->viewport()->mapTo(&window, cell.center() - QPoint(0, 20));
        const QColor pixel = shot.pixelColor(centre);
        QVERIFY2(pixel.saturation() > 40, qPrintable(pixel.name()));
    }
};

TAXOSCOPE_TEST_MAIN(TestBrowser)
#include "test_browser.moc"
