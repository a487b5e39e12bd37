#include "core/common/job.h"

namespace taxo {

void JobControl::cancel() {
    cancelled_ = true;
    std::lock_guard<std::mutex> lock(mutex_);
    wake_.notify_all();
}

void JobControl::pause() { paused_ = true; }

void JobControl::resume() {
    paused_ = false;
    std::lock_guard<std::mutex> lock(mutex_);
    wake_.notify_all();
}

bool JobControl::checkpoint() {
    if (paused_.load()) {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return !paused_.load() || cancelled_.load(); });
    }
    return !cancelled_.load();
}

ProgressReporter::ProgressReporter(ProgressFn fn, std::string phase, std::int64_t total, double minIntervalSeconds)
    : fn_(std::move(fn)), phase_(std::move(phase)), total_(total), minInterval_(minIntervalSeconds),
      start_(std::chrono::steady_clock::now()), lastReport_(start_) {}

double ProgressReporter::elapsedSeconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void ProgressReporter::update(std::int64_t done, const std::string& detail, bool force) {
    if (!fn_) return;
    const auto now = std::chrono::steady_clock::now();
    const bool last = total_ > 0 && done >= total_;
    if (reportedOnce_ && !force && !last &&
        std::chrono::duration<double>(now - lastReport_).count() < minInterval_)
        return;
    reportedOnce_ = true;
    lastReport_ = now;
    Progress p;
    p.phase = phase_;
    p.done = done;
    p.total = total_;
    p.elapsedSeconds = std::chrono::duration<double>(now - start_).count();
    if (total_ > 0 && done > 0) p.remainingSeconds = p.elapsedSeconds * double(total_ - done) / double(done);
    p.detail = detail;
    fn_(p);
}

void ProgressReporter::finish(const std::string& detail) { update(total_ > 0 ? total_ : 0, detail, true); }

}  // namespace taxo
