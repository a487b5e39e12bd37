// The classify page's iNaturalist species suggestions on a real bird photo (the shared owl, which the iNat bird
// MobileNet calls a Burrowing Owl), without a family model; and that automatic suggestions need one.
#include <QApplication>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QtTest>

#include "test_registry.h"

#include "ui/classify_page.h"
#include "test_support.h"

using namespace taxo;
using namespace taxo::ui;

class TestClassifySuggestions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void automaticSuggestionsNeedAFamilyModel() {
        ClassifyPage page;
        QCOMPARE(page.suggestionMode(), ClassifyPage::SuggestAutomatic);
        QVERIFY(!page.classify({"/nonexistent/photo.jpg"}));  // no run, no explicit suggester: nothing to do
    }

    void birdSuggestionsOnARealOwl() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_inat_bird_quant.tflite");
        TAXO_REQUIRE_SHARED("data/photos/owl.jpg");
        ClassifyPage page;
        page.setModelsDir(QString::fromStdString(test::shared("models/coral")));
        page.setSuggestionMode(ClassifyPage::SuggestBirds);
        QSignalSpy classified(&page, &ClassifyPage::classified);
        QVERIFY(page.classify({QString::fromStdString(test::shared("data/photos/owl.jpg"))}));
        QVERIFY(classified.wait(60000));
        QCOMPARE(int(page.suggestions().size()), 1);
        const auto& s = page.suggestions().front();
        QVERIFY2(s.error.empty(), s.error.c_str());
        QCOMPARE(QString::fromStdString(s.suggester), QString(ClassifyPage::kBirdSuggester));
        QCOMPARE(int(s.species.size()), 3);
        QVERIFY2(QString::fromStdString(s.species[0].label).contains("Burrowing Owl"), s.species[0].label.c_str());
        QVERIFY(s.species[0].probability > 0.5f);
        QVERIFY(s.species[0].probability >= s.species[1].probability);
        QVERIFY(page.predictions().front().top.empty());  // no family model chosen
    }
};

TAXOSCOPE_TEST_MAIN(TestClassifySuggestions)
#include "test_classify_suggestions.moc"
