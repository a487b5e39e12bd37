// End-to-end training on photos: a from-scratch CNN on generated shapes, fine-tuning MobileNetV2's last blocks on
// real rare-species photos, augmentation determinism, checkpoint/resume, cancellation, model files.
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

#include "test_registry.h"

#include <atomic>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <thread>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/train/image_model_impl.h"
#include "core/train/image_trainer.h"
#include "test_support.h"

using namespace taxo;

namespace {

constexpr int kShapeClasses = 3;
constexpr int kGeneratedSide = 64;

int testThreads() {
    const int env = qEnvironmentVariableIntValue("TAXO_TEST_THREADS");
    return env > 0 ? env : 1;
}

// Class 0: reddish disc, 1: greenish square, 2: bluish triangle; random size, place, colour jitter and noisy grey
// background, saved as 64x64 PNG.
std::vector<ImageSample> makeShapes(const QString& dir, int perClass, std::uint64_t seed, const std::string& prefix) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int> jitter(-40, 40), size(12, 22), place(22, 42), bg(60, 190);
    std::normal_distribution<double> noise(0, 12);
    std::vector<ImageSample> out;
    for (int i = 0; i < perClass; ++i)
        for (int c = 0; c < kShapeClasses; ++c) {
            cv::Mat img(kGeneratedSide, kGeneratedSide, CV_8UC3, cv::Scalar::all(bg(rng)));
            cv::Mat n(img.size(), CV_64FC3);
            cv::randn(n, 0, 1);
            for (int y = 0; y < img.rows; ++y)
                for (int x = 0; x < img.cols; ++x)
                    for (int k = 0; k < 3; ++k)
                        img.at<cv::Vec3b>(y, x)[k] = cv::saturate_cast<uchar>(img.at<cv::Vec3b>(y, x)[k] + noise(rng));
            // BGR as imwrite expects.
            const cv::Scalar colour = c == 0 ? cv::Scalar(40 + jitter(rng), 40 + jitter(rng), 215 + jitter(rng) / 2)
                                    : c == 1 ? cv::Scalar(40 + jitter(rng), 215 + jitter(rng) / 2, 40 + jitter(rng))
                                             : cv::Scalar(215 + jitter(rng) / 2, 40 + jitter(rng), 40 + jitter(rng));
            const int r = size(rng), cx = place(rng), cy = place(rng);
            if (c == 0) cv::circle(img, {cx, cy}, r, colour, cv::FILLED);
            else if (c == 1) cv::rectangle(img, {cx - r, cy - r}, {cx + r, cy + r}, colour, cv::FILLED);
            else {
                std::vector<cv::Point> tri{{cx, cy - r}, {cx - r, cy + r}, {cx + r, cy + r}};
                cv::fillConvexPoly(img, tri, colour);
            }
            const std::string path = (dir + "/").toStdString() + prefix + std::to_string(c) + "_" + std::to_string(i) + ".png";
            if (!cv::imwrite(path, img)) qFatal("cannot write %s", path.c_str());
            out.push_back({path, c});
        }
    return out;
}

ImageTrainParams scratchParams() {
    ImageTrainParams p;
    p.scratchModel = "scratch_cnn2";
    p.scratchInputSize = 32;  // small input keeps a CPU epoch to a fraction of a second
    p.base.batchSize = 16;
    p.base.epochs = 6;
    p.base.learningRate = 3e-3;
    p.base.weightDecay = 1e-4;
    p.base.patience = 0;
    p.base.threads = testThreads();
    p.base.device = "cpu";
    p.loaderThreads = 2;
    return p;
}

void requireSameHistory(const std::vector<EpochRecord>& a, const std::vector<EpochRecord>& b) {
    QCOMPARE(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].epoch, b[i].epoch);
        QCOMPARE(a[i].train.loss, b[i].train.loss);
        QCOMPARE(a[i].train.accuracy, b[i].train.accuracy);
        QCOMPARE(a[i].val.loss, b[i].val.loss);
        QCOMPARE(a[i].val.accuracy, b[i].val.accuracy);
        QCOMPARE(a[i].val.macroF1, b[i].val.macroF1);
    }
}

