// The confusion-matrix view paints what its model shows: every cell's colour follows its shown count (empty cells
// stay the background), the painting follows threshold and hidden-diagonal changes, and painting only part of the
// widget (as a scroll area does) gives the same pixels as painting all of it, at small cells and at zoomed cells
// with names and counts.
#include <QImage>
#include <QtTest>

#include "test_registry.h"

#include <random>

#include "core/eval/metrics.h"
#include "ui/confusion_model.h"
#include "ui/confusion_view.h"

using namespace taxo;
using namespace taxo::ui;

namespace {

constexpr int kClasses = 40;

ClassificationReport generatedReport() {
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<std::int32_t> yTrue, yPred;
    for (int c = 0; c < kClasses; ++c) {
        const int support = 5 + int(u(rng) * 40);
        for (int i = 0; i < support; ++i) {
            yTrue.push_back(c);
            yPred.push_back(u(rng) < 0.7 ? c : int(u(rng) * kClasses));
        }
    }
    return computeMetrics(yTrue, yPred, kClasses).value();
}

QImage render(ConfusionView& view, const QRect& region = {}) {
    QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::magenta);  // anything not painted stays magenta
    view.render(&image, region.isNull() ? QPoint() : region.topLeft(), region.isNull() ? QRegion() : QRegion(region));
    return image;
}

}  // namespace

class TestConfusionView : public QObject {
    Q_OBJECT
    ClassificationReport report_ = generatedReport();
    QStringList names_;

    // A pixel inside each cell clear of its count's text; background exactly where the shown count is 0.
    void checkCells(ConfusionView& view, ConfusionModel& model) {
        const QImage image = render(view);
        const QRgb base = view.palette().base().color().rgb();
        int coloured = 0;
        for (int r = 0; r < model.rowCount(); ++r)
            for (int c = 0; c < model.columnCount(); ++c) {
                const QRgb pixel = image.pixel(view.cellRect(r, c).topLeft() + QPoint(1, 1)) | 0xff000000;
                const bool shown = model.shownCount(r, c) > 0;
                QVERIFY2(shown == (pixel != (base | 0xff000000)),
                         qPrintable(QString("cell %1,%2 count %3 painted %4").arg(r).arg(c).arg(model.shownCount(r, c)).arg(pixel, 0, 16)));
                coloured += shown;
            }
        QVERIFY(coloured > 0);
    }

private Q_SLOTS:
    void initTestCase() {
        for (int c = 0; c < kClasses; ++c) names_ << QStringLiteral("phylum%1_family%2").arg(c % 3).arg(c);
    }

    void cellsFollowCountsThresholdAndDiagonal() {
        ConfusionModel model;
        model.setReport(report_, names_);
        ConfusionView view(&model);
        for (int cell : {4, 6, 24}) {
            view.setCellSize(cell);
            checkCells(view, model);
        }
        // Darker for more: a diagonal cell of many specimens against a single confusion.
        view.setCellSize(6);
        const QImage image = render(view);
        int single = -1, singleColumn = -1;
        for (int r = 0; r < kClasses && single < 0; ++r)
            for (int c = 0; c < kClasses; ++c)
                if (r != c && model.shownCount(r, c) == 1) { single = r; singleColumn = c; break; }
        QVERIFY(single >= 0);
        int busiest = 0;
        for (int r = 1; r < kClasses; ++r)
            if (model.shownCount(r, r) > model.shownCount(busiest, busiest)) busiest = r;
        QVERIFY(qGray(image.pixel(view.cellRect(busiest, busiest).center())) < qGray(image.pixel(view.cellRect(single, singleColumn).center())));

        model.setThreshold(3);
        QCOMPARE(model.shownCount(single, singleColumn), std::int64_t(0));
        checkCells(view, model);
        model.setHideDiagonal(true);
        QCOMPARE(model.shownCount(busiest, busiest), std::int64_t(0));
        checkCells(view, model);
    }

    void partialPaintMatchesFullPaint() {
        ConfusionModel model;
        model.setReport(report_, names_);
        ConfusionView view(&model);
        for (int cell : {6, 24}) {
            view.setCellSize(cell);
            const QImage full = render(view);
            // Regions a scroll area asks for: inside the cells, across the names and the cells, the names alone.
            const QRect cells = view.cellRect(7, 9).united(view.cellRect(20, 31)).adjusted(3, 2, -5, -1);
            const QRect across(0, view.cellRect(10, 0).top() - 3, view.cellRect(0, 12).right(), 5 * cell);
            const QRect names(0, 0, view.cellRect(0, 0).left(), view.height());
            for (const QRect& region : {cells, across, names}) {
                if (region.isEmpty()) continue;  // no names at small cells
                const QImage part = render(view, region);
                for (int y = region.top(); y <= region.bottom(); ++y)
                    for (int x = region.left(); x <= region.right(); ++x)
                        if (part.pixel(x, y) != full.pixel(x, y))
                            QFAIL(qPrintable(QString("cell size %1: pixel %2,%3 differs when painting only %4,%5 %6x%7")
                                                 .arg(cell).arg(x).arg(y).arg(region.x()).arg(region.y()).arg(region.width()).arg(region.height())));
            }
        }
        // Names are painted at zoomed cells: the row name margin is not blank.
        const QImage full = render(view);
        const QRect nameBox(0, view.cellRect(0, 0).top(), view.cellRect(0, 0).left(), 24);
        QVERIFY(!nameBox.isEmpty());
        bool ink = false;
        for (int y = nameBox.top(); y <= nameBox.bottom() && !ink; ++y)
            for (int x = nameBox.left(); x <= nameBox.right() && !ink; ++x) ink = qGray(full.pixel(x, y)) < 128;
        QVERIFY(ink);
    }
};

TAXOSCOPE_TEST_MAIN(TestConfusionView)
#include "test_confusion_view.moc"
