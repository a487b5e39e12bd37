// Regression: `taxoscope-cli explain --run` (and the gallery's Grad-CAM) must see a photo exactly as the run's
// predictions do. explain() once decoded the photo at full size while Predictor decodes big photos at 1/8 scale in
// the JPEG's DCT, so the network got differently filtered pixels and could rank another family first.
// On real rare-species photos (2,000-4,000 pixels a side) and a head bundle over MobileNetV2: explain's predicted
// class and the probabilities of the Predictor's top-k classes equal the Predictor's within 1e-5, with the
// bundle's stretch and centre-crop preprocessing.
#include <QtTest>

#include "test_registry.h"

#include <filesystem>

#include <torch/torch.h>

#include "core/common/content_hash.h"
#include "core/data/image_io.h"
#include "core/eval/grad_cam_impl.h"
#include "core/eval/model_bundle.h"
#include "core/eval/predictor.h"
#include "core/models/backbone_preprocess.h"
#include "core/train/head_trainer.h"
#include "test_support.h"

using namespace taxo;

namespace {

constexpr int kHeadClasses = 12;
constexpr int kTop = 3;

// A head bundle as a run writes it, trained one epoch on random features (seeded): its weights are arbitrary but
// fixed, which is all the comparison needs.
Result<std::string> makeBundle(const std::string& dir, const std::string& modelsDir, ResizeMode resize) {
    auto info = findBackbone("mobilenet_v2_imagenet", modelsDir);
    if (!info) return info.error();
    auto spec = preprocessSpecFor(*info, resize);
    if (!spec) return spec.error();
    auto digest = hashFile(info->modelFile);
    if (!digest) return digest.error();
    FeatureSet train;
    train.rows = 4 * kHeadClasses;
    train.dim = info->embeddingDim;
    torch::manual_seed(11);
    // Embeddings of MobileNetV2 are non-negative (after ReLU6 and pooling): so are these.
    const torch::Tensor r = torch::rand({train.rows, train.dim}) * 2.0;
    train.values.assign(r.data_ptr<float>(), r.data_ptr<float>() + r.numel());
    for (std::int64_t i = 0; i < train.rows; ++i) train.labels.push_back(std::int32_t(i % kHeadClasses));
    TrainParams params;
    params.epochs = 1;
    params.patience = 0;
    params.threads = 1;
    params.seed = 3;
    auto outcome = trainHead(train, train, kHeadClasses, params);
    if (!outcome) return outcome.error();
    ModelBundle bundle;
    bundle.dir = dir;
    bundle.backboneId = info->id;
    bundle.weightsDigest = *digest;
    bundle.preprocessKey = spec->key();
    bundle.embeddingDim = info->embeddingDim;
    bundle.head = outcome->head.config();
    for (int c = 0; c < kHeadClasses; ++c) bundle.classNames.push_back("chordata_family" + std::to_string(c));
    std::filesystem::create_directories(dir);
    if (auto s = saveHead(outcome->head, bundle.headPath()); !s) return s.error();
    if (auto s = writeModelBundle(bundle); !s) return s.error();
    return dir;
}

}  // namespace

class TestExplainConsistency : public QObject {
    Q_OBJECT

    // Explain's view of one photo against the Predictor's, for the bundle in dir.
    void compare(const std::string& dir, const std::string& photo) {
        const std::string models = test::shared("models/coral");
        auto predictor = Predictor::load(dir, models, "cpu", 1);
        QVERIFY2(predictor, predictor ? "" : predictor.error().message.c_str());
        const ModelBundle& bundle = (*predictor)->bundle();
        PredictOptions options;
        options.topK = kTop;
        options.loaderThreads = 1;
        auto predicted = (*predictor)->predict({photo}, options);
        QVERIFY2(predicted, predicted ? "" : predicted.error().message.c_str());
        const PhotoPrediction& p = predicted->front();
        QVERIFY2(p.error.empty(), p.error.c_str());
        QCOMPARE(int(p.top.size()), kTop);

        ExplainParams params;
        params.photoPath = photo;
        params.backboneId = bundle.backboneId;
        params.modelsDir = models;
        params.headPath = bundle.headPath();
        params.preprocess = *PreprocessSpec::parse(bundle.preprocessKey);
        for (int k = 0; k < kTop; ++k) {
            const auto it = std::find(bundle.classNames.begin(), bundle.classNames.end(), p.top[std::size_t(k)].label);
            QVERIFY(it != bundle.classNames.end());
            params.targetClass = int(it - bundle.classNames.begin());
            auto cam = explain(params);
            QVERIFY2(cam, cam ? "" : cam.error().message.c_str());
            qInfo("%s %s: predictor %s %.6f, explain %.6f", bundle.preprocessKey.c_str(), photo.substr(photo.rfind('/') + 1).c_str(),
                  p.top[std::size_t(k)].label.c_str(), double(p.top[std::size_t(k)].probability), double(cam->targetProbability));
            QVERIFY(std::abs(cam->targetProbability - p.top[std::size_t(k)].probability) < 1e-5f);
            QCOMPARE(bundle.classNames[std::size_t(cam->predictedClass)], p.top[0].label);
            QVERIFY(std::abs(cam->predictedProbability - p.top[0].probability) < 1e-5f);
        }
    }

private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void explainSeesWhatThePredictorSees() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        TAXO_REQUIRE_SHARED("data/rare_species/chordata_ardeidae");
        const QDir folder(QString::fromStdString(test::shared("data/rare_species/chordata_ardeidae")));
        const QStringList names = folder.entryList({"*.jpg"}, QDir::Files, QDir::Name);
        QVERIFY(names.size() >= 2);
        std::vector<std::string> photos;
        for (int i = 0; i < 2; ++i) {
            photos.push_back(folder.filePath(names[i]).toStdString());
            // The case that diverged: a photo big enough to be decoded at a reduced size.
            auto info = probeImage(photos.back());
            QVERIFY(info);
            QVERIFY(reducedScaleFor(info->width, info->height, 224) > 1);
        }
        QTemporaryDir tmp;
        const std::string models = test::shared("models/coral");
        auto stretch = makeBundle(tmp.filePath("stretch").toStdString(), models, ResizeMode::Stretch);
        QVERIFY2(stretch, stretch ? "" : stretch.error().message.c_str());
        for (const std::string& photo : photos) {
            compare(*stretch, photo);
            if (QTest::currentTestFailed()) return;
        }
        // The run's resize mode reaches explain too (it used to take the backbone's default).
        auto crop = makeBundle(tmp.filePath("crop").toStdString(), models, ResizeMode::CenterCrop);
        QVERIFY2(crop, crop ? "" : crop.error().message.c_str());
        compare(*crop, photos.front());
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestExplainConsistency)
#include "test_explain_consistency.moc"