std::vector<std::string> pathsOf(const std::vector<ImageSample>& s) {
    std::vector<std::string> p;
    for (const auto& x : s) p.push_back(x.path);
    return p;
}

// Up to perFamily photos of each family in metadata.csv order (file_path is the last column).
std::map<std::string, std::vector<std::string>> rareSpeciesByFamily(std::size_t perFamily) {
    const std::string root = test::shared("data/rare_species");
    std::ifstream in(root + "/metadata.csv");
    std::string line;
    std::getline(in, line);
    std::map<std::string, std::vector<std::string>> byFamily;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        const std::string rel = line.substr(line.rfind(',') + 1);
        const std::string family = rel.substr(0, rel.find('/'));
        auto& list = byFamily[family];
        if (list.size() < perFamily) list.push_back(root + "/" + rel);
    }
    return byFamily;
}

}  // namespace

class TestImageTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void scratchCnnLearnsShapes();
    void fineTuningChangesOnlyUnfrozenBlocks();
    void augmentedBatchesAreDeterministic();
    void resumeReachesTheUninterruptedResult();
    void cancelFromAnotherThread();
    void badInputsAreErrors();
    void paramsJsonRoundTrip();

private:
    QTemporaryDir dir_;
    std::vector<ImageSample> train_, val_;
};

void TestImageTrainer::initTestCase() {
    QVERIFY(dir_.isValid());
    train_ = makeShapes(dir_.path(), 20, 1, "train_");
    val_ = makeShapes(dir_.path(), 8, 2, "val_");
}

void TestImageTrainer::scratchCnnLearnsShapes() {
    auto p = scratchParams();
    std::vector<double> batchLosses;
    TrainCallbacks cb;
    cb.onBatch = [&](int, int, double loss) { batchLosses.push_back(loss); };
    auto out = trainOnImages(train_, val_, kShapeClasses, p, cb);
    QVERIFY2(out, out ? "" : out.error().message.c_str());
    QCOMPARE(out->history.size(), std::size_t(6));
    for (const auto& r : out->history)
        qInfo("epoch %d: train loss %.4f acc %.3f | val loss %.4f acc %.3f f1 %.3f (%.2f s)", r.epoch, r.train.loss,
              r.train.accuracy, r.val.loss, r.val.accuracy, r.val.macroF1, r.seconds);
    QVERIFY(out->history.back().train.loss < 0.8 * out->history.front().train.loss);
    const auto& best = out->history[static_cast<std::size_t>(out->bestEpoch - 1)];
    QVERIFY2(best.val.accuracy >= 0.7, "val accuracy should clearly beat chance (1/3)");
    QCOMPARE(out->bestScore, best.val.macroF1);
    QCOMPARE(out->model.kind(), std::string("scratch"));
    QCOMPARE(out->model.preprocessKey(), std::string("32x32/stretch/zero-to-one"));

    // The restored best weights reproduce the best epoch's validation accuracy, and survive a save/load.
    auto probs = out->model.predictProbabilities(pathsOf(val_), 7, 2);
    QVERIFY(probs);
    QCOMPARE(probs->size(), val_.size() * kShapeClasses);
    int correct = 0;
    for (std::size_t i = 0; i < val_.size(); ++i) {
        const float* row = probs->data() + i * kShapeClasses;
        correct += static_cast<int>(std::max_element(row, row + kShapeClasses) - row) == val_[i].label;
    }
    QCOMPARE(double(correct) / double(val_.size()), best.val.accuracy);
    const std::string file = (dir_.path() + "/scratch.model").toStdString();
    QVERIFY(saveImageModel(*out, file));
    auto loaded = loadImageModel(file);
    QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
    auto again = loaded->predictProbabilities(pathsOf(val_), 7, 2);
    QVERIFY(again);
    QCOMPARE(again->size(), probs->size());
    double maxDiff = 0;
    for (std::size_t i = 0; i < probs->size(); ++i) maxDiff = std::max(maxDiff, double(std::abs((*again)[i] - (*probs)[i])));
    qInfo("loaded model vs trained: max probability difference %.3g", maxDiff);
    QVERIFY(*again == *probs);
}

