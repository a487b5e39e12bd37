#pragma once
// What every taxoscope-cli command shares: output mode, progress on stderr, exit codes.
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/job.h"
#include "core/common/result.h"

namespace taxo::cli {

// Exit codes are part of the CLI's contract (scripts test them).
enum ExitCode : int {
    kOk = 0,
    kFailed = 1,        // something went wrong that is not one of the below
    kUsage = 2,         // bad arguments
    kNotFound = 3,      // missing project, file, specimen, run or model
    kBadInput = 4,      // unparseable CSV, image or model file; invalid values
    kIoError = 5,       // disk, permissions, database
    kCancelled = 130,   // interrupted (as a shell reports SIGINT)
};

struct Context {
    bool json = false;     // machine-readable output on stdout
    bool quiet = false;    // no progress on stderr
    int threads = 0;       // 0 = all cores

    // Prints progress with time left on stderr (a single updating line on a terminal).
    ProgressFn progress() const;
    // Prints an error on stderr (JSON on stdout when --json) and returns its exit code.
    int fail(const Error& error) const;
    int fail(ExitCode code, const std::string& message) const;
    // Prints a JSON document (with --json) or the given text.
    void emit(const nlohmann::json& json, const std::string& text) const;
};

ExitCode exitCodeFor(ErrorCode code);
std::string formatDuration(double seconds);

}  // namespace taxo::cli
