#include "interrupt.h"

#include <csignal>
#include <pthread.h>
#include <thread>
#include <unistd.h>

namespace taxo::cli {

void cancelOnInterrupt(JobControl& control) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set, &control] {
        int signal = 0;
        if (sigwait(&set, &signal) != 0) return;
        control.cancel();
        if (sigwait(&set, &signal) == 0) _exit(130);
    }).detach();
}

}  // namespace taxo::cli