void TestImageTrainer::fineTuningChangesOnlyUnfrozenBlocks() {
    TAXO_REQUIRE_SHARED("data/rare_species/metadata.csv");
    TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
    const auto byFamily = rareSpeciesByFamily(8);
    QCOMPARE(byFamily.size(), std::size_t(4));
    std::vector<ImageSample> train, val;
    int label = 0;
    for (const auto& [family, paths] : byFamily) {
        QVERIFY(paths.size() >= 7);  // the smallest family has 7 photos: 6 train, 1 val
        for (std::size_t i = 0; i < paths.size(); ++i) (i < 6 ? train : val).push_back({paths[i], label});
        ++label;
    }
    ImageTrainParams p;
    p.backboneId = "mobilenet_v2_imagenet";
    p.modelsDir = test::shared("models/coral");
    p.unfreezeBlocks = 2;
    p.backboneLearningRate = 1e-4;  // above the study's 1e-5 so two short epochs move the weights measurably
    p.base.head = HeadConfig::forKind("mini");
    p.base.learningRate = 1e-3;
    p.base.batchSize = 8;
    p.base.epochs = 2;
    p.base.patience = 0;
    p.base.monitor = "val_loss";
    p.base.threads = testThreads();
    p.base.device = "cpu";
    p.loaderThreads = 2;
    std::vector<double> batchLosses;
    TrainCallbacks cb;
    cb.onBatch = [&](int, int, double loss) { batchLosses.push_back(loss); };
    auto out = trainOnImages(train, val, 4, p, cb);
    QVERIFY2(out, out ? "" : out.error().message.c_str());
    QCOMPARE(out->history.size(), std::size_t(2));
    for (const auto& r : out->history)
        qInfo("fine-tune epoch %d: train loss %.4f acc %.3f | val loss %.4f acc %.3f f1 %.3f | %.2f s per epoch", r.epoch,
              r.train.loss, r.train.accuracy, r.val.loss, r.val.accuracy, r.val.macroF1, r.seconds);
    QVERIFY2(out->history[1].train.loss < out->history[0].train.loss, "the head should learn: train loss falls");
    {
        // How much of an epoch is photo loading (overlapped with training by the prefetch): one batch of 8.
        std::vector<std::int64_t> order{0, 1, 2, 3, 4, 5, 6, 7};
        QElapsedTimer timer;
        timer.start();
        auto batch = loadTrainingBatch(train, order, 0, 8, 1, p);
        QVERIFY(batch);
        qInfo("loading a batch of 8 photos on %d loader threads: %lld ms", p.loaderThreads, timer.elapsed());
    }

    // The trained backbone against a fresh copy: block parameters of the last 2 blocks differ, all others are equal.
    auto trained = trainedBackbone(out->model);
    QVERIFY(trained);
    auto fresh = loadBackbone(p.backboneId, p.modelsDir);
    QVERIFY(fresh);
    (*fresh)->setTrainableBlocks(2);
    std::set<const void*> unfrozen;
    for (const auto& t : (*fresh)->trainableParameters()) unfrozen.insert(t.unsafeGetTensorImpl());
    QVERIFY(!unfrozen.empty());
    const int blocks = (*fresh)->blockCount();
    QCOMPARE(blocks, 18);
    (*fresh)->setTrainableBlocks(blocks);
    trained->setTrainableBlocks(blocks);
    const auto before = (*fresh)->trainableParameters();
    const auto after = trained->trainableParameters();
    QCOMPARE(after.size(), before.size());
    int changed = 0, frozenChecked = 0;
    double maxDelta = 0;
    for (std::size_t i = 0; i < before.size(); ++i) {
        const bool moved = !torch::equal(before[i], after[i]);
        if (unfrozen.count(before[i].unsafeGetTensorImpl())) {
            QVERIFY2(moved, "an unfrozen parameter did not change");
            maxDelta = std::max(maxDelta, (before[i] - after[i]).abs().max().item<double>());
            ++changed;
        } else {
            QVERIFY2(!moved, "a frozen parameter changed");
            ++frozenChecked;
        }
    }
    qInfo("unfrozen tensors changed: %d (max |delta| %.3g); frozen tensors unchanged: %d", changed, maxDelta, frozenChecked);
    QCOMPARE(changed, static_cast<int>(unfrozen.size()));

    // The saved model carries the fine-tuned weights: a loaded copy predicts the same.
    const std::string file = (dir_.path() + "/finetuned.model").toStdString();
    QVERIFY(saveImageModel(*out, file));
    auto loaded = loadImageModel(file, p.modelsDir);
    QVERIFY2(loaded, loaded ? "" : loaded.error().message.c_str());
    QCOMPARE(loaded->preprocessKey(), std::string("224x224/stretch/tflite-uint8"));
    const std::vector<std::string> some{val[0].path, val[2].path, val[4].path};
    auto a = out->model.predictProbabilities(some);
    auto b = loaded->predictProbabilities(some);
    QVERIFY(a && b);
    QCOMPARE(a->size(), std::size_t(12));
    for (std::size_t i = 0; i < a->size(); ++i) QVERIFY(std::abs((*a)[i] - (*b)[i]) < 1e-6f);
}

