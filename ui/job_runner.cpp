#include "job_runner.h"

namespace taxo::ui {

void JobWorker::run(const Job& job, std::shared_ptr<JobControl> control) {
    ProgressFn progress = [this](const Progress& p) {
        Q_EMIT progressed(QString::fromStdString(p.phase), p.done, p.total, p.elapsedSeconds, p.remainingSeconds,
                          QString::fromStdString(p.detail));
    };
    const Status status = job(progress, *control);
    Q_EMIT finished(status.ok(), status.ok() ? QString() : QString::fromStdString(status.error().message));
}

JobRunner::JobRunner(QObject* parent) : QObject(parent), worker_(new JobWorker) {
    qRegisterMetaType<taxo::ui::Job>();
    qRegisterMetaType<std::shared_ptr<taxo::JobControl>>();
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(this, &JobRunner::requestRun, worker_, &JobWorker::run, Qt::QueuedConnection);
    connect(worker_, &JobWorker::progressed, this, &JobRunner::progressed, Qt::QueuedConnection);
    connect(worker_, &JobWorker::finished, this, [this](bool ok, const QString& message) {
        busy_ = false;
        Q_EMIT finished(ok, message);
    }, Qt::QueuedConnection);
    thread_.setObjectName("taxoscope-jobs");
    thread_.start();
}

JobRunner::~JobRunner() {
    cancel();
    thread_.quit();
    thread_.wait();
}

bool JobRunner::start(const QString& title, Job job) {
    if (busy_) return false;
    busy_ = true;
    control_ = std::make_shared<JobControl>();
    Q_EMIT started(title);
    Q_EMIT requestRun(job, control_);
    return true;
}

void JobRunner::pause() { if (control_) control_->pause(); }
void JobRunner::resume() { if (control_) control_->resume(); }
void JobRunner::cancel() { if (control_) control_->cancel(); }

}  // namespace taxo::ui
