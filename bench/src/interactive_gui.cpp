// interactive_gui: the desktop app's interactive figures, offscreen (QT_QPA_PLATFORM=offscreen).
//   interactive_gui project DIR N          N photo-like 400x300 JPEGs and a project over them (ProjectStore API:
//                                          202 families, a 70/15/15 split, a finished run with predictions)
//   interactive_gui open DIR [--cold]      MainWindow opens DIR and shows the browser; prints the time, from process
//                                          start and from the openProject call, until the first thumbnail and until
//                                          every cell of the first screen is painted with its photo (not a
//                                          placeholder). --cold deletes DIR/thumbnails first (a first open);
//                                          bench/cases/interactive.sh deletes it before starting instead (seconds).
//   interactive_gui scroll DIR             opens DIR, scrolls through every row a screen at a time, waiting at each
//                                          screen until its thumbnails are painted; prints peak RSS (VmHWM) in MB
//   interactive_gui confusion RUNS         paints a 202x202 confusion matrix (ConfusionView) RUNS times at several zooms
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QListView>
#include <QPainter>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTabWidget>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>
#include <set>
#include <unistd.h>

#include "core/common/content_hash.h"
#include "core/eval/metrics.h"
#include "core/store/project_store.h"
#include "ui/browse_page.h"
#include "ui/confusion_model.h"
#include "ui/confusion_view.h"
#include "ui/main_window.h"
#include "ui/specimen_delegate.h"
#include "ui/specimen_list_model.h"
#include "ui/thumbnail_loader.h"

using namespace taxo;
using namespace taxo::ui;

