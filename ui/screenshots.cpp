#include "screenshots.h"

#include <QApplication>
#include <QDir>
#include <QPixmap>
#include <QStackedWidget>

#include "main_window.h"

namespace taxo::ui {

QStringList renderScreenshots(MainWindow& window, const QString& dir) {
    QStringList written;
    if (!QDir().mkpath(dir)) return written;
    window.resize(1200, 800);
    window.show();
    auto* pages = window.findChild<QStackedWidget*>();
    if (!pages) return written;
    for (int i = 0; i < pages->count(); ++i) {
        QWidget* page = pages->widget(i);
        if (!page->isEnabled()) continue;
        pages->setCurrentIndex(i);
        QApplication::processEvents();
        const QString name = page->objectName().isEmpty() ? QString("view%1").arg(i) : page->objectName();
        const QString file = QDir(dir).filePath(name + ".png");
        if (window.grab().save(file)) written << file;
    }
    return written;
}

}  // namespace taxo::ui
