// The study's real photos (../shared/data/rare_species): every one probes, verifies and decodes, at full and at
// model-input reduced size. Prints the decoding times; asserts none of them.
#include <QtTest>

#include "test_registry.h"

#include <chrono>
#include <filesystem>

#include "core/data/image_io.h"
#include "core/data/preprocess.h"
#include "test_support.h"

using namespace taxo;

class TestImageCorpus : public QObject {
    Q_OBJECT

    std::vector<std::string> photos_;

private Q_SLOTS:
    void initTestCase() {
        const QString dir = taxo::test::sharedDir() + "/data/rare_species";
        if (taxo::test::sharedDir().isEmpty() || !QFileInfo::exists(dir)) return;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.toStdString()))
            if (entry.is_regular_file() && entry.path().extension() == ".jpg") photos_.push_back(entry.path().string());
        std::sort(photos_.begin(), photos_.end());
    }

    void allPhotosDecode() {
        TAXO_REQUIRE_SHARED("data/rare_species/metadata.csv");
        QCOMPARE(int(photos_.size()), 127);
        using Clock = std::chrono::steady_clock;
        double fullSeconds = 0, reducedSeconds = 0, verifySeconds = 0;
        int greyscale = 0, reducedCount = 0, rotated = 0;
        std::int64_t fullPixels = 0, reducedPixels = 0;
        for (const std::string& photo : photos_) {
            Result<ImageInfo> info = probeImage(photo);
            QVERIFY2(info.ok(), info.ok() ? "" : info.error().message.c_str());
            QCOMPARE(info->format, ImageFormat::Jpeg);
            if (info->channels == 1) ++greyscale;
            if (info->exifOrientation != 1) ++rotated;

            const auto v0 = Clock::now();
            Status verified = verifyImage(photo);
            verifySeconds += std::chrono::duration<double>(Clock::now() - v0).count();
            QVERIFY2(verified.ok(), verified.ok() ? "" : verified.error().message.c_str());

            auto t0 = Clock::now();
            Result<cv::Mat> full = decodeImage(photo);
            fullSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
            QVERIFY2(full.ok(), full.ok() ? "" : full.error().message.c_str());
            QCOMPARE(full->type(), CV_8UC3);
            QCOMPARE(full->cols, info->displayWidth());
            QCOMPARE(full->rows, info->displayHeight());
            fullPixels += full->total();

            DecodeOptions reduced;
            reduced.targetShortSide = 224;
            t0 = Clock::now();
            Result<cv::Mat> small = decodeImage(photo, reduced);
            reducedSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
            QVERIFY(small.ok());
            QVERIFY(std::min(small->cols, small->rows) >= std::min(224, std::min(full->cols, full->rows)));
            if (small->total() < full->total()) ++reducedCount;
            reducedPixels += small->total();
        }
        QCOMPARE(greyscale, 1);
        qInfo("verifyImage on all 127: %.2f s", verifySeconds);
        qInfo("%d photos carry an EXIF orientation other than 1", rotated);
        qInfo("127 photos: full-size decode %.2f s (%.1f Mpx), reduced for 224 %.2f s (%.1f Mpx, %d photos reduced)",
              fullSeconds, fullPixels / 1e6, reducedSeconds, reducedPixels / 1e6, reducedCount);
    }

    void allPhotosLoadForModel() {
        TAXO_REQUIRE_SHARED("data/rare_species/metadata.csv");
        const PreprocessSpec spec;  // 224x224 stretch imagenet
        std::vector<float> batch(photos_.size() * 3 * 224 * 224);
        const auto t0 = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < photos_.size(); ++i) {
            Status st = loadForModelInto(photos_[i], spec, batch.data() + i * 3 * 224 * 224);
            QVERIFY(st.ok());
        }
        qInfo("127 photos to a 224x224 ImageNet batch: %.2f s",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        for (float v : batch) QVERIFY(v >= -2.2f && v <= 2.7f);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestImageCorpus)
#include "test_image_corpus.moc"
