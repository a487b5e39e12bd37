#include "translations.h"

#include <QCoreApplication>
#include <QDir>
#include <QLibraryInfo>
#include <QLocale>
#include <QPointer>
#include <QTranslator>

namespace taxo::ui {
namespace {
QPointer<QTranslator> appTranslator, qtTranslator;
}

QStringList availableLanguages() {
    QStringList codes{"en"};
    for (const QString& file : QDir(":/i18n").entryList({"taxoscope_*.qm"}, QDir::Files, QDir::Name))
        codes << file.mid(int(qstrlen("taxoscope_")), file.size() - int(qstrlen("taxoscope_")) - 3);
    return codes;
}

QString resolveLanguage(const QString& code) {
    const QStringList available = availableLanguages();
    if (!code.isEmpty()) return available.contains(code) ? code : QStringLiteral("en");
    // The system's preferred languages in order, "pt-PT" -> "pt_PT"; a bare "pt" takes the first pt_* we have.
    for (QString ui : QLocale::system().uiLanguages()) {
        ui.replace('-', '_');
        if (available.contains(ui)) return ui;
        const QString base = ui.section('_', 0, 0);
        if (base == QLatin1String("en")) return QStringLiteral("en");
        for (const QString& a : available)
            if (a.section('_', 0, 0) == base) return a;
    }
    return QStringLiteral("en");
}

QString installTranslations(QCoreApplication& app, const QString& code) {
    for (QPointer<QTranslator>* t : {&appTranslator, &qtTranslator}) {
        if (*t) {
            app.removeTranslator(*t);
            delete t->data();
        }
    }
    const QString language = resolveLanguage(code);
    if (language == QLatin1String("en")) return language;
    appTranslator = new QTranslator(&app);
    if (!appTranslator->load(QStringLiteral(":/i18n/taxoscope_%1.qm").arg(language))) {
        delete appTranslator.data();
        return QStringLiteral("en");
    }
    app.installTranslator(appTranslator);
    // Qt's own strings (dialog buttons, context menus). Debian ships qtbase_pt_BR but no pt_PT: the Brazilian
    // wording of "Cancel" or "Open" beats English for a Portuguese reader, so the language's other variants follow.
    qtTranslator = new QTranslator(&app);
    const QString dir = QLibraryInfo::path(QLibraryInfo::TranslationsPath);
    QStringList candidates{language, language.section('_', 0, 0)};
    if (language.startsWith(QLatin1String("pt"))) candidates << QStringLiteral("pt_BR");
    bool loaded = false;
    for (const QString& candidate : candidates)
        if ((loaded = qtTranslator->load(QStringLiteral("qtbase_%1").arg(candidate), dir))) break;
    if (loaded) app.installTranslator(qtTranslator);
    else delete qtTranslator.data();
    return language;
}

}  // namespace taxo::ui