namespace {

constexpr int kClasses = 202;

// Milliseconds since this process started (/proc/self/stat field 22, in clock ticks since boot).
double msSinceProcessStart() {
    QFile stat("/proc/self/stat");
    if (!stat.open(QIODevice::ReadOnly)) return -1;
    const QByteArray text = stat.readAll();
    const QList<QByteArray> fields = text.mid(text.lastIndexOf(')') + 2).split(' ');  // from field 3 on
    const double startTicks = fields.value(19).toDouble();
    timespec now{};
    clock_gettime(CLOCK_BOOTTIME, &now);
    return (double(now.tv_sec) + double(now.tv_nsec) / 1e9 - startTicks / double(sysconf(_SC_CLK_TCK))) * 1e3;
}

// CPU time of the process so far (all threads), ms: what the work costs when wall time includes waiting for a core.
double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Wall ms since process start and CPU ms so far at a named moment, for the startup breakdown.
QString mark(const char* what) { return QStringLiteral("%1 %2/%3").arg(what).arg(msSinceProcessStart(), 0, 'f', 0).arg(cpuMs(), 0, 'f', 0); }
QStringList gMarks;

// VmHWM / VmRSS of this process, MB.
double statusMb(const char* field) {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith(field)) return line.mid(int(qstrlen(field))).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

std::string familyName(int c) {
    static const char* phyla[] = {"chordata", "arthropoda", "mollusca", "cnidaria", "tracheophyta"};
    return std::string(phyla[c % 5]) + "_family" + std::to_string(c);
}

int makeProject(const QString& dir, int n) {
    const QString photos = QDir(dir).filePath("photos");
    QDir(dir).removeRecursively();
    QDir().mkpath(photos);
    std::mt19937 rng(11);
    std::uniform_int_distribution<int> byte(0, 255);
    auto store = ProjectStore::create(QDir(dir).filePath("project").toStdString());
    if (!store) return std::fprintf(stderr, "%s\n", store.error().message.c_str()), 1;
    std::vector<Specimen> specimens;
    for (int i = 0; i < n; ++i) {
        // A sky-to-ground gradient, a soft blob (the animal) and sensor noise: about 25 KB at quality 90, as a
        // small photo is, and a real decode for the thumbnailer.
        cv::Mat image(300, 400, CV_8UC3);
        const cv::Vec3b top(byte(rng), byte(rng), byte(rng)), bottom(byte(rng) / 2, byte(rng), byte(rng) / 2);
        for (int y = 0; y < image.rows; ++y) image.row(y).setTo(cv::Scalar(top * (1 - y / 300.0) + bottom * (y / 300.0)));
        cv::ellipse(image, cv::Point(100 + byte(rng), 80 + byte(rng) / 2), cv::Size(30 + byte(rng) / 4, 20 + byte(rng) / 6),
                    byte(rng), 0, 360, cv::Scalar(byte(rng), byte(rng), byte(rng)), cv::FILLED, cv::LINE_AA);
        cv::GaussianBlur(image, image, cv::Size(5, 5), 1.5);
        cv::Mat noise(image.size(), CV_8UC3);
        cv::randn(noise, 0, 8);
        cv::add(image, noise, image);
        const QString path = QDir(photos).filePath(QStringLiteral("p%1.jpg").arg(i, 5, 10, QLatin1Char('0')));
        cv::imwrite(path.toStdString(), image, {cv::IMWRITE_JPEG_QUALITY, 90});
        const int c = i % kClasses;
        Specimen s;
        s.sourceId = "gen-" + std::to_string(i);
        s.absolutePath = path.toStdString();
        s.filePath = "photos/" + QFileInfo(path).fileName().toStdString();
        s.contentHash = hashFile(s.absolutePath).value();
        s.taxonomy.kingdom = c % 5 == 4 ? "plantae" : "animalia";
        const std::string label = familyName(c);
        s.taxonomy.phylum = label.substr(0, label.find('_'));
        s.taxonomy.family = label.substr(label.find('_') + 1);
        s.label = label;
        specimens.push_back(std::move(s));
    }
    auto ids = (*store)->addSpecimens(specimens, "generated").value();
    SplitResult split;
    split.fractions = {0.7, 0.15, 0.15};
    split.seed = 1;
    for (std::size_t i = 0; i < ids.size(); ++i) split.assignment[ids[i]] = i % 20 < 14 ? Part::Train : (i % 20 < 17 ? Part::Val : Part::Test);
    (*store)->saveSplit("generated", split, true).value();
    const std::int64_t run = (*store)->createRun("generated run", "{}").value();
    std::vector<PredictionRow> rows;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (split.assignment[ids[i]] == Part::Train) continue;
        PredictionRow row;
        row.specimenId = ids[i];
        row.trueLabel = specimens[i].label;
        row.predictedLabel = i % 4 == 0 ? familyName(int(i + 5) % kClasses) : row.trueLabel;
        row.confidence = 0.3 + 0.07 * double(i % 10);
        row.topJson = "[{\"label\":\"" + row.predictedLabel + "\",\"p\":" + std::to_string(row.confidence) + "}]";
        rows.push_back(row);
    }
    if (auto s = (*store)->savePredictions(run, rows); !s) return std::fprintf(stderr, "%s\n", s.error().message.c_str()), 1;
    if (auto s = (*store)->finishRun(run, "{}", ""); !s) return std::fprintf(stderr, "%s\n", s.error().message.c_str()), 1;
    std::printf("project %s: %d specimens, %zu predictions\n", qPrintable(dir), n, rows.size());
    return 0;
}

// Watches the grid's painting: which rows were last painted with their photo.
class RecordingDelegate : public SpecimenDelegate {
public:
    using SpecimenDelegate::SpecimenDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        SpecimenDelegate::paint(painter, option, index);
        if (index.data(SpecimenListModel::ThumbnailStateRole).toInt() == SpecimenListModel::ThumbnailReady) {
            if (readyPainted.empty() && firstMs < 0) firstMs = clock.elapsed();
            readyPainted.insert(index.row());
            if (screenMs < 0 && !screen.empty() &&
                std::includes(readyPainted.begin(), readyPainted.end(), screen.begin(), screen.end())) {
                screenMs = clock.elapsed();
                screenSinceStart = msSinceProcessStart();
            }
        }
    }
    QElapsedTimer clock;
    std::set<int> screen;  // rows visible on the first screen
    mutable std::set<int> readyPainted;
    mutable qint64 firstMs = -1, screenMs = -1;
    mutable double screenSinceStart = -1;
};

