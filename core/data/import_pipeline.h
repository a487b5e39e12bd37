#pragma once
// Internal to core/data: the part both importers share once they have found their photos: hashing and checking
// files on worker threads, duplicate content, class counts and small-class warnings.
#include <cstddef>
#include <vector>

#include "core/common/job.h"
#include "core/data/import_common.h"

namespace taxo::detail {

struct ImportCandidate {
    Specimen specimen;     // absolutePath points to an existing regular file
    std::size_t line = 0;  // CSV line, 0 for folders
};

struct ImportPipelineOptions {
    std::size_t minClassSize = 3;
    ImageVerifier verifyImage;
    int threads = 0;  // <= 0: hardware concurrency
    ProgressFn progress;
    JobControl* control = nullptr;
};

// Hashes (and verifies) every candidate, then fills result.specimens and completes result.report
// (specimensImported, classCounts, unlabelled, issues in a stable order). Fails only when cancelled.
Status finishImport(std::vector<ImportCandidate> candidates, const ImportPipelineOptions& options, ImportResult& result);

}  // namespace taxo::detail
