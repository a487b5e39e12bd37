// The review queue: its models' rows and roles on a small generated project whose embeddings are written straight
// into the feature cache (a stub TorchScript backbone that is never loaded, since nothing is left to extract),
// with two planted label errors and a planted near-duplicate pair that straddles the split with disagreeing labels.
// The analyses run as real jobs (QSignalSpy on progress and finish); A accepts, X excludes, both persisted in the
// store and undone through the undo stack.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

#include "test_registry.h"

#include <random>
#include <set>

#include "core/models/backbone.h"
#include "core/train/extract_job.h"
#include "core/train/feature_cache.h"
#include "ui/duplicate_groups_panel.h"
#include "ui/job_runner.h"
#include "ui/label_commands.h"
#include "ui/review_models.h"
#include "ui/review_page.h"
#include "generated_project.h"

using namespace taxo;
using namespace taxo::ui;

namespace {

constexpr int kReviewClasses = 3, kPerClass = 10, kDim = 8;
constexpr const char* kBackbone = "tiny_stub";

// Specimen i: class i % 3; its k = i / 3 decides the part (7 train, 2 val, 1 test per class).
int classOf(int i) { return i % kReviewClasses; }
Part reviewPartOf(int i) {
    const int k = i / kReviewClasses;
    return k < 7 ? Part::Train : (k < 9 ? Part::Val : Part::Test);
}

}  // namespace