void TestImageTrainer::augmentedBatchesAreDeterministic() {
    auto p = scratchParams();
    p.scratchInputSize = 48;
    p.augmentation = "strong";
    std::vector<std::int64_t> order{5, 0, 17, 33, 2, 9};
    auto a = loadTrainingBatch(train_, order, 0, 6, 3, p);
    p.loaderThreads = 1;  // the thread count must not matter
    auto b = loadTrainingBatch(train_, order, 0, 6, 3, p);
    QVERIFY(a && b);
    QCOMPARE(a->size(), std::size_t(6 * 3 * 48 * 48));
    QVERIFY(*a == *b);
    auto otherEpoch = loadTrainingBatch(train_, order, 0, 6, 4, p);
    QVERIFY(otherEpoch && *otherEpoch != *a);
    p.base.seed = 7;
    auto otherSeed = loadTrainingBatch(train_, order, 0, 6, 3, p);
    QVERIFY(otherSeed && *otherSeed != *a);
    p.augmentation = "none";
    auto plain = loadTrainingBatch(train_, order, 0, 6, 3, p);
    auto plainOtherEpoch = loadTrainingBatch(train_, order, 0, 6, 9, p);
    QVERIFY(plain && plainOtherEpoch && *plain == *plainOtherEpoch && *plain != *a);
    // Values are in the zero-to-one range of the scratch models.
    QVERIFY(*std::min_element(a->begin(), a->end()) >= 0.f && *std::max_element(a->begin(), a->end()) <= 1.f);
}

void TestImageTrainer::resumeReachesTheUninterruptedResult() {
    auto p = scratchParams();
    p.base.epochs = 4;
    p.augmentation = "light";
    QTemporaryDir a, b;
    p.base.checkpointDir = a.path().toStdString();
    auto whole = trainOnImages(train_, val_, kShapeClasses, p);
    QVERIFY2(whole, whole ? "" : whole.error().message.c_str());
    QVERIFY(QFileInfo::exists(QString::fromStdString(imageCheckpointPath(p.base.checkpointDir))));

    p.base.checkpointDir = b.path().toStdString();
    p.base.epochs = 2;
    auto first = trainOnImages(train_, val_, kShapeClasses, p);
    QVERIFY(first);
    QVERIFY(!first->resumed);
    p.base.epochs = 4;
    p.base.resume = true;
    auto rest = trainOnImages(train_, val_, kShapeClasses, p);
    QVERIFY2(rest, rest ? "" : rest.error().message.c_str());
    QVERIFY(rest->resumed);
    requireSameHistory(whole->history, rest->history);
    QCOMPARE(rest->bestEpoch, whole->bestEpoch);
    auto pa = whole->model.predictProbabilities(pathsOf(val_));
    auto pb = rest->model.predictProbabilities(pathsOf(val_));
    QVERIFY(pa && pb);
    QVERIFY(*pa == *pb);

    // A checkpoint written for other settings is refused with a message.
    p.augmentation = "strong";
    auto refused = trainOnImages(train_, val_, kShapeClasses, p);
    QVERIFY(!refused);
    QVERIFY(refused.error().message.find("cannot resume") != std::string::npos);
}

