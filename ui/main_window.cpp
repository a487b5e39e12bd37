#include "main_window.h"

#include <QApplication>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QHeaderView>
#include <QLineEdit>
#include <QTabWidget>
#include <QTreeView>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStandardPaths>

#include "core/store/project_import.h"
#include "core/store/project_store.h"
#include "core/store/project_summary.h"
#include "browse_page.h"
#include "classify_page.h"
#include "results_page.h"
#include "review_page.h"
#include "run_history_page.h"
#include "training_page.h"
#include "job_runner.h"
#include "label_commands.h"
#include "project_page.h"
#include "resources_init.h"
#include "specimen_list_model.h"
#include "step_timer.h"
#include "taxonomy_model.h"
#include "translations.h"
#include "welcome_page.h"

namespace taxo::ui {
namespace {
constexpr int kMaxRecent = 8;
const char* kRecentKey = "recentProjects";
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initResources();
    setWindowTitle(tr("Taxoscope"));
    setWindowIcon(QIcon(":/icons/taxoscope.svg"));
    resize(1100, 760);
    undo_ = new QUndoStack(this);
    editor_ = new LabelEditor(nullptr, undo_, this);
    pages_ = new QStackedWidget;
    welcome_ = new WelcomePage;
    projectPage_ = new ProjectPage;
    browsePage_ = new BrowsePage(editor_);
    welcome_->setObjectName("welcome");
    projectPage_->setObjectName("overview");
    browsePage_->setObjectName("browser");
    views_ = new QTabWidget;
    views_->setObjectName("views");
    views_->setDocumentMode(true);
    addView(projectPage_, QIcon(":/icons/overview.svg"), tr("Overview"));
    addView(browsePage_, QIcon(":/icons/browse.svg"), tr("Specimens"));
    trainingPage_ = new TrainingPage;
    trainingPage_->setObjectName("training");
    resultsPage_ = new ResultsPage;
    resultsPage_->setObjectName("results");
    historyPage_ = new RunHistoryPage;
    historyPage_->setObjectName("run_history");
    classifyPage_ = new ClassifyPage;
    classifyPage_->setObjectName("classify");
    addView(trainingPage_, QIcon(":/icons/training.svg"), tr("Training"));
    addView(resultsPage_, QIcon(":/icons/results.svg"), tr("Results"));
    reviewPage_ = new ReviewPage(editor_);
    reviewPage_->setObjectName("review");
    addView(reviewPage_, QIcon(":/icons/review.svg"), tr("Review"));
    addView(historyPage_, QIcon(":/icons/history.svg"), tr("Run history"));
    addView(classifyPage_, QIcon(":/icons/classify.svg"), tr("Classify"));
    connect(resultsPage_, &ResultsPage::showSpecimens, this, &MainWindow::showSpecimens);
    connect(trainingPage_, &TrainingPage::runFinished, this, [this](bool ok, qint64 runId) {
        resultsPage_->reloadRuns();
        historyPage_->reload();
        classifyPage_->reloadRuns();
        reviewPage_->reloadRuns();
        if (ok) resultsPage_->showRun(runId);
    });
    connect(historyPage_, &RunHistoryPage::openResults, this, [this](qint64 runId) {
        resultsPage_->showRun(runId);
        views_->setCurrentWidget(resultsPage_);
    });
    connect(classifyPage_, &ClassifyPage::specimensAdded, this, [this] {
        browsePage_->setStore(store_.get());
        reloadTaxonomy();
        refreshProject();
    });
    pages_->addWidget(welcome_);
    pages_->addWidget(views_);
    setCentralWidget(pages_);
    jobs_ = new JobRunner(this);
    buildTaxonomyDock();
    connect(browsePage_, &BrowsePage::labelsChanged, this, [this] {
        reloadTaxonomy();
        refreshProject();
    });
    connect(editor_, &LabelEditor::failed, this, [this](const QString& message) {
        QMessageBox::warning(this, tr("Label not changed"), message);
    });

