#pragma once
// Runs one core job at a time on a worker thread (a QObject moved to a QThread, as in Qt's mandelbrot example),
// reporting progress through queued signals so the GUI thread never blocks. Pause, resume and cancel reach the
// job through its taxo::JobControl.
#include <QObject>
#include <QString>
#include <QThread>

#include <functional>
#include <memory>

#include "core/common/job.h"
#include "core/common/result.h"

namespace taxo::ui {

// A job: plain synchronous core work taking a progress callback and a control token.
using Job = std::function<Status(const ProgressFn& progress, JobControl& control)>;

class JobWorker : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
public Q_SLOTS:
    void run(const taxo::ui::Job& job, std::shared_ptr<taxo::JobControl> control);
Q_SIGNALS:
    void progressed(const QString& phase, qint64 done, qint64 total, double elapsed, double remaining, const QString& detail);
    void finished(bool ok, const QString& message);
};

class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;

    bool busy() const { return busy_; }
    // Starts the job; returns false when one is already running.
    bool start(const QString& title, Job job);
    void pause();
    void resume();
    void cancel();
    bool paused() const { return control_ && control_->paused(); }

Q_SIGNALS:
    void started(const QString& title);
    void progressed(const QString& phase, qint64 done, qint64 total, double elapsed, double remaining, const QString& detail);
    void finished(bool ok, const QString& message);
    void requestRun(const taxo::ui::Job& job, std::shared_ptr<taxo::JobControl> control);

private:
    QThread thread_;
    JobWorker* worker_;
    std::shared_ptr<JobControl> control_;
    bool busy_ = false;
};

}  // namespace taxo::ui

Q_DECLARE_METATYPE(taxo::ui::Job)
Q_DECLARE_METATYPE(std::shared_ptr<taxo::JobControl>)
