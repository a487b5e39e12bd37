// taxoscope: the desktop app. Argument parsing only; the views live in ui/.
#include <QApplication>
#include <QCommandLineParser>

#include "ui/main_window.h"

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Taxoscope");
    QApplication::setApplicationName("Taxoscope");
    QApplication::setApplicationVersion("0.1.0");

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Train, watch and question image classifiers of rare species"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption project("project", QApplication::translate("main", "Open this project folder."), "dir");
    parser.addOption(project);
    parser.process(app);

    taxo::ui::MainWindow window;
    if (parser.isSet(project)) window.openProject(parser.value(project));
    window.show();
    return app.exec();
}