    auto* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("New project from &metadata.csv…"), this, &MainWindow::newFromCsv);
    file->addAction(tr("New project from a &folder…"), this, &MainWindow::newFromFolder);
    file->addAction(tr("&Open project…"), QKeySequence::Open, this, &MainWindow::openFromDialog);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    auto* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = undo_->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    undo->setIcon(QIcon(":/icons/undo.svg"));
    QAction* redo = undo_->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence::Redo});
    redo->setIcon(QIcon(":/icons/redo.svg"));
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("E&xclude or include selection"), browsePage_, &BrowsePage::toggleExcludedOfSelection);
    edit->addAction(tr("&Accept the model's suggestion"), browsePage_, &BrowsePage::acceptSuggestionsOfSelection);
    auto* view = menuBar()->addMenu(tr("&View"));
    view->addAction(taxonomyDock_->toggleViewAction());
    buildLanguageMenu(menuBar()->addMenu(tr("&Settings"))->addMenu(tr("&Language")));
    menuBar()->addMenu(tr("&Help"))->addAction(tr("&About Taxoscope"), this, &MainWindow::showAbout);

    status_ = new QLabel;
    progress_ = new QProgressBar;
    progress_->setMaximumWidth(240);
    progress_->hide();
    cancel_ = new QPushButton(tr("Cancel"));
    cancel_->hide();
    statusBar()->addWidget(status_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancel_);
    connect(cancel_, &QPushButton::clicked, jobs_, &JobRunner::cancel);
    connect(jobs_, &JobRunner::started, this, [this](const QString& title) {
        status_->setText(title);
        progress_->setRange(0, 0);
        progress_->show();
        cancel_->show();
    });
    connect(jobs_, &JobRunner::progressed, this,
            [this](const QString& phase, qint64 done, qint64 total, double, double remaining, const QString&) {
                if (total > 0) progress_->setRange(0, int(total)), progress_->setValue(int(done));
                QString text = phase;
                if (total > 0) text += QStringLiteral(" %1/%2").arg(done).arg(total);
                if (remaining >= 0) text += tr(" — about %1 s left").arg(qRound(remaining));
                status_->setText(text);
            });

    connect(welcome_, &WelcomePage::newFromCsvRequested, this, &MainWindow::newFromCsv);
    connect(welcome_, &WelcomePage::newFromFolderRequested, this, &MainWindow::newFromFolder);
    connect(welcome_, &WelcomePage::openRequested, this, &MainWindow::openFromDialog);
    connect(welcome_, &WelcomePage::sampleRequested, this, &MainWindow::openSample);
    connect(welcome_, &WelcomePage::recentRequested, this, [this](const QString& dir) { openProject(dir); });
    welcome_->setRecentProjects(QSettings().value(kRecentKey).toStringList());
    welcome_->setSampleAvailable(!sampleDataDir().isEmpty());

    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    taxonomyDock_->hide();  // shown with a project
}

void MainWindow::setLearningStore(ProjectStore* store) {
    StepTimer timer("setLearningStore");
    if (!store) trainingPage_->cancel();
    trainingPage_->setStore(store);
    timer.step("training");
    resultsPage_->setStore(store);
    timer.step("results");
    historyPage_->setStore(store);
    timer.step("history");
    classifyPage_->setStore(store);
    timer.step("classify");
    reviewPage_->setStore(store);
    timer.step("review");
}

void MainWindow::showSpecimens(const QList<qint64>& ids, const QString& title, qint64 runId) {
    if (!store_) return;
    BrowserFilter filter;
    filter.ids = std::vector<std::int64_t>(ids.begin(), ids.end());
    browsePage_->searchBox()->clear();
    if (runId > 0) browsePage_->setRun(runId);
    browsePage_->setTaxonFilter(filter);
    views_->setCurrentWidget(browsePage_);
    status_->setText(tr("%n specimen(s): %1", nullptr, int(ids.size())).arg(title));
}

int MainWindow::addView(QWidget* page, const QIcon& icon, const QString& title) {
    return views_->addTab(page, icon, title);
}

