// Grad-CAM on a real photo: MobileNetV2's "macaw" heatmap lies on the macaw, differs for another class, is
// deterministic; trained head files work; the overlay is a colour-mapped image at the photo's size.
#include <QtTest>

#include "test_registry.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <torch/torch.h>

#include "core/data/image_io.h"
#include "core/eval/grad_cam_impl.h"
#include "core/models/backbone_preprocess.h"
#include "core/train/head_trainer.h"
#include "test_support.h"

using namespace taxo;

namespace {

int classIndex(const Backbone& b, const std::string& prefix) {
    const auto& labels = b.labels();
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] == prefix || labels[i].rfind(prefix + ",", 0) == 0) return static_cast<int>(i);
    return -1;
}

// The macaw in parrot.jpg (512 x 929), as fractions of width and height, read off the photo: head, body and
// wings fill x 0.25..0.95, y 0.08..0.80 (the tail runs on down to the lower left, the perch is lower right).
bool onBird(double fx, double fy) { return fx >= 0.25 && fx <= 0.95 && fy >= 0.08 && fy <= 0.80; }

// Mean heat of the grid cells whose centre is on the bird, and of the others.
std::pair<double, double> heatOnAndOff(const GradCam& cam) {
    double on = 0, off = 0;
    int nOn = 0, nOff = 0;
    for (int y = 0; y < cam.height; ++y)
        for (int x = 0; x < cam.width; ++x) {
            const double h = cam.heat[static_cast<std::size_t>(y * cam.width + x)];
            if (onBird((x + 0.5) / cam.width, (y + 0.5) / cam.height)) on += h, ++nOn;
            else off += h, ++nOff;
        }
    return {on / nOn, off / nOff};
}

double meanAbsDiff(const std::vector<float>& a, const std::vector<float>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += std::abs(a[i] - b[i]);
    return s / static_cast<double>(a.size());
}

}  // namespace

class TestGradCam : public QObject {
    Q_OBJECT
    std::shared_ptr<Backbone> net_;
    cv::Mat parrot_;

private Q_SLOTS:
    void initTestCase() {
        torch::set_num_threads(1);
        if (test::sharedDir().isEmpty()) return;
        auto b = loadBackbone("mobilenet_v2_imagenet", test::shared("models/coral"));
        if (b) net_ = *b;
        auto rgb = decodeImage(test::shared("data/photos/parrot.jpg"));
        if (rgb) parrot_ = *rgb;
    }

    void macawHeatmapLiesOnTheBird() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        TAXO_REQUIRE_SHARED("data/photos/parrot.jpg");
        QVERIFY(net_ && !parrot_.empty());
        const int macaw = classIndex(*net_, "macaw");
        QVERIFY(macaw > 0);

        auto cam = explain(*net_, nullptr, parrot_, -1);
        QVERIFY2(cam, cam ? "" : cam.error().message.c_str());
        QCOMPARE(cam->predictedClass, macaw);
        QCOMPARE(cam->targetClass, macaw);
        QCOMPARE(QString::fromStdString(cam->targetLabel), QString("macaw"));
        QVERIFY(cam->targetProbability > 0.9f);
        QCOMPARE(cam->width, 7);
        QCOMPARE(cam->height, 7);
        QCOMPARE(cam->photoWidth, 512);
        QCOMPARE(cam->photoHeight, 929);
        QCOMPARE(cam->coverage, cv::Rect2d(0, 0, 512, 929));
        QCOMPARE(*std::max_element(cam->heat.begin(), cam->heat.end()), 1.0f);
        for (float h : cam->heat) QVERIFY(h >= 0.f && h <= 1.f);

