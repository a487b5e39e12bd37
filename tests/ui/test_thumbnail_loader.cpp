// ThumbnailLoader: decodes off the GUI thread, caches on disk, serves the newest request first and drops old ones.
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include "test_registry.h"

#include "ui/thumbnail_loader.h"
#include "generated_project.h"

using namespace taxo;
using namespace taxo::ui;

class TestThumbnailLoader : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QStringList photos_;

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        photos_ = test::writePhotos(tmp_.filePath("photos"), 8);
    }

    void loadsAndCachesOnDisk() {
        ThumbnailLoader::Options options;
        options.cacheDir = tmp_.filePath("cache");
        ThumbnailLoader loader(options);
        QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
        for (int i = 0; i < photos_.size(); ++i) loader.request(QStringLiteral("k%1").arg(i), photos_[i]);
        QVERIFY(loader.waitForIdle(20000));
        QCOMPARE(ready.count(), photos_.size());
        for (int i = 0; i < photos_.size(); ++i) {
            const QString key = QStringLiteral("k%1").arg(i);
            const QImage image = loader.cached(key);
            QVERIFY(!image.isNull());
            QCOMPARE(image.width(), ThumbnailLoader::kDefaultSize);  // 320x240 photos: the long side is the width
            QCOMPARE(image.height(), 120);
            QVERIFY(QFile::exists(tmp_.filePath("cache/" + key + ".jpg")));
        }
        // Cached requests are answered from memory without a signal.
        loader.request("k0", photos_[0]);
        QVERIFY(loader.idle());
        QCOMPARE(ready.count(), photos_.size());
    }

    void memoryStaysWithinItsBytes() {
        ThumbnailLoader::Options options;  // memory only: room for three 160x120 RGB thumbnails, not four
        options.memoryBytes = 3 * 160 * 120 * 3 + 100;
        options.workers = 1;
        ThumbnailLoader loader(options);
        for (int i = 0; i < photos_.size(); ++i) {
            loader.request(QStringLiteral("m%1").arg(i), photos_[i]);
            QVERIFY(loader.waitForIdle(20000));
            QVERIFY(loader.memoryBytesUsed() <= options.memoryBytes);
        }
        QCOMPARE(loader.memoryCount(), 3);
        QCOMPARE(loader.memoryBytesUsed(), qint64(3 * loader.cached("m7").sizeInBytes()));
        // The least recently used went first: the last three requested are the ones kept.
        for (int i = 0; i < photos_.size(); ++i)
            QCOMPARE(!loader.cached(QStringLiteral("m%1").arg(i)).isNull(), i >= photos_.size() - 3);
        // A dropped thumbnail is made again on request.
        QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
        loader.request("m0", photos_[0]);
        QVERIFY(loader.waitForIdle(20000));
        QCOMPARE(ready.count(), 1);
        QVERIFY(!loader.cached("m0").isNull());
        QCOMPARE(loader.memoryCount(), 3);
    }

    void secondLoaderReadsTheDiskCache() {
        ThumbnailLoader::Options options;
        options.cacheDir = tmp_.filePath("cache");
        ThumbnailLoader loader(options);
        QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
        // The photo path is gone: only the disk cache can answer.
        loader.request("k3", tmp_.filePath("photos/missing.jpg"));
        QVERIFY(loader.waitForIdle(10000));
        QCOMPARE(ready.count(), 1);
        QCOMPARE(loader.cached("k3").width(), ThumbnailLoader::kDefaultSize);
    }

    void failuresAreReported() {
        ThumbnailLoader loader(ThumbnailLoader::Options{});
        QSignalSpy failed(&loader, &ThumbnailLoader::thumbnailFailed);
        loader.request("missing", tmp_.filePath("nope.jpg"));
        QVERIFY(loader.waitForIdle(10000));
        QCOMPARE(failed.count(), 1);
        QVERIFY(failed.at(0).at(1).toString().contains("nope.jpg"));
        QVERIFY(loader.failed("missing"));
        loader.request("missing", tmp_.filePath("nope.jpg"));  // not retried
        QVERIFY(loader.idle());
    }

    void newestFirstAndFarRequestsDropped() {
        ThumbnailLoader::Options options;  // memory only, one worker, three waiting at most
        options.workers = 1;
        options.maxPending = 3;
        ThumbnailLoader loader(options);
        QSignalSpy ready(&loader, &ThumbnailLoader::thumbnailReady);
        // 40 requests in one go (a fast scroll): the first starts at once, the last three wait, the rest are dropped.
        for (int i = 0; i < 40; ++i) loader.request(QStringLiteral("s%1").arg(i), photos_[i % photos_.size()]);
        QCOMPARE(loader.runningCount(), 1);
        QCOMPARE(loader.pendingCount(), 3);
        QCOMPARE(loader.droppedCount(), 36);
        QVERIFY(loader.waitForIdle(20000));
        QStringList order;
        for (const auto& args : ready) order << args.at(0).toString();
        QCOMPARE(order, (QStringList{"s0", "s39", "s38", "s37"}));
        QVERIFY(loader.cached("s20").isNull());
        // A dropped thumbnail is made when asked again.
        loader.request("s20", photos_[20 % photos_.size()]);
        QVERIFY(loader.waitForIdle(10000));
        QVERIFY(!loader.cached("s20").isNull());
    }

    void decodesOffTheGuiThread() {
        // makeThumbnail is what runs in the pool; it must not touch the GUI thread's objects.
        QString error;
        QImage fromOtherThread;
        QThread* thread = QThread::create([&] { fromOtherThread = makeThumbnail(photos_[1], QString(), 64, &error); });
        thread->start();
        QVERIFY(thread->wait(10000));
        delete thread;
        QVERIFY2(!fromOtherThread.isNull(), qPrintable(error));
        QCOMPARE(fromOtherThread.size(), QSize(64, 48));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestThumbnailLoader)
#include "test_thumbnail_loader.moc"
