// taxoscope: the desktop app. Argument parsing only; the views live in ui/.
#include <QApplication>
#include <QCommandLineParser>
#include <cstdio>
#include <QDir>
#include <QSettings>
#include <QTimer>

#include "ui/main_window.h"
#include "ui/screenshots.h"
#include "ui/translations.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Taxoscope");
    QApplication::setApplicationName("Taxoscope");
    QApplication::setApplicationVersion("0.1.0");
    taxo::ui::installTranslations(app, QSettings().value(taxo::ui::kLanguageSetting).toString());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Train, watch and question image classifiers of rare species"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption project("project", QApplication::translate("main", "Open this project folder."), "dir");
    QCommandLineOption screenshot("screenshot", QApplication::translate("main", "Render each main view to PNG files in this folder, then quit."), "dir");
    parser.addOption(project);
    parser.addOption(screenshot);
    parser.process(app);

    taxo::ui::MainWindow window;
    if (parser.isSet(project) && !window.openProject(parser.value(project))) return 1;
    if (parser.isSet(screenshot)) {
        const QStringList written = taxo::ui::renderScreenshots(window, parser.value(screenshot));
        for (const QString& file : written) std::printf("%s\n", qPrintable(file));
        return written.isEmpty() ? 1 : 0;
    }
    window.show();
    return app.exec();
}