std::set<int> visibleRows(QListView* view) {
    std::set<int> rows;
    const QRect area = view->viewport()->rect();
    const int n = view->model()->rowCount();
    for (int r = 0; r < n; ++r) {
        const QRect rect = view->visualRect(view->model()->index(r, 0));
        if (rect.intersects(area)) rows.insert(r);
        else if (rect.top() > area.bottom()) break;
    }
    return rows;
}

int openProject(const QString& dir, bool cold) {
    const QString project = QDir(dir).filePath("project");
    if (cold) QDir(QDir(project).filePath("thumbnails")).removeRecursively();
    cold = !QDir(QDir(project).filePath("thumbnails")).exists();
    gMarks << mark("before MainWindow");
    MainWindow window;
    gMarks << mark("constructed");
    window.resize(1400, 860);
    window.show();
    BrowsePage* browser = window.browsePage();
    auto* recorder = new RecordingDelegate(browser->view());
    browser->view()->setItemDelegate(recorder);
    QApplication::processEvents();
    const double beforeOpen = msSinceProcessStart(), cpuBeforeOpen = cpuMs();
    gMarks << mark("shown");
    recorder->clock.start();
    if (!window.openProject(project)) return 1;
    const qint64 opened = recorder->clock.elapsed();
    gMarks << mark("opened");
    window.views()->setCurrentWidget(browser);  // the user's first click after opening
    browser->view()->doItemsLayout();
    recorder->screen = visibleRows(browser->view());
    QElapsedTimer guard;
    guard.start();
    while (recorder->screenMs < 0 && guard.elapsed() < 60000) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);
    std::printf("%s open: openProject returned after %lld ms; first thumbnail painted %lld ms, all %zu cells of the first "
                "screen %lld ms after the open call (%.0f ms after process start, of which %.0f before the call)\n",
                cold ? "cold" : "warm", opened, recorder->firstMs, recorder->screen.size(), recorder->screenMs,
                recorder->screenSinceStart, beforeOpen);
    gMarks << mark("first screen painted");
    std::printf("RSS after the first screen: %.0f MB (peak %.0f MB)\n", statusMb("VmRSS:"), statusMb("VmHWM:"));
    std::printf("wall/cpu ms since process start: %s\n", qPrintable(gMarks.join(", ")));
    std::printf("cpu ms from the open call to the first screen: %.0f\n", cpuMs() - cpuBeforeOpen);
    std::printf("open ms %lld start ms %.0f\n", recorder->screenMs, recorder->screenSinceStart);
    return recorder->screenMs < 0 ? 1 : 0;
}

int scrollAll(const QString& dir) {
    MainWindow window;
    window.resize(1400, 860);
    window.show();
    if (!window.openProject(QDir(dir).filePath("project"))) return 1;
    BrowsePage* browser = window.browsePage();
    window.views()->setCurrentWidget(browser);
    QListView* view = browser->view();
    QScrollBar* bar = view->verticalScrollBar();
    QElapsedTimer clock;
    clock.start();
    double peakRss = 0;
    int screens = 0, stalled = 0;
    const int step = std::max(1, bar->pageStep());
    for (int value = 0;; value += step) {
        bar->setValue(std::min(value, bar->maximum()));
        view->viewport()->repaint();
        if (!browser->thumbnails()->waitForIdle(30000)) ++stalled;
        view->viewport()->repaint();
        QApplication::processEvents();
        peakRss = std::max(peakRss, statusMb("VmRSS:"));
        ++screens;
        if (bar->value() >= bar->maximum()) break;
    }
    const QModelIndex last = view->indexAt(view->viewport()->rect().bottomLeft() + QPoint(40, -40));
    std::printf("scrolled %d rows in %d screens in %.1f s (%d screens stalled); last visible row %d ready %d; "
                "peak RSS sampled %.0f MB\n",
                browser->model()->rowCount(), screens, double(clock.elapsed()) / 1e3, stalled, last.row(),
                last.data(SpecimenListModel::ThumbnailStateRole).toInt() == SpecimenListModel::ThumbnailReady, peakRss);
    std::printf("peak MB %.0f\n", statusMb("VmHWM:"));
    return 0;
}