void MainWindow::buildTaxonomyDock() {
    taxonomyDock_ = new QDockWidget(tr("Taxonomy"), this);
    taxonomyDock_->setObjectName("taxonomyDock");  // saveState/restoreState need it
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    taxonFilter_ = new QLineEdit;
    taxonFilter_->setPlaceholderText(tr("Filter taxa…"));
    taxonFilter_->setClearButtonEnabled(true);
    layout->addWidget(taxonFilter_);
    taxonomy_ = new TaxonomyModel(this);
    taxonomyProxy_ = new TaxonomyFilterModel(this);
    taxonomyProxy_->setSourceModel(taxonomy_);
    tree_ = new QTreeView;
    tree_->setModel(taxonomyProxy_);
    tree_->setUniformRowHeights(true);
    tree_->setSortingEnabled(true);
    tree_->sortByColumn(1, Qt::DescendingOrder);
    tree_->header()->setStretchLastSection(false);
    tree_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(tree_);
    taxonomyDock_->setWidget(body);
    addDockWidget(Qt::LeftDockWidgetArea, taxonomyDock_);
    connect(taxonFilter_, &QLineEdit::textChanged, this, [this](const QString& text) {
        taxonomyProxy_->setFilterFixedString(text);
        if (!text.isEmpty()) tree_->expandAll();
    });
    connect(tree_->selectionModel(), &QItemSelectionModel::currentChanged, this, &MainWindow::taxonSelected);
}

void MainWindow::taxonSelected() {
    if (reloadingTree_) return;
    const QModelIndex index = taxonomyProxy_->mapToSource(tree_->currentIndex());
    browsePage_->setTaxonFilter(taxonomy_->filterFor(index));
    views_->setCurrentWidget(browsePage_);
}

void MainWindow::reloadTaxonomy() {
    if (!store_) return;
    // A reload after each relabel must not move the browser: the tree's selection is dropped quietly.
    reloadingTree_ = true;
    const auto status = taxonomy_->load(*store_);
    tree_->expandToDepth(1);
    reloadingTree_ = false;
    if (!status) status_->setText(QString::fromStdString(status.error().message));
}

void MainWindow::buildLanguageMenu(QMenu* menu) {
    auto* group = new QActionGroup(menu);
    const QString current = QSettings().value(kLanguageSetting).toString();
    const std::pair<QString, QString> choices[] = {{QString(), tr("System language")}, {"en", QStringLiteral("English")},
                                                   {"pt_PT", QStringLiteral("Português (Portugal)")}};
    for (const auto& [code, name] : choices) {
        QAction* action = menu->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == current);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code = code] {
            QSettings().setValue(kLanguageSetting, code);
            QMessageBox::information(this, tr("Language"), tr("The language changes when Taxoscope starts again."));
        });
    }
}

MainWindow::~MainWindow() {
    // The views drop their pointers to the store before it closes.
    setLearningStore(nullptr);
    browsePage_->setStore(nullptr);
    editor_->setStore(nullptr);
}

QString MainWindow::sampleDataDir() {
    QString dir = qEnvironmentVariable("TAXOSCOPE_SAMPLE_DATA");
    if (dir.isEmpty()) dir = QCoreApplication::applicationDirPath() + "/../../../shared/data/rare_species";
    return QFileInfo::exists(dir + "/metadata.csv") ? QDir(dir).absolutePath() : QString();
}

QString MainWindow::sampleProjectDir() {
    const QString dir = qEnvironmentVariable("TAXOSCOPE_SAMPLE_PROJECT");
    return dir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/taxoscope/sample-project" : dir;
}

