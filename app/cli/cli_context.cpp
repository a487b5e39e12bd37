#include "cli_context.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace taxo::cli {

ExitCode exitCodeFor(ErrorCode code) {
    switch (code) {
    case ErrorCode::InvalidArgument: return kUsage;
    case ErrorCode::NotFound: return kNotFound;
    case ErrorCode::BadFormat:
    case ErrorCode::TooLarge:
    case ErrorCode::Numeric: return kBadInput;
    case ErrorCode::Io:
    case ErrorCode::Database: return kIoError;
    case ErrorCode::Cancelled: return kCancelled;
    case ErrorCode::Internal: break;
    }
    return kFailed;
}

std::string formatDuration(double seconds) {
    if (seconds < 0) return "?";
    const long s = std::lround(seconds);
    char buf[32];
    if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
    else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
    return buf;
}

ProgressFn Context::progress() const {
    if (quiet) return {};
    const bool tty = ::isatty(STDERR_FILENO);
    return [tty](const Progress& p) {
        std::string line = p.phase;
        if (p.total > 0) line += " " + std::to_string(p.done) + "/" + std::to_string(p.total);
        else if (p.done > 0) line += " " + std::to_string(p.done);
        if (!p.detail.empty()) line += " " + p.detail;
        line += "  elapsed " + formatDuration(p.elapsedSeconds);
        if (p.remainingSeconds >= 0) line += "  left " + formatDuration(p.remainingSeconds);
        const bool last = p.total > 0 && p.done >= p.total;
        if (tty) std::cerr << "\r\033[K" << line << (last ? "\n" : "") << std::flush;
        else std::cerr << line << "\n";
    };
}

int Context::fail(const Error& error) const {
    const ExitCode code = exitCodeFor(error.code);
    if (json) std::cout << nlohmann::json{{"error", error.message}, {"kind", errorCodeName(error.code)}, {"exit_code", int(code)}}.dump(2) << "\n";
    std::cerr << "taxoscope-cli: " << error.message << "\n";
    return code;
}

int Context::fail(ExitCode code, const std::string& message) const {
    if (json) std::cout << nlohmann::json{{"error", message}, {"exit_code", int(code)}}.dump(2) << "\n";
    std::cerr << "taxoscope-cli: " << message << "\n";
    return code;
}

void Context::emit(const nlohmann::json& json, const std::string& text) const {
    if (this->json) std::cout << json.dump(2) << "\n";
    else std::cout << text << std::flush;
}

}  // namespace taxo::cli
