// Augmentation: presets match the study's Table 2, JSON round-trips, a seed fixes the result, and each strength
// bounds what its transform can do.
#include <QtTest>

#include "test_registry.h"

#include <cmath>

#include <opencv2/imgproc.hpp>

#include "core/data/augment.h"
#include "test_support.h"

using namespace taxo;

namespace {

// A textured mid-range image (values 40..215) so photometric changes are rarely clipped.
cv::Mat texture(int width = 96, int height = 64) {
    cv::Mat m(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            m.at<cv::Vec3b>(y, x) = cv::Vec3b(uchar(40 + (x * 7 + y * 3) % 176), uchar(40 + (x * x + y) % 176),
                                              uchar(40 + (y * 11) % 176));
    return m;
}

bool sameBytes(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

AugmentParams only(double AugmentParams::*member, double value) {
    AugmentParams p;
    p.*member = value;
    return p;
}

// Centroid of the pixels brighter than 128 in the first channel.
cv::Point2d markerCentre(const cv::Mat& rgb) {
    double sx = 0, sy = 0, n = 0;
    for (int y = 0; y < rgb.rows; ++y)
        for (int x = 0; x < rgb.cols; ++x)
            if (rgb.at<cv::Vec3b>(y, x)[0] > 128) sx += x, sy += y, n += 1;
    return n > 0 ? cv::Point2d(sx / n, sy / n) : cv::Point2d(-1, -1);
}

}  // namespace

class TestAugment : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void presetsFollowTable2() {
        QCOMPARE(AugmentParams::presetNames(), (std::vector<std::string>{"none", "light", "medium", "strong"}));
        QVERIFY(AugmentParams::preset("none")->isIdentity());
        // Table 2: RandomZoom, RandomContrast, RandomSharpness, RandomBrightness of Augmentations 3, 1, 2.
        const struct { const char* name; double zoom, contrast, sharpness, brightness; } table[] = {
            {"light", 0.2, 0.1, 0.075, 0.075}, {"medium", 0.35, 0.15, 0.2, 0.3}, {"strong", 0.4, 0.2, 0.25, 0.15}};
        for (const auto& row : table) {
            Result<AugmentParams> p = AugmentParams::preset(row.name);
            QVERIFY(p.ok());
            QVERIFY(p->horizontalFlip);
            QCOMPARE(p->zoom, row.zoom);
            QCOMPARE(p->contrast, row.contrast);
            QCOMPARE(p->sharpness, row.sharpness);
            QCOMPARE(p->brightness, row.brightness);
            QVERIFY(p->validate().ok());
        }
        QVERIFY(AugmentParams::preset("light")->rotation < AugmentParams::preset("strong")->rotation);
        QVERIFY(AugmentParams::preset("strong")->saturation > 0);
        Result<AugmentParams> unknown = AugmentParams::preset("extreme");
        QVERIFY(!unknown.ok());
        QVERIFY(unknown.error().message.find("'extreme'") != std::string::npos);
    }

    void jsonRoundTripAndErrors() {
        for (const std::string& name : AugmentParams::presetNames()) {
            const AugmentParams p = *AugmentParams::preset(name);
            Result<AugmentParams> back = AugmentParams::fromJson(nlohmann::json::parse(p.toJson().dump()));
            QVERIFY(back.ok());
            QVERIFY(*back == p);
        }
        Result<AugmentParams> partial = AugmentParams::fromJson({{"zoom", 0.3}});
        QVERIFY(partial.ok());
        QCOMPARE(partial->zoom, 0.3);
        QVERIFY(!partial->horizontalFlip);

        const nlohmann::json bad[] = {{{"zom", 0.3}}, {{"zoom", "0.3"}}, {{"zoom", -0.1}}, {{"rotation", 0.7}},
                                      {{"horizontalFlip", 1}}, nlohmann::json::array()};
        for (const auto& j : bad) {
            Result<AugmentParams> r = AugmentParams::fromJson(j);
            QVERIFY2(!r.ok(), j.dump().c_str());
        }
        QVERIFY(AugmentParams::fromJson({{"zom", 0.3}}).error().message.find("'zom'") != std::string::npos);
        QVERIFY(AugmentParams::fromJson({{"contrast", 3}}).error().message.find("contrast") != std::string::npos);
    }

    void noneIsIdentity() {
        const cv::Mat img = texture();
        const AugmentParams none = *AugmentParams::preset("none");
        for (std::uint64_t seed : {0ull, 1ull, 12345ull, ~0ull}) QVERIFY(sameBytes(augment(img, none, seed), img));
    }

    void deterministicForASeed() {
        const cv::Mat img = texture();
        const cv::Mat copy = img.clone();
        for (const char* name : {"light", "medium", "strong"}) {
            const AugmentParams p = *AugmentParams::preset(name);
            const cv::Mat a = augment(img, p, 2024), b = augment(img, p, 2024), c = augment(img, p, 2025);
            QCOMPARE(a.size(), img.size());
            QCOMPARE(a.type(), CV_8UC3);
            QVERIFY(sameBytes(a, b));
            QVERIFY2(!sameBytes(a, c), name);
        }
        QVERIFY(sameBytes(img, copy));  // input untouched
    }

    void flipIsAllOrNothing() {
        const cv::Mat img = texture();
        cv::Mat mirrored;
        cv::flip(img, mirrored, 1);
        AugmentParams p;
        p.horizontalFlip = true;
        int flipped = 0;
        for (std::uint64_t seed = 0; seed < 40; ++seed) {
            const cv::Mat out = augment(img, p, seed);
            QVERIFY(sameBytes(out, img) || sameBytes(out, mirrored));
            flipped += sameBytes(out, mirrored);
        }
        QVERIFY(flipped > 5 && flipped < 35);
    }

    void brightnessBoundedByStrength() {
        const cv::Mat img = texture();
        double largest = 0;
        for (std::uint64_t seed = 0; seed < 30; ++seed) {
            cv::Mat diff;
            cv::subtract(augment(img, only(&AugmentParams::brightness, 0.1), seed), img, diff, cv::noArray(), CV_32S);
            double lo, hi;
            cv::minMaxLoc(diff.reshape(1), &lo, &hi);
            QVERIFY(hi - lo <= 1);  // one shift for all pixels (up to rounding)
            QVERIFY(std::abs(lo) <= 0.1 * 255 + 1 && std::abs(hi) <= 0.1 * 255 + 1);
            largest = std::max(largest, std::max(std::abs(lo), std::abs(hi)));
        }
        QVERIFY(largest > 0.05 * 255);  // the strength is actually used
    }

    void contrastKeepsMeansAndBoundsSpread() {
        const cv::Mat img = texture();
        cv::Scalar mean0, sd0;
        cv::meanStdDev(img, mean0, sd0);
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            cv::Scalar mean, sd;
            cv::meanStdDev(augment(img, only(&AugmentParams::contrast, 0.2), seed), mean, sd);
            for (int c = 0; c < 3; ++c) {
                QVERIFY(std::abs(mean[c] - mean0[c]) < 1.0);
                const double ratio = sd[c] / sd0[c];
                QVERIFY2(ratio > 0.8 - 0.01 && ratio < 1.2 + 0.01, qPrintable(QString::number(ratio)));
            }
        }
    }

