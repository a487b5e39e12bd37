#pragma once
// Ctrl-C (SIGINT) or SIGTERM cancels the running job through its JobControl instead of killing the process,
// so a project is left consistent; a second signal exits at once.
#include "core/common/job.h"

namespace taxo::cli {

// Blocks SIGINT/SIGTERM in the calling thread (call first in main, before other threads start) and starts a
// watcher thread that cancels `control` on the first signal.
void cancelOnInterrupt(JobControl& control);

}  // namespace taxo::cli
