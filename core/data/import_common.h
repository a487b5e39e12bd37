#pragma once
// Types shared by the importers (metadata CSV and folder tree).
#include <functional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/data/import_report.h"
#include "core/data/specimen.h"

namespace taxo {

// Checks that a file is a readable photo; an Error's message becomes an UnreadableImage issue and the file is
// skipped. Called from several worker threads at once, so it must be thread-safe.
using ImageVerifier = std::function<Status(const std::string& absolutePath)>;

struct ImportResult {
    std::vector<Specimen> specimens;  // in source order (CSV rows, or sorted paths for folders); ids are 0
    ImportReport report;
};

}  // namespace taxo