class TestReview : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    QString projectDir_, modelsDir_;
    std::vector<std::int64_t> ids_;
    // Planted: specimen 0 (labelled class 0) looks like class 1; specimen 5 (class 2, train) is a near copy of
    // specimen 25 (class 1, val).
    const int wrong_ = 0, copy_ = 5, original_ = 25;

    std::unique_ptr<ProjectStore> store_;
    QUndoStack undo_;
    LabelEditor* editor_ = nullptr;
    ReviewPage* page_ = nullptr;

    void makeProject() {
        projectDir_ = tmp_.filePath("project");
        const QStringList photos = test::writePhotos(tmp_.filePath("photos"), kReviewClasses * kPerClass);
        auto store = ProjectStore::create(projectDir_.toStdString()).value();
        std::vector<Specimen> specimens;
        for (int i = 0; i < kReviewClasses * kPerClass; ++i) {
            const auto& f = test::generatedFamilies()[std::size_t(classOf(i))];
            Specimen s;
            s.sourceId = "gen-" + std::to_string(i);
            s.absolutePath = photos[i].toStdString();
            s.filePath = "photos/photo" + std::to_string(i) + ".jpg";
            s.contentHash = hashFile(s.absolutePath).value();
            s.taxonomy.kingdom = f.kingdom;
            s.taxonomy.phylum = f.phylum;
            s.taxonomy.family = f.family;
            s.label = test::generatedLabel(classOf(i));
            specimens.push_back(s);
        }
        ids_ = store->addSpecimens(specimens, "generated").value();
        SplitResult split;
        split.fractions = {0.7, 0.2, 0.1};
        for (int i = 0; i < int(ids_.size()); ++i) split.assignment[ids_[std::size_t(i)]] = reviewPartOf(i);
        store->saveSplit("generated", split, true).value();
    }

    void makeStubBackbone() {
        modelsDir_ = tmp_.filePath("models");
        QDir().mkpath(modelsDir_ + "/" + kBackbone);
        QFile manifest(modelsDir_ + "/" + kBackbone + "/manifest.json");
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write(QStringLiteral(R"({"format": "taxoscope-backbone", "version": 1, "id": "%1", "model": "model.pt",
            "inputWidth": 32, "inputHeight": 32, "normalization": "imagenet", "embeddingDim": %2, "output": "embedding"})")
                           .arg(kBackbone).arg(kDim).toUtf8());
        manifest.close();
        QFile model(modelsDir_ + "/" + kBackbone + "/model.pt");
        QVERIFY(model.open(QIODevice::WriteOnly));
        model.write("not a network: every embedding is already cached");
    }

    // Class centres 6 apart on the first axes, seeded noise; the planted rows borrow another class's look.
    void writeFeatures() {
        const BackboneInfo info = findBackbone(kBackbone, modelsDir_.toStdString()).value();
        const FeatureCache cache = featureCacheFor(projectDir_.toStdString(), info).value();
        std::mt19937_64 rng(7);
        std::normal_distribution<float> noise(0.f, 1.0f);
        std::vector<std::vector<float>> rows(ids_.size(), std::vector<float>(kDim));
        for (std::size_t i = 0; i < ids_.size(); ++i) {
            for (float& v : rows[i]) v = noise(rng);
            rows[i][std::size_t(i == std::size_t(wrong_) ? 1 : classOf(int(i)))] += 6.f;
        }
        for (int d = 0; d < kDim; ++d) rows[std::size_t(copy_)][std::size_t(d)] = rows[std::size_t(original_)][std::size_t(d)] + 0.05f * float(d);  // cosine about 0.996
        for (std::size_t i = 0; i < ids_.size(); ++i) {
            const std::string hash = store_->specimen(ids_[i]).value().contentHash;
            QVERIFY(cache.store(hash, 0, rows[i].data()).ok());
        }
    }

    static bool waitFinished(QSignalSpy& spy, int ms = 25000) { return !spy.isEmpty() || spy.wait(ms); }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(tmp_.isValid());
        makeProject();
        makeStubBackbone();
        store_ = ProjectStore::open(projectDir_.toStdString()).value();
        editor_ = new LabelEditor(store_.get(), &undo_, this);
        page_ = new ReviewPage(editor_);
        page_->resize(1200, 800);
        page_->setModelsDir(modelsDir_);
        page_->setBackbone(kBackbone);
        LabelSuspectParams params;
        params.folds = 3;
        params.confidence = 0.6;
        params.train.head = HeadConfig::forKind("mid");
        params.train.epochs = 25;
        params.train.learningRate = 3e-3;
        params.train.batchSize = 8;
        params.train.threads = 1;
        page_->setSuspectParams(params);
        page_->show();
    }

    void cleanupTestCase() {
        delete page_;
        page_ = nullptr;
    }

    void emptyStatesSayWhatToDo() {
        page_->setStore(nullptr);
        QVERIFY(page_->emptyLabel()->text().contains("Open a project"));
        page_->setStore(store_.get());
        QVERIFY(page_->emptyLabel()->text().contains("Find suspects"));
        QCOMPARE(page_->queueModel()->rowCount(), 0);
        // Nothing cached yet: the job ends at once and asks for an extraction instead of starting one.
        QSignalSpy finished(page_, &ReviewPage::analysisFinished);
        QVERIFY(page_->findSuspects());
        QVERIFY(page_->busy());
        QVERIFY(waitFinished(finished));
        QCOMPARE(finished.first().at(0).toBool(), true);
        QVERIFY2(page_->emptyLabel()->text().contains("No features extracted yet"), qPrintable(page_->emptyLabel()->text()));
        QVERIFY(page_->findChild<QPushButton*>("extractSuspects")->isVisibleTo(page_));
        QVERIFY(!QFile::exists(QString::fromStdString(suspectsFile(projectDir_.toStdString()))));
        page_->showQueue(ReviewPage::Queue::LeastConfident);
        QVERIFY(page_->emptyLabel()->text().contains("No predictions to rank yet"));
        page_->showQueue(ReviewPage::Queue::Suspects);
    }

    void suspectsJobRanksThePlantedErrors() {
        writeFeatures();
        QSignalSpy progress(page_->runner(), &JobRunner::progressed);
        QSignalSpy finished(page_, &ReviewPage::analysisFinished);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(page_->findSuspects());
        QVERIFY(!page_->findSuspects());  // one job at a time
        QVERIFY(waitFinished(finished));
        qInfo("label check: %lld ms", qint64(timer.elapsed()));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        QVERIFY(progress.count() > 0);
        QVERIFY(QFile::exists(QString::fromStdString(suspectsFile(projectDir_.toStdString()))));

        ReviewQueueModel* model = page_->queueModel();
        QVERIFY2(model->rowCount() >= 2, qPrintable(page_->emptyLabel()->text()));
        const std::set<qint64> firstTwo{model->index(0).data(ReviewQueueModel::IdRole).toLongLong(),
                                        model->index(1).data(ReviewQueueModel::IdRole).toLongLong()};
        QCOMPARE(firstTwo, (std::set<qint64>{ids_[std::size_t(wrong_)], ids_[std::size_t(copy_)]}));
        const int row = model->rowOfId(ids_[std::size_t(wrong_)]);
        const QModelIndex index = model->index(row);
        QCOMPARE(index.data(ReviewQueueModel::LabelRole).toString(), QString::fromStdString(test::generatedLabel(0)));
        QCOMPARE(index.data(ReviewQueueModel::SuggestedLabelRole).toString(), QString::fromStdString(test::generatedLabel(1)));
        QVERIFY(index.data(ReviewQueueModel::ProbabilityRole).toDouble() >= 0.6);
        QVERIFY(index.data(ReviewQueueModel::GivenProbabilityRole).toDouble() < 0.4);
        QCOMPARE(index.data(ReviewQueueModel::ScoreRole).toDouble(), index.data(ReviewQueueModel::ProbabilityRole).toDouble());
        QCOMPARE(index.data(ReviewQueueModel::StatusRole).toInt(), int(ReviewQueueModel::Status::Pending));
        QCOMPARE(index.data(ReviewQueueModel::PartRole).toInt(), int(Part::Train));
        for (int r = 1; r < model->rowCount(); ++r)  // the core's order
            QVERIFY(model->index(r - 1).data(ReviewQueueModel::ScoreRole).toDouble() >= model->index(r).data(ReviewQueueModel::ScoreRole).toDouble());
        QVERIFY(page_->sourceLabel()->text().contains("cross-validated"));
    }

    void acceptKeyPersistsAndUndoes() {
        ReviewQueueModel* model = page_->queueModel();
        const std::int64_t id = ids_[std::size_t(wrong_)];
        const int row = model->rowOfId(id);
        QVERIFY(row >= 0);
        page_->queueView()->setCurrentIndex(model->index(row));
        page_->queueView()->setFocus();
        QTest::keyClick(page_->queueView(), Qt::Key_A);
        QCOMPARE(store_->specimen(id).value().label, test::generatedLabel(1));
        QCOMPARE(model->index(row).data(ReviewQueueModel::StatusRole).toInt(), int(ReviewQueueModel::Status::Accepted));
        QCOMPARE(model->index(row).data(ReviewQueueModel::LabelRole).toString(), QString::fromStdString(test::generatedLabel(1)));
        if (row + 1 < model->rowCount()) QCOMPARE(page_->queueView()->currentIndex().row(), row + 1);  // on to the next
        // A second store on the same folder sees it: it was saved at once.
        QCOMPARE(ProjectStore::open(projectDir_.toStdString()).value()->specimen(id).value().label, test::generatedLabel(1));
        undo_.undo();
        QCOMPARE(store_->specimen(id).value().label, test::generatedLabel(0));
        QCOMPARE(model->index(row).data(ReviewQueueModel::StatusRole).toInt(), int(ReviewQueueModel::Status::Pending));
        undo_.redo();
        QCOMPARE(store_->specimen(id).value().label, test::generatedLabel(1));
        undo_.undo();
    }

    void excludeKeyPersistsAndUndoes() {
        ReviewQueueModel* model = page_->queueModel();
        const std::int64_t id = ids_[std::size_t(copy_)];
        const int row = model->rowOfId(id);
        page_->queueView()->setCurrentIndex(model->index(row));
        page_->queueView()->setFocus();
        QTest::keyClick(page_->queueView(), Qt::Key_X);
        QVERIFY(store_->specimen(id).value().excluded);
        QVERIFY(model->index(row).data(ReviewQueueModel::ExcludedRole).toBool());
        QCOMPARE(model->index(row).data(ReviewQueueModel::StatusRole).toInt(), int(ReviewQueueModel::Status::Excluded));
        const auto history = store_->labelHistory(id).value();
        QCOMPARE(history.back().newExcluded, true);
        undo_.undo();
        QVERIFY(!store_->specimen(id).value().excluded);
        QVERIFY(!model->index(row).data(ReviewQueueModel::ExcludedRole).toBool());
        // Space and the arrows move; R puts the cursor in the label box.
        page_->queueView()->setCurrentIndex(model->index(0));
        QTest::keyClick(page_->queueView(), Qt::Key_Space);
        QCOMPARE(page_->queueView()->currentIndex().row(), qMin(1, model->rowCount() - 1));
        QTest::keyClick(page_->queueView(), Qt::Key_Left);
        QCOMPARE(page_->queueView()->currentIndex().row(), 0);
    }

    void duplicateGroupsSideBySide() {
        QSignalSpy finished(page_, &ReviewPage::analysisFinished);
        QVERIFY(page_->findDuplicates(0.99));
        QVERIFY(waitFinished(finished));
        QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
        DuplicateGroupsModel* model = page_->duplicatesModel();
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex group = model->index(0);
        QCOMPARE(group.data(DuplicateGroupsModel::MemberIdsRole).toList(),
                 (QVariantList{qint64(ids_[std::size_t(copy_)]), qint64(ids_[std::size_t(original_)])}));
        QVERIFY(group.data(DuplicateGroupsModel::StraddlesRole).toBool());
        QVERIFY(group.data(DuplicateGroupsModel::ConflictingLabelsRole).toBool());
        QVERIFY(group.data(DuplicateGroupsModel::SimilarityRole).toDouble() >= 0.99);
        QCOMPARE(group.data(DuplicateGroupsModel::MemberPartsRole).toList(), (QVariantList{int(Part::Train), int(Part::Val)}));

        // Exclude one of the pair from its card: stored, and the group no longer straddles or disagrees.
        const std::int64_t id = ids_[std::size_t(original_)];
        auto* button = page_->duplicatesPanel()->findChild<QPushButton*>(QStringLiteral("exclude-%1").arg(id));
        QVERIFY(button);
        button->click();
        QVERIFY(store_->specimen(id).value().excluded);
        QCOMPARE(model->index(0).data(DuplicateGroupsModel::MemberExcludedRole).toList(), (QVariantList{false, true}));
        QVERIFY(!model->index(0).data(DuplicateGroupsModel::StraddlesRole).toBool());
        QVERIFY(!model->index(0).data(DuplicateGroupsModel::ConflictingLabelsRole).toBool());
        undo_.undo();
        QVERIFY(!store_->specimen(id).value().excluded);

        // Nothing this alike: a sentence says so.
        finished.clear();
        QVERIFY(page_->findDuplicates(0.999));
        QVERIFY(waitFinished(finished));
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(page_->duplicatesPanel()->emptyLabel()->text().contains("No near-duplicates found"));
    }

    void leastConfidentComesFromTheLatestRun() {
        // Without a run: the label check's least confident list, said so.
        page_->showQueue(ReviewPage::Queue::LeastConfident);
        QVERIFY(page_->queueModel()->rowCount() > 0);
        QVERIFY(page_->sourceLabel()->text().contains("No finished run"));

        const std::int64_t runId = store_->createRun("unsure run", "{}").value();
        std::vector<PredictionRow> rows;
        for (int i = 0; i < 6; ++i) {
            PredictionRow row;
            row.specimenId = ids_[std::size_t(21 + i)];
            row.part = Part::Val;
            row.trueLabel = test::generatedLabel(classOf(21 + i));
            row.predictedLabel = test::generatedLabel(classOf(21 + i) + (i == 2 ? 1 : 0));
            row.confidence = 0.9 - 0.1 * i;
            row.topJson = "[{\"label\":\"" + row.predictedLabel + "\",\"p\":" + std::to_string(row.confidence) + "}]";
            rows.push_back(row);
        }
        QVERIFY(store_->savePredictions(runId, rows).ok());
        QVERIFY(store_->finishRun(runId, "{}", "").ok());
        page_->reloadRuns();
        ReviewQueueModel* model = page_->queueModel();
        QCOMPARE(model->rowCount(), 6);
        QCOMPARE(model->index(0).data(ReviewQueueModel::IdRole).toLongLong(), qint64(ids_[26]));  // confidence 0.4
        QCOMPARE(model->index(0).data(ReviewQueueModel::ProbabilityRole).toDouble(), 0.4);
        QCOMPARE(model->index(5).data(ReviewQueueModel::IdRole).toLongLong(), qint64(ids_[21]));
        QVERIFY(page_->sourceLabel()->text().contains("run #"));
        // A on a right-but-unsure prediction changes nothing and moves on.
        page_->queueView()->setCurrentIndex(model->index(0));
        page_->queueView()->setFocus();
        const int undoBefore = undo_.count();
        QTest::keyClick(page_->queueView(), Qt::Key_A);
        QCOMPARE(undo_.count(), undoBefore);
        QCOMPARE(page_->queueView()->currentIndex().row(), 1);
    }

    void savedReportsComeBackWithTheProject() {
        ReviewPage second(editor_);
        second.setModelsDir(modelsDir_);
        second.setStore(store_.get());
        second.showQueue(ReviewPage::Queue::Suspects);
        QVERIFY(second.queueModel()->rowCount() >= 2);
        QCOMPARE(second.duplicatesModel()->rowCount(), 0);  // the last search (0.999) found none
        second.setStore(nullptr);
    }
};

TAXOSCOPE_TEST_MAIN(TestReview)
#include "test_review.moc"
