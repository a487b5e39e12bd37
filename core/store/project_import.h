#pragma once
// Importing a metadata CSV or a folder tree into a project: the importer's specimens are added in one
// transaction together with the import's report, so a killed import leaves the project as it was.
// Re-importing is safe: a row whose source id (or, without one, file path) is already in the project is
// reported as a duplicate id and skipped. When the project has an active split, newcomers are placed in it
// without moving anyone already assigned.
#include <string>

#include "core/common/job.h"
#include "core/data/import_report.h"
#include "core/data/specimen.h"
#include "core/store/project_store.h"

namespace taxo {

struct ProjectImportParams {
    std::string source;            // a .csv file (BioCLIP layout) or a folder (one subfolder per class)
    std::string dataRoot;          // CSV only: root of file_path values; empty = the CSV's folder
    std::string labelRank;         // empty: the project's rank (phylum_family by default)
    std::size_t minClassSize = 3;
    bool unlabelled = false;       // folder only: every photo unlabelled
    bool verifyImages = true;      // decode-check every photo (reduced size); off only for trusted data
    int threads = 0;               // <= 0: all cores
    ProgressFn progress;
    JobControl* control = nullptr;
};

Result<ImportReport> importIntoProject(ProjectStore& store, const ProjectImportParams& params);

}  // namespace taxo
