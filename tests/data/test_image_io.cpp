// Decoding and probing photos. Every input is generated here: OpenCV-encoded images, hand-written Exif segments,
// a libjpeg-written CMYK JPEG, and crafted or damaged headers.
#include <QtTest>

#include "test_colours.h"
#include "test_registry.h"

#include <cstdio>
#include <fstream>
#include <random>

#include <sys/resource.h>

#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/data/image_io.h"
#include "test_support.h"
#ifdef TAXOSCOPE_TEST_HAVE_LIBJPEG
#include "tests/cmyk_jpeg.h"
#endif

using namespace taxo;

namespace {

using namespace test::colours;

// RGB image with four coloured quadrants: top-left red, top-right green, bottom-left blue, bottom-right white.
cv::Mat quadrants(int width, int height) {
    cv::Mat m(height, width, CV_8UC3);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            const bool right = x >= width / 2, bottom = y >= height / 2;
            m.at<cv::Vec3b>(y, x) = bottom ? (right ? kWhite : kBlue) : (right ? kGreen : kRed);
        }
    return m;
}

std::string encode(const cv::Mat& rgbOrGrey, const std::string& ext, const std::vector<int>& params = {}) {
    cv::Mat bgr;  // a fresh Mat: cvtColor into a header sharing the input would convert the caller's image in place
    if (rgbOrGrey.channels() == 1) bgr = rgbOrGrey;
    if (rgbOrGrey.channels() == 3) cv::cvtColor(rgbOrGrey, bgr, cv::COLOR_RGB2BGR);
    if (rgbOrGrey.channels() == 4) cv::cvtColor(rgbOrGrey, bgr, cv::COLOR_RGBA2BGRA);
    std::vector<uchar> buf;
    if (!cv::imencode(ext, bgr, buf, params)) qFatal("cannot encode %s", ext.c_str());
    return std::string(buf.begin(), buf.end());
}

// An APP1 Exif segment holding only IFD0 with the Orientation tag, inserted right after SOI.
std::string withExifOrientation(const std::string& jpeg, int orientation) {
    const std::string tiff = std::string("MM\0*\0\0\0\x08", 8) +                    // big-endian, IFD0 at 8
                             std::string("\0\x01", 2) +                             // one entry
                             std::string("\x01\x12\0\x03\0\0\0\x01", 8) +           // Orientation, SHORT, 1
                             std::string{'\0', char(orientation), '\0', '\0'} +     // value, padded
                             std::string("\0\0\0\0", 4);                            // no next IFD
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const std::size_t length = payload.size() + 2;
    const std::string segment = std::string("\xFF\xE1", 2) + char(length >> 8) + char(length & 0xFF) + payload;
    return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

// Colours at the centres of the four quadrants of a decoded image: TL, TR, BL, BR.
std::vector<cv::Vec3b> corners(const cv::Mat& rgb) {
    const int x0 = rgb.cols / 4, x1 = 3 * rgb.cols / 4, y0 = rgb.rows / 4, y1 = 3 * rgb.rows / 4;
    return {rgb.at<cv::Vec3b>(y0, x0), rgb.at<cv::Vec3b>(y0, x1), rgb.at<cv::Vec3b>(y1, x0), rgb.at<cv::Vec3b>(y1, x1)};
}

bool near(const cv::Vec3b& a, const cv::Vec3b& b, int tolerance) {
    for (int k = 0; k < 3; ++k)
        if (std::abs(int(a[k]) - int(b[k])) > tolerance) return false;
    return true;
}

QString show(const cv::Vec3b& v) { return QString("(%1,%2,%3)").arg(v[0]).arg(v[1]).arg(v[2]); }

void expectCorners(const cv::Mat& rgb, const std::vector<cv::Vec3b>& expected, int tolerance = 40) {
    const auto got = corners(rgb);
    for (int i = 0; i < 4; ++i)
        QVERIFY2(near(got[std::size_t(i)], expected[std::size_t(i)], tolerance),
                 qPrintable(QString("quadrant %1: got %2, expected %3").arg(i).arg(show(got[std::size_t(i)]), show(expected[std::size_t(i)]))));
}

// What a viewer shows for each EXIF orientation of the stored quadrant image [R G; B W] (TL, TR, BL, BR).
std::vector<cv::Vec3b> displayedQuadrants(int orientation) {
    switch (orientation) {
    case 1: return {kRed, kGreen, kBlue, kWhite};
    case 2: return {kGreen, kRed, kWhite, kBlue};    // mirrored left-right
    case 3: return {kWhite, kBlue, kGreen, kRed};    // rotated 180
    case 4: return {kBlue, kWhite, kRed, kGreen};    // mirrored top-bottom
    case 5: return {kRed, kBlue, kGreen, kWhite};    // transposed
    case 6: return {kBlue, kRed, kWhite, kGreen};    // rotated 90 clockwise
    case 7: return {kWhite, kGreen, kBlue, kRed};    // transverse
    case 8: return {kGreen, kWhite, kRed, kBlue};    // rotated 90 counter-clockwise
    }
    return {};
}

long maxRssKiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

}  // namespace

