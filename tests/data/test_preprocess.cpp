// Model-input preprocessing: spec names, resize geometry, normalisation values and CHW layout.
#include <QtTest>

#include "test_colours.h"
#include "test_registry.h"

#include <cmath>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/data/preprocess.h"
#include "test_support.h"

using namespace taxo;

namespace {

using namespace test::colours;

// Columns [0, a) red, [a, b) green, [b, width) blue.
cv::Mat bands(int width, int height, int a, int b) {
    cv::Mat m(height, width, CV_8UC3, cv::Scalar(kBlue[0], kBlue[1], kBlue[2]));
    m.colRange(0, a).setTo(cv::Scalar(255, 0, 0));
    m.colRange(a, b).setTo(cv::Scalar(0, 255, 0));
    return m;
}

bool allPixels(const cv::Mat& m, cv::Rect area, const cv::Vec3b& colour, int tolerance = 0) {
    for (int y = area.y; y < area.y + area.height; ++y)
        for (int x = area.x; x < area.x + area.width; ++x) {
            const cv::Vec3b v = m.at<cv::Vec3b>(y, x);
            for (int k = 0; k < 3; ++k)
                if (std::abs(int(v[k]) - int(colour[k])) > tolerance) return false;
        }
    return true;
}

}  // namespace

class TestPreprocess : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specKeysRoundTrip() {
        for (ResizeMode mode : {ResizeMode::Stretch, ResizeMode::CenterCrop, ResizeMode::Letterbox})
            for (Normalization norm : {Normalization::ImageNet, Normalization::MinusOneToOne, Normalization::TfliteUint8,
                                       Normalization::Raw255, Normalization::ZeroToOne}) {
                PreprocessSpec spec;
                spec.width = 299;
                spec.height = 256;
                spec.resize = mode;
                spec.norm = norm;
                Result<PreprocessSpec> back = PreprocessSpec::parse(spec.key());
                QVERIFY2(back.ok(), spec.key().c_str());
                QVERIFY(*back == spec);
            }
        QCOMPARE(PreprocessSpec().key(), std::string("224x224/stretch/imagenet"));
        for (const char* bad : {"", "224x224", "224/stretch/imagenet", "224x224/fill/imagenet", "224x224/stretch/foo",
                                "0x224/stretch/imagenet", "224x224x3/stretch/imagenet"}) {
            Result<PreprocessSpec> r = PreprocessSpec::parse(bad);
            QVERIFY2(!r.ok(), bad);
            QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        }
        QVERIFY(parseNormalization("tflite").error().message.find("'tflite'") != std::string::npos);
    }

    void normalisationValues() {
        // One row of three pixels: R, G, B samples 0, 128, 255 in different places, to see channel and plane order.
        cv::Mat rgb(1, 3, CV_8UC3);
        rgb.at<cv::Vec3b>(0, 0) = {0, 128, 255};
        rgb.at<cv::Vec3b>(0, 1) = {128, 255, 0};
        rgb.at<cv::Vec3b>(0, 2) = {255, 0, 128};
        const float mean[3] = {0.485f, 0.456f, 0.406f}, stdev[3] = {0.229f, 0.224f, 0.225f};
        for (Normalization norm : {Normalization::ImageNet, Normalization::MinusOneToOne, Normalization::TfliteUint8,
                                   Normalization::Raw255, Normalization::ZeroToOne}) {
            std::vector<float> out(9, -99.f);
            toPlanarFloat(rgb, norm, out.data());
            for (int c = 0; c < 3; ++c)
                for (int x = 0; x < 3; ++x) {
                    const double v = rgb.at<cv::Vec3b>(0, x)[c];
                    double expected = 0;
                    switch (norm) {
                    case Normalization::ImageNet: expected = (v / 255.0 - mean[c]) / stdev[c]; break;
                    case Normalization::MinusOneToOne: expected = v / 127.5 - 1.0; break;
                    case Normalization::TfliteUint8: expected = (v - 128.0) / 128.0; break;
                    case Normalization::Raw255: expected = v; break;
                    case Normalization::ZeroToOne: expected = v / 255.0; break;
                    }
                    const float got = out[std::size_t(c * 3 + x)];  // CHW: plane c, column x
                    QVERIFY2(std::abs(got - expected) < 1e-5,
                             qPrintable(QString("%1 c%2 x%3: %4 vs %5").arg(normalizationName(norm)).arg(c).arg(x).arg(got).arg(expected)));
                }
        }
        // Spot values a reader can check by hand.
        std::vector<float> out(9);
        toPlanarFloat(rgb, Normalization::MinusOneToOne, out.data());
        QCOMPARE(out[0], -1.0f);
        QCOMPARE(out[2], 1.0f);
        toPlanarFloat(rgb, Normalization::TfliteUint8, out.data());
        QCOMPARE(out[1], 0.0f);
        toPlanarFloat(rgb, Normalization::ImageNet, out.data());
        QVERIFY(std::abs(out[0] - (-0.485f / 0.229f)) < 1e-6f);  // R of a black pixel: -2.1179
    }

    void stretchGeometry() {
        const cv::Mat src = bands(400, 200, 200, 200);  // left half red, right half blue
        PreprocessSpec spec;
        const cv::Mat out = resizeForModel(src, spec);
        QCOMPARE(out.cols, 224);
        QCOMPARE(out.rows, 224);
        QCOMPARE(out.type(), CV_8UC3);
        QVERIFY(allPixels(out, cv::Rect(0, 0, 111, 224), kRed));
        QVERIFY(allPixels(out, cv::Rect(113, 0, 111, 224), kBlue));
    }

    void centerCropGeometry() {
        // 400x200 -> scaled 200x100 -> middle 100x100 = source columns 100..300, exactly the green band.
        const cv::Mat src = bands(400, 200, 100, 300);
        PreprocessSpec spec;
        spec.width = spec.height = 100;
        spec.resize = ResizeMode::CenterCrop;
        const cv::Mat out = resizeForModel(src, spec);
        QCOMPARE(out.size(), cv::Size(100, 100));
        QVERIFY(allPixels(out, cv::Rect(0, 0, 100, 100), kGreen));

        // Portrait source into a landscape target: keeps the middle rows.
        cv::Mat tall(400, 100, CV_8UC3, cv::Scalar(255, 0, 0));
        tall.rowRange(150, 250).setTo(cv::Scalar(0, 255, 0));
        spec.width = 100;
        spec.height = 100;
        const cv::Mat mid = resizeForModel(tall, spec);
        QVERIFY(allPixels(mid, cv::Rect(0, 0, 100, 100), kGreen, 2));
    }

    void letterboxGeometry() {
        const cv::Mat src = bands(400, 200, 200, 200);
        PreprocessSpec spec;
        spec.width = spec.height = 100;
        spec.resize = ResizeMode::Letterbox;
        const cv::Mat out = resizeForModel(src, spec);
        QCOMPARE(out.size(), cv::Size(100, 100));
        // The image becomes 100x50 at rows 25..74, grey bars above and below.
        QVERIFY(allPixels(out, cv::Rect(0, 0, 100, 25), kGrey));
        QVERIFY(allPixels(out, cv::Rect(0, 75, 100, 25), kGrey));
        QVERIFY(allPixels(out, cv::Rect(0, 25, 50, 50), kRed));
        QVERIFY(allPixels(out, cv::Rect(50, 25, 50, 50), kBlue));

        // A small image is enlarged to fit, not left small.
        const cv::Mat tiny = bands(10, 20, 5, 5);
        const cv::Mat big = resizeForModel(tiny, spec);
        QVERIFY(allPixels(big, cv::Rect(0, 0, 25, 100), kGrey));
        QVERIFY(allPixels(big, cv::Rect(27, 0, 20, 100), kRed));
        QVERIFY(allPixels(big, cv::Rect(53, 0, 20, 100), kBlue));
    }

    void loadForModelFromFile() {
        QTemporaryDir dir;
        const std::string file = (dir.path() + "/photo.jpg").toStdString();
        const cv::Mat photo(900, 1200, CV_8UC3, cv::Scalar(50, 100, 200));  // BGR for imwrite: RGB (200, 100, 50)
        QVERIFY(cv::imwrite(file, photo, {cv::IMWRITE_JPEG_QUALITY, 100}));

        PreprocessSpec spec;
        spec.norm = Normalization::ZeroToOne;
        Result<std::vector<float>> v = loadForModel(file, spec);
        QVERIFY(v.ok());
        QCOMPARE(v->size(), std::size_t(3 * 224 * 224));
        const std::size_t plane = 224 * 224;
        for (std::size_t c = 0; c < 3; ++c) {
            const float expected = (c == 0 ? 200 : c == 1 ? 100 : 50) / 255.0f;
            for (std::size_t i = c * plane; i < (c + 1) * plane; i += 997)
                QVERIFY2(std::abs((*v)[i] - expected) < 3 / 255.0f, qPrintable(QString::number((*v)[i])));
        }

        // Into the second slot of a batch: the neighbours stay untouched.
        std::vector<float> batch(3 * plane * 3, -7.0f);
        QVERIFY(loadForModelInto(file, spec, batch.data() + 3 * plane).ok());
        QCOMPARE(batch[3 * plane - 1], -7.0f);
        QCOMPARE(batch[6 * plane], -7.0f);
        QCOMPARE(batch[3 * plane], (*v)[0]);
        QCOMPARE(batch[6 * plane - 1], (*v)[3 * plane - 1]);

        Result<std::vector<float>> missing = loadForModel((dir.path() + "/gone.jpg").toStdString(), spec);
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.find("gone.jpg") != std::string::npos);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestPreprocess)
#include "test_preprocess.moc"
