#pragma once
// Why a path named as a photo cannot be read as one: the importers' shared answer, so that a folder walk and a
// metadata CSV report the same file the same way.
#include <filesystem>
#include <optional>
#include <string>

#include "core/data/import_report.h"

namespace taxo {

struct FileProblem {
    ImportIssue::Kind kind;  // MissingFile (nothing there, or a dangling link) or UnreadableImage (anything else)
    std::string reason;      // e.g. "file not found", "symbolic link loop (Too many levels of symbolic links)"
};

// Nothing when `path` (symbolic links followed) is a regular file; otherwise what it is instead. Never opens it,
// so a FIFO cannot block the caller.
std::optional<FileProblem> photoFileProblem(const std::filesystem::path& path);

}  // namespace taxo