class TestImageIo : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::string path(const char* name) { return (dir_.path() + "/" + name).toStdString(); }
    std::string write(const char* name, const std::string& bytes) {
        const std::string p = path(name);
        std::ofstream(p, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
        return p;
    }

private Q_SLOTS:
    // The damaged inputs below make OpenCV's TIFF reader log a warning each; the errors are checked as values.
    void initTestCase() { cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_ERROR); }

    void exifOrientation_data() {
        QTest::addColumn<int>("orientation");
        for (int o = 1; o <= 8; ++o) QTest::addRow("orientation %d", o) << o;
    }

    void exifOrientation() {
        QFETCH(int, orientation);
        const std::string jpeg = withExifOrientation(encode(quadrants(64, 32), ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95}), orientation);
        const std::string file = write("oriented.jpg", jpeg);

        Result<ImageInfo> info = probeImage(file);
        QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
        QCOMPARE(info->exifOrientation, orientation);
        QCOMPARE(info->width, 64);
        QCOMPARE(info->height, 32);

        Result<cv::Mat> rgb = decodeImage(file);
        QVERIFY(rgb.ok());
        QCOMPARE(rgb->type(), CV_8UC3);
        QCOMPARE(rgb->cols, orientation >= 5 ? 32 : 64);
        QCOMPARE(rgb->rows, orientation >= 5 ? 64 : 32);
        expectCorners(*rgb, displayedQuadrants(orientation));

        // Switched off, the stored layout comes back: OpenCV's own rotation is not silently applied on top.
        DecodeOptions raw;
        raw.applyExifOrientation = false;
        Result<cv::Mat> stored = decodeImageBytes(jpeg, "oriented.jpg", raw);
        QVERIFY(stored.ok());
        QCOMPARE(stored->cols, 64);
        expectCorners(*stored, displayedQuadrants(1));

        if (orientation == 6) {  // record what plain OpenCV 4.6 does, the reason for IMREAD_IGNORE_ORIENTATION
            const cv::Mat plain = cv::imdecode(cv::Mat(1, int(jpeg.size()), CV_8U, const_cast<char*>(jpeg.data())), cv::IMREAD_COLOR);
            qInfo("OpenCV %s imdecode(IMREAD_COLOR) of an orientation-6 JPEG gives %dx%d (%s EXIF itself)", CV_VERSION,
                  plain.cols, plain.rows, plain.cols == 32 ? "applies" : "ignores");
        }
    }

    void exifOrientationWithReducedDecode() {
        const std::string jpeg = withExifOrientation(encode(quadrants(512, 256), ".jpg"), 6);
        DecodeOptions options;
        options.targetShortSide = 64;  // 256 / 4 = 64: quarter-size decode
        Result<cv::Mat> rgb = decodeImageBytes(jpeg, "reduced.jpg", options);
        QVERIFY(rgb.ok());
        QCOMPARE(rgb->cols, 64);
        QCOMPARE(rgb->rows, 128);
        expectCorners(*rgb, displayedQuadrants(6));
    }

    void cmykJpeg() {
#ifndef TAXOSCOPE_TEST_HAVE_LIBJPEG
        QSKIP("libjpeg not found at configure time");
#else
        // Adobe CMYK JPEGs (Photoshop, and libjpeg's Adobe marker) store inverted ink values: 255 = no ink.
        const int w = 64, h = 32;
        std::vector<unsigned char> cmyk(std::size_t(w * h * 4));
        const unsigned char inkRed[4] = {0, 255, 255, 0}, inkGreen[4] = {255, 0, 255, 0}, inkBlue[4] = {255, 255, 0, 0},
                            inkWhite[4] = {0, 0, 0, 0};
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x) {
                const bool right = x >= w / 2, bottom = y >= h / 2;
                const unsigned char* ink = bottom ? (right ? inkWhite : inkBlue) : (right ? inkGreen : inkRed);
                for (int k = 0; k < 4; ++k) cmyk[std::size_t((y * w + x) * 4 + k)] = static_cast<unsigned char>(255 - ink[k]);
            }
        const std::string bytes = taxo::test::encodeCmykJpeg(cmyk, w, h, 95);

        Result<ImageInfo> info = probeImageBytes(bytes, "cmyk.jpg");
        QVERIFY(info.ok());
        QCOMPARE(info->channels, 4);
        Result<cv::Mat> rgb = decodeImageBytes(bytes, "cmyk.jpg");
        QVERIFY2(rgb.ok(), rgb.ok() ? "" : rgb.error().message.c_str());
        QCOMPARE(rgb->type(), CV_8UC3);
        expectCorners(*rgb, {kRed, kGreen, kBlue, kWhite});
