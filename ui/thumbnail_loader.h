#pragma once
// Thumbnails for the specimen browser, made off the GUI thread and cached twice: in memory (a bounded QCache) and on
// disk as <cacheDir>/<content hash>.jpg, so a project reopens with its grid already drawn.
//
// Scheduling follows KDE Gwenview's thumbnail view: the newest request is served first (the view asks for what is on
// screen as it paints), and when more than maxPending requests wait, the oldest ones (rows scrolled far away) are
// dropped; the view asks again if they come back into sight. At most `workers` decodes run at once, on the loader's
// own QThreadPool so it never starves other pools.
#include <QCache>
#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QString>
#include <QThreadPool>

#include <deque>

namespace taxo::ui {

class ThumbnailLoader : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultSize = 160;  // pixels, the long side of a thumbnail

    struct Options {
        QString cacheDir;        // on-disk cache; empty: memory only
        int size = kDefaultSize; // pixels, long side
        int maxPending = 256;    // waiting requests kept; older ones are dropped
        int workers = 2;         // decodes at once
        // Bytes of decoded thumbnails kept in memory (least recently used dropped first): a bound in bytes, not
        // items, holds whatever the thumbnail size and the photos' shapes. 128 MiB is about 2,300 thumbnails of
        // 160x120, some 13 screens of the grid.
        qint64 memoryBytes = qint64(128) << 20;
    };

    explicit ThumbnailLoader(Options options, QObject* parent = nullptr);
    ~ThumbnailLoader() override;

    // The cache key of a photo: its content hash, or a hash of its path when the project has none.
    static QString keyFor(const QString& contentHash, const QString& path);

    // The thumbnail when it is in memory; a null image otherwise.
    QImage cached(const QString& key) const;
    bool failed(const QString& key) const { return failed_.contains(key); }
    // Queues a thumbnail unless it is cached, failed or already queued (then it moves to the front).
    void request(const QString& key, const QString& path);
    // Drops every waiting request (running decodes finish and are cached).
    void clearPending();

    int pendingCount() const { return int(queue_.size()); }
    int runningCount() const { return running_; }
    bool idle() const { return queue_.empty() && running_ == 0; }
    // Processes events until idle or timeoutMs passes; true when idle. For screenshots and tests.
    bool waitForIdle(int timeoutMs);
    const Options& options() const { return options_; }
    // Bytes of the thumbnails now held in memory (at most options().memoryBytes).
    qint64 memoryBytesUsed() const { return qint64(memory_.totalCost()); }
    int memoryCount() const { return int(memory_.count()); }
    qint64 droppedCount() const { return dropped_; }

Q_SIGNALS:
    void thumbnailReady(const QString& key);
    void thumbnailFailed(const QString& key, const QString& message);
    void becameIdle();

private:
    void startMore();
    void finishOne(const QString& key, const QImage& image, const QString& error);

    Options options_;
    QThreadPool pool_;
    QCache<QString, QImage> memory_;
    QSet<QString> failed_;
    std::deque<std::pair<QString, QString>> queue_;  // (key, path), front = newest
    QSet<QString> queued_, inFlight_;
    int running_ = 0;
    qint64 dropped_ = 0;
};

// Makes one thumbnail synchronously (disk cache first, then decode and store); any thread. Public for tests.
QImage makeThumbnail(const QString& path, const QString& cacheFile, int size, QString* error);

}  // namespace taxo::ui