        QString grid;
        for (int y = 0; y < 7; ++y) {
            for (int x = 0; x < 7; ++x) grid += QString::number(cam->heat[static_cast<std::size_t>(y * 7 + x)], 'f', 2) + " ";
            grid += "\n";
        }
        const auto [on, off] = heatOnAndOff(*cam);
        qInfo("macaw p=%.3f, heat on bird %.3f, off bird %.3f\n%s", static_cast<double>(cam->targetProbability), on, off,
              qPrintable(grid));
        QVERIFY2(on > 2.0 * off, qPrintable(QString("on %1 off %2").arg(on).arg(off)));
        // The hottest cell is on the bird.
        const auto peak = static_cast<int>(std::max_element(cam->heat.begin(), cam->heat.end()) - cam->heat.begin());
        QVERIFY(onBird((peak % 7 + 0.5) / 7, (peak / 7 + 0.5) / 7));

        // Deterministic.
        auto again = explain(*net_, nullptr, parrot_, macaw);
        QVERIFY(again);
        QCOMPARE(again->heat, cam->heat);

        // Another class looks elsewhere.
        const int pot = classIndex(*net_, "pot");
        QVERIFY(pot > 0);
        auto other = explain(*net_, nullptr, parrot_, pot);
        QVERIFY(other);
        QCOMPARE(other->targetClass, pot);
        QCOMPARE(other->predictedClass, macaw);
        QVERIFY(other->targetProbability < 0.05f);
        const double diff = meanAbsDiff(cam->heat, other->heat);
        qInfo("pot, flowerpot p=%.5f; mean |heat difference| to macaw %.3f", static_cast<double>(other->targetProbability), diff);
        QVERIFY(diff > 0.1);