#endif
    }

    void png8And16Bit() {
        const cv::Mat q = quadrants(40, 20);
        Result<cv::Mat> rgb8 = decodeImageBytes(encode(q, ".png"), "q.png");
        QVERIFY(rgb8.ok());
        QCOMPARE(cv::norm(*rgb8, q, cv::NORM_INF), 0.0);  // lossless, and RGB order (not BGR)

        cv::Mat q16;
        q.convertTo(q16, CV_16UC3, 257.0);
        q16.at<cv::Vec3w>(0, 0) = cv::Vec3w(0x8080, 0x0101, 0xFFFF);
        const std::string png16 = encode(q16, ".png");
        Result<ImageInfo> info = probeImageBytes(png16, "q16.png");
        QVERIFY(info.ok());
        QCOMPARE(info->bitDepth, 16);
        QCOMPARE(info->channels, 3);
        Result<cv::Mat> rgb16 = decodeImageBytes(png16, "q16.png");
        QVERIFY(rgb16.ok());
        QCOMPARE(rgb16->type(), CV_8UC3);
        QCOMPARE(rgb16->at<cv::Vec3b>(0, 0), cv::Vec3b(128, 1, 255));
        QCOMPARE(rgb16->at<cv::Vec3b>(19, 39), kWhite);
    }

    void pngAlphaCompositedOnWhite() {
        cv::Mat rgba(2, 3, CV_8UC4);
        rgba.at<cv::Vec4b>(0, 0) = {200, 0, 0, 255};  // opaque red
        rgba.at<cv::Vec4b>(0, 1) = {0, 0, 0, 0};      // fully transparent black
        rgba.at<cv::Vec4b>(0, 2) = {0, 0, 100, 128};  // half-transparent
        rgba.row(1).setTo(cv::Scalar(10, 20, 30, 255));
        const std::string png = encode(rgba, ".png");
        Result<ImageInfo> info = probeImageBytes(png, "a.png");
        QVERIFY(info.ok());
        QCOMPARE(info->channels, 4);
        Result<cv::Mat> rgb = decodeImageBytes(png, "a.png");
        QVERIFY(rgb.ok());
        QCOMPARE(rgb->at<cv::Vec3b>(0, 0), cv::Vec3b(200, 0, 0));
        QCOMPARE(rgb->at<cv::Vec3b>(0, 1), kWhite);
        const cv::Vec3b half = rgb->at<cv::Vec3b>(0, 2);  // 0.5 * colour + 0.5 * white
        QVERIFY(near(half, cv::Vec3b(127, 127, 177), 1));
        QCOMPARE(rgb->at<cv::Vec3b>(1, 1), cv::Vec3b(10, 20, 30));
    }

    void grayscale() {
        cv::Mat grey(16, 24, CV_8UC1);
        for (int y = 0; y < 16; ++y)
            for (int x = 0; x < 24; ++x) grey.at<uchar>(y, x) = uchar(x * 10);
        for (const char* ext : {".png", ".jpg"}) {
            const std::string bytes = encode(grey, ext, {cv::IMWRITE_JPEG_QUALITY, 100});
            Result<ImageInfo> info = probeImageBytes(bytes, ext);
            QVERIFY(info.ok());
            QCOMPARE(info->channels, 1);
            Result<cv::Mat> rgb = decodeImageBytes(bytes, ext);
            QVERIFY(rgb.ok());
            QCOMPARE(rgb->type(), CV_8UC3);
            const cv::Vec3b px = rgb->at<cv::Vec3b>(8, 12);
            QCOMPARE(px[0], px[1]);
            QCOMPARE(px[1], px[2]);
            QVERIFY(std::abs(int(px[0]) - 120) <= 3);
        }
    }

    void bmpWebpTiff_data() {
        QTest::addColumn<QString>("ext");
        QTest::addColumn<int>("format");
        QTest::addRow("bmp") << ".bmp" << int(ImageFormat::Bmp);
        QTest::addRow("webp") << ".webp" << int(ImageFormat::WebP);
        QTest::addRow("tiff") << ".tiff" << int(ImageFormat::Tiff);
    }

    void bmpWebpTiff() {
        QFETCH(QString, ext);
        QFETCH(int, format);
        const cv::Mat q = quadrants(48, 30);
        const std::string bytes = encode(q, ext.toStdString(), {cv::IMWRITE_WEBP_QUALITY, 101});  // 101 = lossless WebP
        Result<ImageInfo> info = probeImageBytes(bytes, "x" + ext.toStdString());
        QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
        QCOMPARE(int(info->format), format);
        QCOMPARE(info->width, 48);
        QCOMPARE(info->height, 30);
        QVERIFY(info->fromHeader);
        QCOMPARE(info->channels, 3);
        Result<cv::Mat> rgb = decodeImageBytes(bytes, "x" + ext.toStdString());
        QVERIFY(rgb.ok());
        QCOMPARE(cv::norm(*rgb, q, cv::NORM_INF), 0.0);
    }

    void webpWithAlphaAndLossy() {
        cv::Mat rgba(20, 20, CV_8UC4, cv::Scalar(0, 0, 255, 0));  // transparent
        rgba(cv::Rect(0, 0, 10, 20)).setTo(cv::Scalar(0, 0, 255, 255));
        const std::string lossless = encode(rgba, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101});
        Result<ImageInfo> info = probeImageBytes(lossless, "a.webp");
        QVERIFY(info.ok());
        QCOMPARE(info->width, 20);
        QCOMPARE(info->channels, 4);
        Result<cv::Mat> rgb = decodeImageBytes(lossless, "a.webp");
        QVERIFY(rgb.ok());
        QCOMPARE(rgb->at<cv::Vec3b>(10, 2), kBlue);
        QCOMPARE(rgb->at<cv::Vec3b>(10, 17), kWhite);

        const std::string lossy = encode(quadrants(50, 36), ".webp", {cv::IMWRITE_WEBP_QUALITY, 90});
        info = probeImageBytes(lossy, "lossy.webp");
        QVERIFY(info.ok());
        QCOMPARE(info->width, 50);
        QCOMPARE(info->height, 36);
    }

    void reducedSizeDecoding() {
        QCOMPARE(reducedScaleFor(1000, 600, 0), 1);
        QCOMPARE(reducedScaleFor(1000, 600, 224), 2);
        QCOMPARE(reducedScaleFor(1000, 600, 150), 4);
        QCOMPARE(reducedScaleFor(1000, 600, 75), 8);
        QCOMPARE(reducedScaleFor(1000, 600, 301), 1);
        QCOMPARE(reducedScaleFor(601, 1000, 76), 8);  // ceil(601 / 8) = 76

        const cv::Mat q = quadrants(1000, 600);
        for (const char* ext : {".jpg", ".png"}) {
            const std::string bytes = encode(q, ext);
            for (auto [target, w, h] : {std::tuple{0, 1000, 600}, {224, 500, 300}, {150, 250, 150}, {75, 125, 75}, {700, 1000, 600}}) {
                DecodeOptions options;
                options.targetShortSide = target;
                Result<cv::Mat> rgb = decodeImageBytes(bytes, ext, options);
                QVERIFY(rgb.ok());
                QVERIFY2(rgb->cols == w && rgb->rows == h,
                         qPrintable(QString("%1 target %2: %3x%4").arg(ext).arg(target).arg(rgb->cols).arg(rgb->rows)));
                expectCorners(*rgb, displayedQuadrants(1));
            }
        }
    }

    void missingEmptyAndNotAnImage() {
        const std::string missing = path("nowhere.jpg");
        Result<cv::Mat> r = decodeImage(missing);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::NotFound);
        QVERIFY(r.error().message.find("nowhere.jpg") != std::string::npos);
        QVERIFY(!verifyImage(missing).ok());
        QVERIFY(!probeImage(missing).ok());
        const std::string folder = path("folder.jpg");
        QVERIFY(QDir().mkpath(QString::fromStdString(folder)));
        QCOMPARE(decodeImage(folder).error().message, folder + ": not a file");

        const std::string empty = write("empty.jpg", "");
        r = decodeImage(empty);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::BadFormat);
        QVERIFY2(r.error().message == empty + ": empty file (zero bytes)", r.error().message.c_str());
        QCOMPARE(probeImage(empty).error().message, r.error().message);

        std::mt19937_64 gen(7);
        std::string noise(5000, '\0');
        for (char& c : noise) c = char(gen() & 0xFF);
        noise[0] = 'x';  // make sure it does not start like a known format by chance
        const std::string random = write("random.jpg", noise);
        r = decodeImage(random);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message == random + ": not an image (unknown format)", r.error().message.c_str());
        QVERIFY(!verifyImage(random).ok());
    }

    void truncatedJpeg() {
        const std::string jpeg = encode(quadrants(300, 200), ".jpg");
        const std::string whole = write("whole.jpg", jpeg);
        QVERIFY(verifyImage(whole).ok());
        for (double keep : {0.95, 0.6, 0.2}) {
            const std::string cut = write("cut.jpg", jpeg.substr(0, std::size_t(jpeg.size() * keep)));
            Result<cv::Mat> r = decodeImage(cut);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().code, ErrorCode::BadFormat);
            QVERIFY2(r.error().message.find("cut.jpg: truncated") != std::string::npos, r.error().message.c_str());
            QVERIFY(!verifyImage(cut).ok());
        }
        // Progressive and restart-marker JPEGs have markers inside and between scans: complete ones must pass.
        for (const std::vector<int>& params : {std::vector<int>{cv::IMWRITE_JPEG_PROGRESSIVE, 1},
                                               std::vector<int>{cv::IMWRITE_JPEG_RST_INTERVAL, 2}}) {
            const std::string other = encode(quadrants(300, 200), ".jpg", params);
            QVERIFY(verifyImage(write("other.jpg", other)).ok());
            QVERIFY(decodeImageBytes(other, "other.jpg").ok());
            QVERIFY(!verifyImage(write("other-cut.jpg", other.substr(0, other.size() * 3 / 4))).ok());
        }
        // Cut inside the header: the probe itself notices.
        const std::string header = write("header.jpg", jpeg.substr(0, 30));
        Result<ImageInfo> info = probeImage(header);
        QVERIFY(!info.ok());
        QVERIFY2(info.error().message.find("truncated") != std::string::npos, info.error().message.c_str());
    }

    void probeReadsPastTheFirstMebibyteWhenNeeded() {
        // 20 APP2 segments of ~64 KB (as embedded ICC profiles do) push the frame header past the first MiB.
        const std::string jpeg = withExifOrientation(encode(quadrants(64, 32), ".jpg"), 8);
        std::string padding;
        for (int i = 0; i < 20; ++i) padding += std::string("\xFF\xE2\xFF\xF0", 4) + std::string(0xFFF0 - 2, char(i));
        const std::string file = write("icc.jpg", jpeg.substr(0, 2) + padding + jpeg.substr(2));
        QVERIFY(QFileInfo(QString::fromStdString(file)).size() > (1 << 20));
        Result<ImageInfo> info = probeImage(file);
        QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
        QCOMPARE(info->width, 64);
        QCOMPARE(info->exifOrientation, 8);
        QCOMPARE(info->displayWidth(), 32);
        QVERIFY(verifyImage(file).ok());
    }

    void pngWhoseHeaderLies() {
        std::string png = encode(quadrants(40, 20), ".png");
        png[16 + 3] = char(80);  // IHDR width 40 -> 80: more pixels than the compressed data holds, CRC now wrong
        const std::string file = write("liar.png", png);
        Result<ImageInfo> info = probeImage(file);
        QVERIFY(info.ok());  // the header itself parses; only decoding finds out
        QCOMPARE(info->width, 80);
        Result<cv::Mat> r = decodeImage(file);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::BadFormat);
        QVERIFY2(r.error().message.find("liar.png: corrupt PNG") != std::string::npos, r.error().message.c_str());
        QVERIFY(!verifyImage(file).ok());
    }

    void decompressionBomb() {
        const long before = maxRssKiB();
        // A real small JPEG whose frame header claims 60000 x 60000 (= 3.6e9 pixels, 10.8 GB as RGB).
        std::string jpeg = encode(quadrants(64, 32), ".jpg");
        const std::size_t sof = jpeg.find("\xFF\xC0");
        QVERIFY(sof != std::string::npos);
        for (std::size_t at : {sof + 5, sof + 7}) {
            jpeg[at] = char(60000 >> 8);
            jpeg[at + 1] = char(60000 & 0xFF);
        }
        const std::string file = write("bomb.jpg", jpeg);
        Result<ImageInfo> info = probeImage(file);
        QVERIFY(info.ok());
        QCOMPARE(info->width, 60000);
        QCOMPARE(info->height, 60000);
        Result<cv::Mat> r = decodeImage(file);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::TooLarge);
        QCOMPARE(QString::fromStdString(r.error().message),
                 QString::fromStdString(file + ": 60000x60000 pixels exceeds the limit of 100000000"));
        QVERIFY(!verifyImage(file).ok());

        // The same for a PNG header, and a lower limit that a normal photo exceeds.
        std::string png = encode(quadrants(40, 20), ".png");
        for (std::size_t at : {std::size_t(16), std::size_t(20)}) {
            png[at] = 0, png[at + 1] = 0, png[at + 2] = char(60000 >> 8), png[at + 3] = char(60000 & 0xFF);
        }
        r = decodeImageBytes(png, "bomb.png");
        QCOMPARE(r.error().code, ErrorCode::TooLarge);
        DecodeOptions small;
        small.maxPixels = 799;
        r = decodeImageBytes(encode(quadrants(40, 20), ".png"), "big.png", small);
        QCOMPARE(r.error().message, std::string("big.png: 40x20 pixels exceeds the limit of 799"));
        QVERIFY(maxRssKiB() - before < 200 * 1024);  // nothing near the 10.8 GB the header asked for
    }

    // Every prefix and random byte damage of each format: errors, never crashes or reads past the buffer.
    void damagedHeadersNeverCrash() {
        const cv::Mat q = quadrants(24, 16);
        std::mt19937_64 gen(42);
        int decoded = 0, rejected = 0;
        for (const char* ext : {".jpg", ".png", ".bmp", ".webp", ".tiff"}) {
            const std::string good = encode(q, ext);
            std::string jpegWithExif = std::string(ext) == ".jpg" ? withExifOrientation(good, 3) : good;
            const std::size_t limit = std::min<std::size_t>(jpegWithExif.size(), 400);
            for (std::size_t n = 0; n < limit; ++n) {
                const std::string prefix = jpegWithExif.substr(0, n);
                (void)probeImageBytes(prefix, "p");
                Result<cv::Mat> r = decodeImageBytes(prefix, "p");
                r.ok() ? ++decoded : ++rejected;
            }
            for (int trial = 0; trial < 150; ++trial) {
                std::string damaged = jpegWithExif;
                for (int k = 0; k < 4; ++k) damaged[std::size_t(gen() % std::min<std::size_t>(damaged.size(), 200))] = char(gen());
                (void)probeImageBytes(damaged, "d");
                Result<cv::Mat> r = decodeImageBytes(damaged, "d");
                if (r.ok()) QCOMPARE(r->type(), CV_8UC3);
                r.ok() ? ++decoded : ++rejected;
            }
        }
        qInfo("damaged inputs: %d decoded, %d rejected", decoded, rejected);
        QVERIFY(rejected > 0);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestImageIo)
#include "test_image_io.moc"
