#pragma once
// The shape every long core job takes: a parameter struct, a progress callback and a cancellation token
// (whisper.cpp's whisper_full_params: plain callbacks plus an abort hook). Jobs are synchronous; the UI runs
// them on a worker thread and the CLI on the main thread.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace taxo {

struct Progress {
    std::string phase;        // e.g. "importing", "extracting features", "training"
    std::int64_t done = 0;    // units finished (rows, photos, batches)
    std::int64_t total = 0;   // 0 when unknown
    double elapsedSeconds = 0;
    double remainingSeconds = -1;  // < 0 when not yet known
    std::string detail;       // optional, e.g. "epoch 3 of 13"
};

using ProgressFn = std::function<void(const Progress&)>;

// Cancellation and pause, shared between the thread that runs a job and the one that controls it.
// A job calls checkpoint() between units of work: it blocks while paused and returns false once cancelled.
class JobControl {
public:
    void cancel();
    void pause();
    void resume();
    bool cancelled() const { return cancelled_.load(); }
    bool paused() const { return paused_.load(); }
    // Blocks while paused; returns false when the job should stop.
    bool checkpoint();

private:
    std::atomic<bool> cancelled_{false};
    std::atomic<bool> paused_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
};

// Estimates time left from a steady clock; throttles progress reports to a few per second.
class ProgressReporter {
public:
    ProgressReporter(ProgressFn fn, std::string phase, std::int64_t total, double minIntervalSeconds = 0.2);
    void setTotal(std::int64_t total) { total_ = total; }
    void setPhase(std::string phase) { phase_ = std::move(phase); }
    // Reports `done` units; always reports the first and last call, otherwise at most every minInterval.
    void update(std::int64_t done, const std::string& detail = {}, bool force = false);
    void finish(const std::string& detail = {});
    double elapsedSeconds() const;

private:
    ProgressFn fn_;
    std::string phase_;
    std::int64_t total_;
    double minInterval_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point lastReport_;
    bool reportedOnce_ = false;
};

}  // namespace taxo
