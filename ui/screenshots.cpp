#include "screenshots.h"

#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QListView>
#include <QPixmap>
#include <QStackedWidget>
#include <QTabWidget>

#include "browse_page.h"
#include "main_window.h"
#include "misclassified_gallery.h"
#include "review_page.h"
#include "specimen_details.h"
#include "thumbnail_loader.h"

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