// A classifier's matrix over the study's 202 families: supports from 20 to 100 (long tail), 75% right, and the
// errors mostly within the same phylum (as families of one phylum look alike), some scattered.
ClassificationReport realisticReport() {
    std::mt19937 rng(5);
    std::vector<std::int32_t> yTrue, yPred;
    std::uniform_real_distribution<double> u(0, 1);
    for (int c = 0; c < kClasses; ++c) {
        const int support = 20 + int(80 * std::pow(u(rng), 2.0));
        std::vector<int> neighbours;
        for (int k = 0; k < 6; ++k) neighbours.push_back((c + 5 * (1 + int(u(rng) * 20))) % kClasses);  // same phylum (c % 5)
        for (int i = 0; i < support; ++i) {
            yTrue.push_back(c);
            const double r = u(rng);
            yPred.push_back(r < 0.75 ? c : r < 0.95 ? neighbours[std::size_t(u(rng) * 6)] : int(u(rng) * kClasses));
        }
    }
    return computeMetrics(yTrue, yPred, kClasses).value();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

int paintConfusion(int runs) {
    const ClassificationReport report = realisticReport();
    QStringList names;
    for (int c = 0; c < kClasses; ++c) names << QString::fromStdString(familyName(c));
    ConfusionModel model;
    model.setReport(report, names);
    std::int64_t nonZero = 0;
    for (std::int64_t v : report.confusion) nonZero += v > 0;
    std::printf("matrix %dx%d, %lld samples, %lld non-zero cells, accuracy %.2f\n", kClasses, kClasses,
                (long long)report.rows, (long long)nonZero, report.accuracy);
    ConfusionView view(&model);
    double worstMedian = 0;
    // Whole matrix at small cells (fits a screen), and a screen-sized window onto a zoomed matrix with labels and counts.
    for (int cell : {4, 6, 12, 24}) {
        view.setCellSize(cell);
        const QRect area = QRect(QPoint(0, 0), view.size()).intersected(QRect(0, 0, 1400, 900));
        QImage target(area.size(), QImage::Format_ARGB32_Premultiplied);
        std::vector<double> ms;
        for (int i = 0; i <= runs; ++i) {
            QElapsedTimer clock;
            clock.start();
            view.render(&target, QPoint(), QRegion(area));
            if (i > 0) ms.push_back(double(clock.nsecsElapsed()) / 1e6);  // the first paint lays out fonts
        }
        if (!qEnvironmentVariableIsEmpty("BENCH_SAVE_DIR"))  // for a person to check what was painted
            target.save(QDir(qEnvironmentVariable("BENCH_SAVE_DIR")).filePath(QStringLiteral("confusion-%1px.png").arg(cell)));
        std::printf("cell %2d px: widget %dx%d, painted %dx%d, median %.1f ms, max %.1f ms\n", cell, view.width(),
                    view.height(), area.width(), area.height(), median(ms), *std::max_element(ms.begin(), ms.end()));
        worstMedian = std::max(worstMedian, median(ms));
    }
    std::printf("paint ms %.1f\n", worstMedian);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    gMarks << mark("main");
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QApplication::setOrganizationName("Taxoscope");
    QApplication::setApplicationName("Taxoscope");
    gMarks << mark("QApplication");
    QStandardPaths::setTestModeEnabled(true);  // recent projects and window state of the benchmark stay out of the user's settings
    const QStringList args = app.arguments();
    const QString mode = args.value(1);
    if (mode == "project" && args.size() >= 4) return makeProject(args[2], args[3].toInt());
    if (mode == "open" && args.size() >= 3) return openProject(args[2], args.contains("--cold"));
    if (mode == "scroll" && args.size() >= 3) return scrollAll(args[2]);
    if (mode == "confusion") return paintConfusion(std::max(1, args.value(2, "20").toInt()));
    std::fprintf(stderr, "usage: interactive_gui project DIR N | open DIR [--cold] | scroll DIR | confusion [RUNS]\n");
    return 2;
}
