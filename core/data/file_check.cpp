#include "core/data/file_check.h"

#include <cerrno>

namespace taxo {

namespace fs = std::filesystem;

namespace {

const char* typeName(fs::file_type type) {
    switch (type) {
        case fs::file_type::directory: return "a folder";
        case fs::file_type::fifo: return "a FIFO";
        case fs::file_type::socket: return "a socket";
        case fs::file_type::block: return "a block device";
        case fs::file_type::character: return "a character device";
        default: return "not a file";
    }
}

}  // namespace

std::optional<FileProblem> photoFileProblem(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);  // follows symbolic links
    if (fs::is_regular_file(status)) return std::nullopt;
    if (ec.value() == ELOOP) return FileProblem{ImportIssue::Kind::UnreadableImage, "symbolic link loop (" + ec.message() + ")"};
    if (!fs::exists(status)) {
        std::error_code lec;
        if (fs::is_symlink(fs::symlink_status(path, lec))) {
            std::error_code rec;
            const auto target = fs::read_symlink(path, rec);
            return FileProblem{ImportIssue::Kind::MissingFile, "broken symbolic link (to " + target.string() + ")"};
        }
        if (ec && ec != std::errc::no_such_file_or_directory)
            return FileProblem{ImportIssue::Kind::UnreadableImage, "cannot be examined (" + ec.message() + ")"};
        return FileProblem{ImportIssue::Kind::MissingFile, "file not found"};
    }
    return FileProblem{ImportIssue::Kind::UnreadableImage, std::string("not a regular file (") + typeName(status.type()) + ")"};
}

}  // namespace taxo