bool MainWindow::openProject(const QString& dir) {
    StepTimer timer("openProject");
    auto store = ProjectStore::open(dir.toStdString());
    timer.step("ProjectStore::open");
    if (!store) {
        QMessageBox::warning(this, tr("Cannot open project"), QString::fromStdString(store.error().message));
        return false;
    }
    // Views let go of the old store before it closes.
    setLearningStore(nullptr);
    browsePage_->setStore(nullptr);
    editor_->setStore(nullptr);
    store_ = std::move(*store);
    editor_->setStore(store_.get());
    rememberRecent(QDir(dir).absolutePath());
    timer.step("views let go, recent");
    refreshProject();
    timer.step("project summary");
    reloadTaxonomy();
    timer.step("taxonomy tree");
    browsePage_->setStore(store_.get());
    timer.step("browser");
    setLearningStore(store_.get());
    timer.step("learning pages");
    pages_->setCurrentWidget(views_);
    views_->setCurrentWidget(projectPage_);
    taxonomyDock_->show();
    timer.step("show");
    setWindowTitle(tr("Taxoscope — %1").arg(QFileInfo(dir).fileName()));
    return true;
}

void MainWindow::refreshProject() {
    if (!store_) return;
    auto summary = summarizeProject(*store_);
    if (!summary) {
        status_->setText(QString::fromStdString(summary.error().message));
        return;
    }
    projectPage_->setSummary(*summary);
}

void MainWindow::importInto(const QString& source, const QString& projectDir) {
    const std::string src = source.toStdString(), dir = projectDir.toStdString();
    auto report = std::make_shared<std::string>();
    const bool started = jobs_->start(tr("Importing %1").arg(source), [src, dir, report](const ProgressFn& progress, JobControl& control) -> Status {
        auto store = ProjectStore::isProject(dir) ? ProjectStore::open(dir) : ProjectStore::create(dir);
        if (!store) return store.error();
        ProjectImportParams params;
        params.source = src;
        params.progress = progress;
        params.control = &control;
        auto result = importIntoProject(**store, params);
        if (!result) return result.error();
        *report = result->summaryText();
        return {};
    });
    if (!started) {
        QMessageBox::information(this, tr("Busy"), tr("Another job is running; wait for it or cancel it."));
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(jobs_, &JobRunner::finished, this, [this, projectDir, report, connection](bool ok, const QString& message) {
        disconnect(*connection);
        progress_->hide();
        cancel_->hide();
        if (!ok) {
            status_->setText(tr("Import failed"));
            QMessageBox::warning(this, tr("Import failed"), message);
            return;
        }
        status_->setText(tr("Import finished"));
        openProject(projectDir);
        QMessageBox box(QMessageBox::Information, tr("Import finished"), tr("The import report:"), QMessageBox::Ok, this);
        box.setDetailedText(QString::fromStdString(*report));
        box.exec();
    });
}

void MainWindow::newFromCsv() {
    const QString csv = QFileDialog::getOpenFileName(this, tr("Choose a metadata.csv"), {}, tr("CSV files (*.csv)"));
    if (csv.isEmpty()) return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose an empty folder for the new project"));
    if (!dir.isEmpty()) importInto(csv, dir);
}

void MainWindow::newFromFolder() {
    const QString photos = QFileDialog::getExistingDirectory(this, tr("Choose the folder holding one folder per family"));
    if (photos.isEmpty()) return;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose an empty folder for the new project"));
    if (!dir.isEmpty()) importInto(photos, dir);
}

void MainWindow::openFromDialog() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a Taxoscope project folder"));
    if (!dir.isEmpty()) openProject(dir);
}

void MainWindow::openSample() {
    const QString project = sampleProjectDir();
    if (ProjectStore::isProject(project.toStdString())) openProject(project);
    else importInto(sampleDataDir() + "/metadata.csv", project);
}

void MainWindow::rememberRecent(const QString& dir) {
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > kMaxRecent) recent.removeLast();
    settings.setValue(kRecentKey, recent);
    welcome_->setRecentProjects(recent);
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Taxoscope"),
                       tr("<h3>Taxoscope %1</h3><p>Train, watch and question image classifiers of rare species.</p>"
                          "<p>Pretrained MobileNet weights: Google Coral <i>test_data</i>, Apache License 2.0.<br>"
                          "Rare-species photos: Encyclopedia of Life via the BioCLIP <i>rare species</i> data set "
                          "(Stevens et al., arXiv:2311.18803); each image keeps its own EOL licence.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    jobs_->cancel();
    event->accept();
}

}  // namespace taxo::ui
