#pragma once
// The app's languages: English source strings, translations embedded as resources (:/i18n/taxoscope_<lang>.qm),
// chosen by the "language" setting or, when it is empty, by the system locale.
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace taxo::ui {

inline constexpr const char* kLanguageSetting = "language";  // "" (system), "en", "pt_PT"

// Language codes with an embedded translation, plus "en" (the source language).
QStringList availableLanguages();
// The language a code or the system locale ("" ) resolves to, e.g. "pt_PT" or "en".
QString resolveLanguage(const QString& code);
// Installs the app's and Qt's own translators for `code` ("" = setting, then system) on the application; earlier
// ones installed by this function are removed first. Returns the language in effect ("en" when none matched).
QString installTranslations(QCoreApplication& app, const QString& code);

}  // namespace taxo::ui
