#pragma once
// Wall and thread-CPU milliseconds of the steps of a slow GUI operation (opening a project), printed to stderr
// only when the environment variable TAXOSCOPE_PROFILE is set: how the open was profiled
// (bench/RESULTS.md, interactive), kept so the next regression can be found the same way.
#include <QElapsedTimer>

namespace taxo::ui {

class StepTimer {
public:
    explicit StepTimer(const char* operation);
    ~StepTimer();
    StepTimer(const StepTimer&) = delete;
    StepTimer& operator=(const StepTimer&) = delete;
    // Ends the step that began at the previous call (or construction) and names it.
    void step(const char* name);

private:
    const char* operation_;
    bool enabled_;
    QElapsedTimer wall_;
    qint64 lastWallNs_ = 0;
    double lastCpuMs_ = 0, startCpuMs_ = 0;
};

}  // namespace taxo::ui
