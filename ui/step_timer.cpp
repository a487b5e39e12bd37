#include "step_timer.h"

#include <cstdio>
#include <ctime>

namespace taxo::ui {

namespace {
double threadCpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}
}  // namespace

StepTimer::StepTimer(const char* operation) : operation_(operation), enabled_(qEnvironmentVariableIsSet("TAXOSCOPE_PROFILE")) {
    if (!enabled_) return;
    wall_.start();
    startCpuMs_ = lastCpuMs_ = threadCpuMs();
}

void StepTimer::step(const char* name) {
    if (!enabled_) return;
    const qint64 now = wall_.nsecsElapsed();
    const double cpu = threadCpuMs();
    std::fprintf(stderr, "[profile] %s: %-28s %8.1f ms wall %8.1f ms cpu\n", operation_, name, double(now - lastWallNs_) / 1e6,
                 cpu - lastCpuMs_);
    lastWallNs_ = now;
    lastCpuMs_ = cpu;
}

StepTimer::~StepTimer() {
    if (!enabled_) return;
    std::fprintf(stderr, "[profile] %s: %-28s %8.1f ms wall %8.1f ms cpu\n", operation_, "total", double(wall_.nsecsElapsed()) / 1e6,
                 threadCpuMs() - startCpuMs_);
}

}  // namespace taxo::ui