        QVERIFY(!explain(*net_, nullptr, parrot_, 5000));
    }

    void publicEntryAndOverlay() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        TAXO_REQUIRE_SHARED("data/photos/parrot.jpg");
        QVERIFY(net_ && !parrot_.empty());
        ExplainParams p;
        p.photoPath = test::shared("data/photos/parrot.jpg");
        p.backboneId = "mobilenet_v2_imagenet";
        p.modelsDir = test::shared("models/coral");
        auto cam = explain(p);
        QVERIFY2(cam, cam ? "" : cam.error().message.c_str());
        // The public entry decodes as prediction does (decodeForModel: parrot.jpg at half size), then the same.
        const PreprocessSpec spec = *preprocessSpecFor(net_->info());
        auto reduced = decodeForModel(p.photoPath, spec);
        QVERIFY(reduced);
        QCOMPARE(reduced->cols, 256);
        auto direct = explain(*net_, nullptr, *reduced, -1, spec);
        QVERIFY(direct);
        QCOMPARE(cam->heat, direct->heat);
        QCOMPARE(cam->predictedProbability, direct->predictedProbability);
        // Sizes and coverage are the photo's own, not the reduced decode's.
        QCOMPARE(cam->photoWidth, 512);
        QCOMPARE(cam->photoHeight, 929);
        QCOMPARE(cam->coverage, cv::Rect2d(0, 0, 512, 929));

        const cv::Mat over = overlay(parrot_, *cam, 0.45);
        QCOMPARE(over.size(), parrot_.size());
        QCOMPARE(over.type(), CV_8UC3);
        // Where the heat peaks the overlay turns toward JET's dark red, where it is zero toward JET's dark blue.
        const auto peak = static_cast<int>(std::max_element(cam->heat.begin(), cam->heat.end()) - cam->heat.begin());
        const cv::Point hot(static_cast<int>((peak % 7 + 0.5) / 7 * 512), static_cast<int>((peak / 7 + 0.5) / 7 * 929));
        const cv::Vec3b o = over.at<cv::Vec3b>(hot), src = parrot_.at<cv::Vec3b>(hot);
        QVERIFY(o[2] <= src[2]);  // blue does not grow where JET is red
        const auto cold = std::min_element(cam->heat.begin(), cam->heat.end()) - cam->heat.begin();
        if (cam->heat[static_cast<std::size_t>(cold)] == 0.f) {
            const cv::Point c(static_cast<int>((cold % 7 + 0.5) / 7 * 512), static_cast<int>((cold / 7 + 0.5) / 7 * 929));
            QVERIFY(over.at<cv::Vec3b>(c)[0] <= parrot_.at<cv::Vec3b>(c)[0]);  // red does not grow where JET is blue
        }
        // A smaller copy of the photo gets an overlay of its own size.
        cv::Mat half;
        cv::resize(parrot_, half, cv::Size(256, 464));
        QCOMPARE(overlay(half, *cam).size(), half.size());
        QVERIFY(overlay(cv::Mat(), *cam).empty());

        QTemporaryDir tmp;
        const QByteArray keep = qgetenv("TAXOSCOPE_KEEP_TEST_OUTPUT");
        const QString dir = keep.isEmpty() ? tmp.path() : QString::fromLocal8Bit(keep);
        cv::Mat bgr;
        cv::cvtColor(over, bgr, cv::COLOR_RGB2BGR);
        const std::string png = (dir + "/gradcam-parrot-macaw.png").toStdString();
        QVERIFY(cv::imwrite(png, bgr));
        QVERIFY(QFileInfo(QString::fromStdString(png)).size() > 10000);
        qInfo("overlay written to %s", png.c_str());

        p.photoPath = test::shared("data/photos/no-such.jpg");
        auto missing = explain(p);
        QVERIFY(!missing);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void trainedHeadFile() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        TAXO_REQUIRE_SHARED("data/photos/parrot.jpg");
        QVERIFY(net_ && !parrot_.empty());
        // A 3-class head on random 1280-value features: enough to test the plumbing (shapes, classes, files).
        FeatureSet train;
        train.dim = 1280;
        train.rows = 30;
        torch::manual_seed(3);
        const torch::Tensor r = torch::rand({30, 1280});
        train.values.assign(r.data_ptr<float>(), r.data_ptr<float>() + r.numel());
        for (int i = 0; i < 30; ++i) train.labels.push_back(i % 3);
        TrainParams tp;
        tp.head = HeadConfig::forKind("mid");
        tp.epochs = 2;
        tp.threads = 1;
        auto trained = trainHead(train, train, 3, tp);
        QVERIFY(trained);
        QTemporaryDir tmp;
        const std::string headPath = tmp.filePath("head.pt").toStdString();
        QVERIFY(saveHead(trained->head, headPath));

        ExplainParams p;
        p.photoPath = test::shared("data/photos/parrot.jpg");
        p.backboneId = "mobilenet_v2_imagenet";
        p.modelsDir = test::shared("models/coral");
        p.headPath = headPath;
        p.targetClass = 2;
        auto cam = explain(p);
        QVERIFY2(cam, cam ? "" : cam.error().message.c_str());
        QCOMPARE(cam->targetClass, 2);
        QVERIFY(cam->predictedClass >= 0 && cam->predictedClass < 3);
        QVERIFY(cam->targetLabel.empty());
        QCOMPARE(cam->heat.size(), std::size_t(49));
        p.targetClass = 3;
        QVERIFY(!explain(p));

        p.targetClass = -1;
        p.resize = ResizeMode::CenterCrop;
        auto cropped = explain(p);
        QVERIFY(cropped);
        QCOMPARE(cropped->coverage.width, 512.0);
        // Within a pixel: the half-size decode rounds 929 rows up to 465.
        QVERIFY(std::abs(cropped->coverage.y - (929 - 512) / 2.0) < 1.0);
        QVERIFY(std::abs(cropped->coverage.height - 512) < 1.0);

        // A head for another embedding size is refused with a message.
        FeatureSet small = train;
        small.dim = 64;
        small.values.resize(30 * 64);
        auto wrong = trainHead(small, small, 3, tp);
        QVERIFY(wrong);
        QVERIFY(saveHead(wrong->head, headPath));
        p.resize = ResizeMode::Stretch;
        auto refused = explain(p);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.find("1280") != std::string::npos);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestGradCam)
#include "test_grad_cam.moc"