    void saturationAndSharpnessBounded() {
        const cv::Mat img = texture();
        for (std::uint64_t seed = 0; seed < 10; ++seed) {
            cv::Mat sat = augment(img, only(&AugmentParams::saturation, 0.2), seed);
            // Grey stays grey; colour moves at most 20% of its distance from grey.
            cv::Mat greyImg(8, 8, CV_8UC3, cv::Scalar(90, 90, 90));
            QVERIFY(cv::norm(augment(greyImg, only(&AugmentParams::saturation, 1.0), seed), greyImg, cv::NORM_INF) <= 1);
            QVERIFY(cv::norm(sat, img, cv::NORM_INF) <= 0.2 * 215 + 1);
            // A flat image has nothing to sharpen.
            cv::Mat flat(8, 8, CV_8UC3, cv::Scalar(30, 60, 90));
            QVERIFY(sameBytes(augment(flat, only(&AugmentParams::sharpness, 1.0), seed), flat));
        }
        QVERIFY(!sameBytes(augment(img, only(&AugmentParams::sharpness, 0.25), 3), img));
    }

    void geometryBoundedByStrength() {
        // A bright square on black, off-centre, in a 101x101 image (centre 50, 50).
        cv::Mat img(101, 101, CV_8UC3, cv::Scalar::all(0));
        img(cv::Rect(65, 45, 11, 11)).setTo(cv::Scalar::all(255));
        const cv::Point2d start = markerCentre(img);  // (70, 50)
        double largestShift = 0, largestAngle = 0, smallestR = 20, largestR = 20;
        for (std::uint64_t seed = 0; seed < 20; ++seed) {
            const cv::Point2d moved = markerCentre(augment(img, only(&AugmentParams::translation, 0.1), seed));
            QVERIFY(std::abs(moved.x - start.x) <= 10.1 + 0.5 && std::abs(moved.y - start.y) <= 10.1 + 0.5);
            largestShift = std::max(largestShift, std::abs(moved.x - start.x));

            // Rotation 0.05 turns (+-18 degrees) about the centre: same radius, angle within bound.
            const cv::Point2d turned = markerCentre(augment(img, only(&AugmentParams::rotation, 0.05), seed));
            const double angle = std::atan2(turned.y - 50, turned.x - 50);
            QVERIFY(std::abs(std::hypot(turned.x - 50, turned.y - 50) - 20) < 1.0);
            QVERIFY2(std::abs(angle) <= 0.05 * 2 * CV_PI + 0.02, qPrintable(QString::number(angle)));
            largestAngle = std::max(largestAngle, std::abs(angle));

            // Zoom 0.2: distance from the centre scales by 1/z with z in [0.8, 1.2].
            const cv::Point2d zoomed = markerCentre(augment(img, only(&AugmentParams::zoom, 0.2), seed));
            const double r = std::hypot(zoomed.x - 50, zoomed.y - 50);
            QVERIFY2(r >= 20 / 1.2 - 0.6 && r <= 20 / 0.8 + 0.6, qPrintable(QString::number(r)));
            smallestR = std::min(smallestR, r);
            largestR = std::max(largestR, r);
        }
        // ... and the strengths are actually used.
        QVERIFY(largestShift > 5);
        QVERIFY(largestAngle > 0.05 * CV_PI);
        QVERIFY(smallestR < 19 && largestR > 21);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestAugment)
#include "test_augment.moc"