void TestImageTrainer::cancelFromAnotherThread() {
    auto p = scratchParams();
    p.base.epochs = 50;
    QTemporaryDir ckpt;
    p.base.checkpointDir = ckpt.path().toStdString();
    JobControl control;
    std::atomic<int> batches{0};
    TrainCallbacks cb;
    cb.onBatch = [&](int, int, double) { ++batches; };
    Result<ImageTrainOutcome> result = makeError(ErrorCode::Internal, "not run");
    std::thread worker([&] { result = trainOnImages(train_, val_, kShapeClasses, p, cb, &control); });
    while (batches.load() < 5) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    control.cancel();
    worker.join();
    QVERIFY(!result);
    QCOMPARE(int(result.error().code), int(ErrorCode::Cancelled));
    QVERIFY(batches.load() < 50 * 4);
    // What finished is resumable: the checkpoint holds whole epochs only.
    p.base.resume = true;
    p.base.epochs = 1;
    auto resumed = trainOnImages(train_, val_, kShapeClasses, p);
    QVERIFY(resumed);
    QVERIFY(resumed->history.size() >= 1);
}

void TestImageTrainer::badInputsAreErrors() {
    auto p = scratchParams();
    p.base.epochs = 1;
    auto withMissing = train_;
    withMissing[3].path = (dir_.path() + "/no-such-photo.png").toStdString();
    auto missing = trainOnImages(withMissing, val_, kShapeClasses, p);
    QVERIFY(!missing);
    QVERIFY2(missing.error().message.find("no-such-photo.png") != std::string::npos, missing.error().message.c_str());

    auto badLabel = train_;
    badLabel[0].label = 7;
    auto r = trainOnImages(badLabel, val_, kShapeClasses, p);
    QVERIFY(!r);
    QCOMPARE(int(r.error().code), int(ErrorCode::InvalidArgument));

    p.augmentation = "wild";
    QVERIFY(!trainOnImages(train_, val_, kShapeClasses, p));
    p.augmentation = "none";
    p.scratchModel.clear();
    p.backboneId = "no_such_backbone";
    QVERIFY(!trainOnImages(train_, val_, kShapeClasses, p));

    // A learning rate this high overflows quickly; the run must stop with a Numeric error, not train on NaN.
    p = scratchParams();
    p.base.learningRate = 1e12;
    p.base.epochs = 3;
    auto diverged = trainOnImages(train_, val_, kShapeClasses, p);
    QVERIFY(!diverged);
    QCOMPARE(int(diverged.error().code), int(ErrorCode::Numeric));
    qInfo("%s", diverged.error().message.c_str());
}

void TestImageTrainer::paramsJsonRoundTrip() {
    ImageTrainParams p;
    p.unfreezeBlocks = 3;
    p.backboneLearningRate = 2e-5;
    p.augmentation = "medium";
    p.loaderThreads = 3;
    p.base.epochs = 9;
    auto back = imageTrainParamsFromJson(toJson(p));
    QVERIFY(back);
    QCOMPARE(toJson(*back).dump(), toJson(p).dump());
    QVERIFY(!imageTrainParamsFromJson(nlohmann::json{{"augmentation", "wild"}}));
    QVERIFY(!imageTrainParamsFromJson(nlohmann::json{{"unfreezeBlocks", -1}}));
    QVERIFY(!imageTrainParamsFromJson(nlohmann::json{{"scratchModel", "resnet"}}));
    QCOMPARE(imageTrainParamsFromJson(nlohmann::json::object())->unfreezeBlocks, 0);
}

TAXOSCOPE_TEST_GUILESS_MAIN(TestImageTrainer)
#include "test_image_trainer.moc"
