#include "thumbnail_loader.h"

#include <QEventLoop>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRunnable>
#include <QSaveFile>
#include <QTimer>

#include <functional>

#include <opencv2/imgproc.hpp>

#include "core/data/image_io.h"

namespace taxo::ui {

QImage makeThumbnail(const QString& path, const QString& cacheFile, int size, QString* error) {
    if (!cacheFile.isEmpty() && QFileInfo::exists(cacheFile)) {
        QImage image(cacheFile);
        if (!image.isNull() && qMax(image.width(), image.height()) == size) return image;
        // A damaged or differently sized cache file is remade below.
    }
    DecodeOptions decode;
    decode.targetShortSide = size;  // lets libjpeg decode big photos at 1/2..1/8 scale
    auto mat = decodeImage(path.toStdString(), decode);
    if (!mat) {
        if (error) *error = QString::fromStdString(mat.error().message);
        return {};
    }
    const double scale = double(size) / std::max(mat->cols, mat->rows);
    cv::Mat small;
    if (scale < 1.0) cv::resize(*mat, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else small = *mat;
    QImage image = QImage(small.data, small.cols, small.rows, int(small.step), QImage::Format_RGB888).copy();
    if (!cacheFile.isEmpty()) {
        QDir().mkpath(QFileInfo(cacheFile).absolutePath());
        // QSaveFile writes a temporary and renames: a killed app never leaves half a JPEG in the cache.
        QSaveFile file(cacheFile);
        if (file.open(QIODevice::WriteOnly) && image.save(&file, "JPG", 88)) file.commit();
        else file.cancelWriting();
    }
    return image;
}

namespace {

class ThumbnailTask : public QRunnable {
public:
    ThumbnailTask(QString key, QString path, QString cacheFile, int size,
                  std::function<void(const QString&, const QImage&, const QString&)> done)
        : key_(std::move(key)), path_(std::move(path)), cacheFile_(std::move(cacheFile)), size_(size),
          done_(std::move(done)) {}
    void run() override {
        QString error;
        const QImage image = makeThumbnail(path_, cacheFile_, size_, &error);
        done_(key_, image, error);
    }

private:
    QString key_, path_, cacheFile_;
    int size_;
    std::function<void(const QString&, const QImage&, const QString&)> done_;
};

}  // namespace

ThumbnailLoader::ThumbnailLoader(Options options, QObject* parent) : QObject(parent), options_(std::move(options)) {
    pool_.setMaxThreadCount(qMax(1, options_.workers));
    memory_.setMaxCost(qsizetype(qMax<qint64>(1, options_.memoryBytes)));
}

ThumbnailLoader::~ThumbnailLoader() {
    queue_.clear();
    pool_.waitForDone();
}

QString ThumbnailLoader::keyFor(const QString& contentHash, const QString& path) {
    if (!contentHash.isEmpty()) return contentHash;
    return "path-" + QString::fromLatin1(QCryptographicHash::hash(path.toUtf8(), QCryptographicHash::Sha1).toHex());
}

QImage ThumbnailLoader::cached(const QString& key) const {
    const QImage* image = memory_.object(key);
    return image ? *image : QImage();
}

void ThumbnailLoader::request(const QString& key, const QString& path) {
    if (memory_.contains(key) || failed_.contains(key) || inFlight_.contains(key)) return;
    if (queued_.contains(key)) {
        for (auto it = queue_.begin(); it != queue_.end(); ++it)
            if (it->first == key) {
                queue_.erase(it);
                break;
            }
    }
    queue_.emplace_front(key, path);
    queued_.insert(key);
    while (int(queue_.size()) > options_.maxPending) {
        queued_.remove(queue_.back().first);
        queue_.pop_back();
        ++dropped_;
    }
    startMore();
}

void ThumbnailLoader::clearPending() {
    dropped_ += qint64(queue_.size());
    queue_.clear();
    queued_.clear();
    if (idle()) Q_EMIT becameIdle();
}

void ThumbnailLoader::startMore() {
    while (running_ < pool_.maxThreadCount() && !queue_.empty()) {
        auto [key, path] = queue_.front();
        queue_.pop_front();
        queued_.remove(key);
        inFlight_.insert(key);
        ++running_;
        const QString cacheFile = options_.cacheDir.isEmpty() ? QString() : QDir(options_.cacheDir).filePath(key + ".jpg");
        // The destructor waits for the pool, so `this` outlives every task; the result travels back to the
        // loader's thread as a queued call.
        pool_.start(new ThumbnailTask(key, path, cacheFile, options_.size,
                                      [this](const QString& k, const QImage& image, const QString& error) {
                                          QMetaObject::invokeMethod(this, [this, k, image, error] {
                                              finishOne(k, image, error);
                                          }, Qt::QueuedConnection);
                                      }));
    }
}

void ThumbnailLoader::finishOne(const QString& key, const QImage& image, const QString& error) {
    --running_;
    inFlight_.remove(key);
    if (image.isNull()) {
        failed_.insert(key);
        Q_EMIT thumbnailFailed(key, error);
    } else {
        // QCache refuses (and deletes) an object costing more than the whole bound: then it is simply not kept.
        memory_.insert(key, new QImage(image), qsizetype(image.sizeInBytes()));
        Q_EMIT thumbnailReady(key);
    }
    startMore();
    if (idle()) Q_EMIT becameIdle();
}

bool ThumbnailLoader::waitForIdle(int timeoutMs) {
    if (idle()) return true;
    QEventLoop loop;
    connect(this, &ThumbnailLoader::becameIdle, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    loop.exec();
    return idle();
}

}  // namespace taxo::ui
