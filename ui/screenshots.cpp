#include "screenshots.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QListView>
#include <QListWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QThread>
#include <QSet>
#include <QTimer>
#include <QPixmap>
#include <QStackedWidget>
#include <QTabWidget>

#include "browse_page.h"
#include "classify_page.h"
#include "main_window.h"
#include "misclassified_gallery.h"
#include "review_page.h"
#include "specimen_details.h"
#include "thumbnail_loader.h"
#include "core/store/project_store.h"

namespace taxo::ui {
namespace {

void settle(int rounds = 3) {
    for (int i = 0; i < rounds; ++i) QApplication::processEvents();
}

// The view asks for thumbnails as it paints; painting, waiting and painting again until nothing is pending.
void waitForBrowser(BrowsePage* page, int waitMs) {
    settle();
    if (ThumbnailLoader* loader = page->thumbnails()) {
        page->view()->viewport()->repaint();
        loader->waitForIdle(waitMs);
        settle();
    }
    page->details()->waitForPhoto(waitMs);
    settle();
}

// The classify view with photos in it: a few of the project's validation and test photos (one per family, birds
// first, so the species suggestions show), classified with the newest run's model.
void classifySamplePhotos(ClassifyPage* page, const ProjectStore& store, int waitMs) {
    if (page->runChooser()->count() == 0 || !page->predictions().empty()) return;
    auto specimens = store.specimens();
    if (!specimens) return;
    QStringList photos;
    QSet<QString> families;
    auto split = store.activeSplitId();
    std::map<std::int64_t, Part> parts;
    if (split && *split) {
        if (auto assigned = store.splitAssignments(**split)) parts = std::move(*assigned);
    }
    for (int pass = 0; pass < 2 && photos.size() < 4; ++pass) {
        for (const Specimen& s : *specimens) {
            const auto part = parts.find(s.id);
            const bool held = part != parts.end() && (part->second == Part::Val || part->second == Part::Test);
            const bool bird = s.taxonomy.klass == "aves";
            if (!held || (pass == 0) != bird || families.contains(QString::fromStdString(s.label))) continue;
            families.insert(QString::fromStdString(s.label));
            photos << QString::fromStdString(s.absolutePath.empty() ? s.filePath : s.absolutePath);
            if (photos.size() >= 4) break;
        }
    }
    if (photos.isEmpty()) return;
    QEventLoop loop;
    QObject::connect(page, &ClassifyPage::classified, &loop, &QEventLoop::quit);
    QTimer::singleShot(3 * waitMs, &loop, &QEventLoop::quit);
    if (page->classify(photos)) loop.exec();
    settle();
}

}  // namespace

QStringList renderScreenshots(MainWindow& window, const QString& dir, int waitMs) {
    QStringList written;
    if (!QDir().mkpath(dir)) return written;
    window.resize(1400, 860);
    window.show();
    auto* pages = window.findChild<QStackedWidget*>();
    if (!pages) return written;
    auto grab = [&](QWidget* widget, const QString& name) {
        const QString file = QDir(dir).filePath(name + ".png");
        if (widget->grab().save(file)) written << file;
    };
    for (int i = 0; i < pages->count(); ++i) {
        QWidget* page = pages->widget(i);
        if (!page->isEnabled()) continue;
        pages->setCurrentIndex(i);
        settle();
        auto* tabs = qobject_cast<QTabWidget*>(page);
        if (!tabs) {
            // Pages outside the project (welcome) are shown as a user without a project sees them: no taxonomy.
            const bool dock = window.taxonomyDock()->isVisible();
            window.taxonomyDock()->hide();
            settle();
            grab(&window, page->objectName().isEmpty() ? QString("view%1").arg(i) : page->objectName());
            window.taxonomyDock()->setVisible(dock);
            continue;
        }
        if (!window.store()) continue;  // the project views are empty without a project
        for (int t = 0; t < tabs->count(); ++t) {
            QWidget* view = tabs->widget(t);
            tabs->setCurrentIndex(t);
            settle();
            if (auto* classify = qobject_cast<ClassifyPage*>(view)) classifySamplePhotos(classify, *window.store(), waitMs);
            auto* browser = qobject_cast<BrowsePage*>(view);
            if (browser) waitForBrowser(browser, waitMs);
            auto* subviews = view->findChild<QTabWidget*>(QStringLiteral("subviews"));
            if (!subviews) grab(&window, view->objectName().isEmpty() ? QString("tab%1").arg(t) : view->objectName());
            if (browser) grab(browser->details(), QStringLiteral("details"));
            // A page of several views (the results) gives one screenshot per view, named after it.
            for (int s = 0; subviews && s < subviews->count(); ++s) {
                QWidget* sub = subviews->widget(s);
                subviews->setCurrentIndex(s);
                settle();
                if (auto* gallery = qobject_cast<MisclassifiedGallery*>(sub)) {
                    gallery->thumbnails()->waitForIdle(waitMs);
                    // The first mistake with its Grad-CAM, as a user who pressed G sees it.
                    gallery->setOverlayShown(0, true);
                    QElapsedTimer clock;
                    clock.start();
                    while (gallery->pendingOverlays() > 0 && clock.elapsed() < 3 * waitMs) {
                        QApplication::processEvents(QEventLoop::AllEvents, 50);
                        QThread::msleep(10);
                    }
                    settle();
                }
                if (auto* review = qobject_cast<ReviewPage*>(view); review && review->thumbnails()) {
                    // The lists ask for thumbnails as they paint (the details panel for its photo).
                    sub->repaint();
                    review->thumbnails()->waitForIdle(waitMs);
                    if (s == 0) review->details()->waitForPhoto(waitMs);
                    settle();
                }
                grab(&window, sub->objectName().isEmpty() ? QString("%1-%2").arg(view->objectName()).arg(s) : sub->objectName());
            }
        }
    }
    return written;
}

}  // namespace taxo::ui
