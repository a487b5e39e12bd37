// Translations: the embedded pt_PT catalogue installs and translates, English needs none, unknown codes fall back.
#include <QCoreApplication>
#include <QFile>
#include <QtTest>

#include "test_registry.h"

#include "ui/translations.h"

using namespace taxo::ui;

class TestTranslations : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void portugueseIsEmbedded() { QVERIFY(availableLanguages().contains("pt_PT")); }

    void catalogueIsComplete() {
        // Every message lupdate found has a finished translation (run the taxoscope_ui_lupdate target after
        // adding strings, then translate the new ones).
        QFile ts(QStringLiteral(TAXOSCOPE_SOURCE_DIR) + "/translations/taxoscope_pt_PT.ts");
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray text = ts.readAll();
        QVERIFY(text.count("<message") > 100);
        QCOMPARE(text.count("type=\"unfinished\""), 0);
        QCOMPARE(text.count("<translation></translation>"), 0);
    }

    void portugueseTranslates() {
        QCOMPARE(installTranslations(*QCoreApplication::instance(), "pt_PT"), QString("pt_PT"));
        QCOMPARE(QCoreApplication::translate("taxo::ui::MainWindow", "&File"), QString("&Ficheiro"));
        QCOMPARE(QCoreApplication::translate("taxo::ui::BrowsePage", "Sort by family"), QString("Ordenar por família"));
        // Plurals follow Portuguese rules.
        QCOMPARE(QCoreApplication::translate("taxo::ui::BrowsePage", "%n specimen(s)", nullptr, 1), QString("1 espécime"));
        QCOMPARE(QCoreApplication::translate("taxo::ui::BrowsePage", "%n specimen(s)", nullptr, 12), QString("12 espécimes"));
    }

    void englishRemovesTranslators() {
        QCOMPARE(installTranslations(*QCoreApplication::instance(), "en"), QString("en"));
        QCOMPARE(QCoreApplication::translate("taxo::ui::MainWindow", "&File"), QString("&File"));
    }

    void unknownLanguageFallsBackToEnglish() {
        QCOMPARE(resolveLanguage("xx_YY"), QString("en"));
        QCOMPARE(installTranslations(*QCoreApplication::instance(), "xx_YY"), QString("en"));
        QCOMPARE(QCoreApplication::translate("taxo::ui::MainWindow", "&File"), QString("&File"));
    }

    void systemLocaleIsUsedWhenNoSetting() {
        QLocale::setDefault(QLocale(QLocale::Portuguese, QLocale::Portugal));
        // QLocale::system() ignores setDefault; LANGUAGE/LANG drive it on Linux, so only check the resolution rule.
        QCOMPARE(resolveLanguage("pt_PT"), QString("pt_PT"));
        const QString system = resolveLanguage(QString());
        QVERIFY(availableLanguages().contains(system));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestTranslations)
#include "test_translations.moc"
