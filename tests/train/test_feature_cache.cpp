// The feature cache: keys, round trips, damage detection and invalidation.
#include <QtTest>

#include "test_registry.h"

#include <fstream>

#include "core/train/feature_cache.h"

using namespace taxo;

class TestFeatureCache : public QObject {
    Q_OBJECT
    static FeatureCacheKey key(const std::string& prep = "224x224/stretch/tflite-uint8") {
        return {"mobilenet_v2_imagenet", "7aad0c74c5e3c06e5eb3c827e13304fd", prep, "", "fp32"};
    }

private Q_SLOTS:
    void roundTripAndSet() {
        QTemporaryDir dir;
        FeatureCache cache(dir.path().toStdString(), key(), 4);
        const float a[4] = {1, 2, 3, 4}, b[4] = {-1, 0.5f, 0, 9};
        QVERIFY(!cache.has("aa11"));
        QVERIFY(cache.store("aa11", 0, a).ok());
        QVERIFY(cache.store("bb22", 0, b).ok());
        QVERIFY(cache.store("bb22", 2, a).ok());
        QVERIFY(cache.has("aa11") && cache.has("bb22", 2) && !cache.has("bb22", 1));
        auto set = cache.loadSet({"bb22", "aa11"}, {1, 0});
        QVERIFY(set.ok());
        QCOMPARE(set->rows, std::int64_t(2));
        QCOMPARE(set->values[3], 9.0f);
        QCOMPARE(set->values[4], 1.0f);
        QCOMPARE(set->labels, (std::vector<std::int32_t>{1, 0}));
        auto missing = cache.loadSet({"aa11", "cc33"}, {0, 0});
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().message.find("cc33") != std::string::npos);
    }
    void damagedEntriesReadAsMissing() {
        QTemporaryDir dir;
        FeatureCache cache(dir.path().toStdString(), key(), 3);
        const float v[3] = {1, 2, 3};
        QVERIFY(cache.store("abcd", 0, v).ok());
        {
            std::fstream f(cache.pathFor("abcd"), std::ios::in | std::ios::out | std::ios::binary);
            f.seekp(14);
            f.put('\x7f');
        }
        auto damaged = cache.load("abcd");
        QVERIFY(!damaged.ok());
        QCOMPARE(damaged.error().code, ErrorCode::BadFormat);
        QVERIFY(!cache.has("abcd"));
        // A truncated file (killed writer on a file system without atomic rename) is missing too.
        std::filesystem::resize_file(cache.pathFor("abcd"), 10);
        QVERIFY(!cache.has("abcd"));
        QVERIFY(cache.store("abcd", 0, v).ok());
        QVERIFY(cache.has("abcd"));
    }
    void keysSeparateBackbonesPreprocessingAndAugmentation() {
        QTemporaryDir dir;
        const std::string root = dir.path().toStdString();
        FeatureCache plain(root, key(), 2);
        FeatureCache otherPrep(root, key("224x224/center-crop/tflite-uint8"), 2);
        FeatureCacheKey k = key();
        k.weightsDigest = "0123456789abcdef0000";
        FeatureCache otherWeights(root, k, 2);
        k = key();
        k.augmentKey = "light-abc";
        FeatureCache views(root, k, 2);
        QSet<QString> folders{QString::fromStdString(plain.folder()), QString::fromStdString(otherPrep.folder()),
                              QString::fromStdString(otherWeights.folder()), QString::fromStdString(views.folder())};
        QCOMPARE(folders.size(), 4);
        const float v[2] = {1, 2};
        QVERIFY(plain.store("ffee", 0, v).ok());
        QVERIFY(!otherPrep.has("ffee") && !otherWeights.has("ffee") && !views.has("ffee"));
        // A cache of another dimension refuses the entry rather than reading garbage.
        FeatureCache wider(root, key(), 3);
        QVERIFY(!wider.has("ffee"));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestFeatureCache)
#include "test_feature_cache.moc"
