#include "core/common/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

namespace taxo {

Status writeFileAtomically(const std::string& path, const std::string& bytes, bool durable) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    std::error_code ec;
    if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return makeError(ErrorCode::Io, path + ": cannot write (" + std::strerror(errno) + ")");
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(tmp.c_str());
            return makeError(ErrorCode::Io, path + ": cannot write (" + why + ")");
        }
        written += std::size_t(n);
    }
    if ((durable && ::fsync(fd) != 0) || ::close(fd) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, path + ": cannot flush (" + why + ")");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(tmp.c_str());
        return makeError(ErrorCode::Io, path + ": cannot replace (" + why + ")");
    }
    return {};
}

Result<std::string> readWholeFile(const std::string& path, std::size_t maxBytes) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) return makeError(ErrorCode::NotFound, path + ": cannot read (" + ec.message() + ")");
    if (size > maxBytes) return makeError(ErrorCode::TooLarge, path + ": file too large (" + std::to_string(size) + " bytes)");
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::Io, path + ": cannot open");
    std::string bytes(size, '\0');
    in.read(bytes.data(), std::streamsize(size));
    if (std::size_t(in.gcount()) != size) return makeError(ErrorCode::Io, path + ": short read");
    return bytes;
}

}  // namespace taxo
