#include "core/store/project_import.h"

#include <filesystem>
#include <set>

#include "core/data/folder_import.h"
#include "core/data/image_io.h"
#include "core/data/metadata_import.h"

namespace taxo {
namespace {

std::string identity(const Specimen& s) { return s.sourceId.empty() ? "path:" + s.filePath : "id:" + s.sourceId; }

Result<LabelRank> chooseRank(const ProjectStore& store, const std::string& requested) {
    auto projectRank = store.labelRank();
    if (!projectRank) return projectRank.error();
    if (requested.empty()) return projectRank;
    LabelRank rank;
    std::string why;
    if (!LabelRank::parse(requested, rank, &why)) return makeError(ErrorCode::InvalidArgument, why);
    return rank;
}

// Drops specimens the project already holds, reporting each as a duplicate id.
Status dropKnown(const ProjectStore& store, std::vector<Specimen>& incoming, ImportReport& report) {
    auto existing = store.specimens();
    if (!existing) return existing.error();
    std::set<std::string> known;
    for (const auto& s : *existing) known.insert(identity(s));
    std::vector<Specimen> fresh;
    fresh.reserve(incoming.size());
    for (auto& s : incoming) {
        if (known.count(identity(s))) {
            ImportIssue issue;
            issue.kind = ImportIssue::Kind::DuplicateId;
            issue.path = s.filePath;
            issue.message = "already in the project (" + (s.sourceId.empty() ? s.filePath : s.sourceId) + ")";
            issue.skipped = true;
            report.issues.push_back(std::move(issue));
            auto it = report.classCounts.find(s.label);
            if (it != report.classCounts.end() && --it->second == 0) report.classCounts.erase(it);
            if (s.label.empty() && report.unlabelled > 0) --report.unlabelled;
            --report.specimensImported;
        } else {
            fresh.push_back(std::move(s));
        }
    }
    incoming = std::move(fresh);
    return {};
}

Status placeInActiveSplit(ProjectStore& store, const std::vector<std::int64_t>& newIds) {
    auto active = store.activeSplitId();
    if (!active) return active.error();
    if (!active->has_value() || newIds.empty()) return {};
    const std::int64_t splitId = **active;
    auto splits = store.listSplits();
    if (!splits) return splits.error();
    SplitParams params;
    for (const auto& info : *splits)
        if (info.id == splitId) {
            params.fractions = info.fractions;
            params.seed = info.seed;
        }
    auto existing = store.splitAssignments(splitId);
    if (!existing) return existing.error();
    auto items = store.splitItems();
    if (!items) return items.error();
    auto placed = assignNewItems(*existing, *items, params);
    if (!placed) return placed.error();
    std::map<std::int64_t, Part> newcomers;
    for (auto id : newIds) {
        auto it = placed->find(id);
        if (it != placed->end() && it->second != Part::Unassigned) newcomers[id] = it->second;
    }
    return store.addToSplit(splitId, newcomers);
}

}  // namespace

Result<ImportReport> importIntoProject(ProjectStore& store, const ProjectImportParams& params) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(params.source, ec))
        return makeError(ErrorCode::NotFound, params.source + ": no such file or folder");
    auto rank = chooseRank(store, params.labelRank);
    if (!rank) return rank.error();

    ImageVerifier verifier;
    if (params.verifyImages) verifier = [](const std::string& path) { return verifyImage(path); };

    Result<ImportResult> imported = makeError(ErrorCode::Internal, "not imported");
    if (fs::is_directory(params.source, ec)) {
        FolderImportParams p;
        p.root = params.source;
        p.unlabelled = params.unlabelled;
        p.minClassSize = params.minClassSize;
        p.verifyImage = verifier;
        p.threads = params.threads;
        p.progress = params.progress;
        p.control = params.control;
        imported = importFolder(p);
    } else {
        MetadataImportParams p;
        p.csvPath = params.source;
        p.dataRoot = params.dataRoot;
        p.labelRank = *rank;
        p.minClassSize = params.minClassSize;
        p.verifyImage = verifier;
        p.threads = params.threads;
        p.progress = params.progress;
        p.control = params.control;
        imported = importMetadataCsv(p);
    }
    if (!imported) return imported.error();
    ImportResult& result = *imported;
    if (auto s = dropKnown(store, result.specimens, result.report); !s) return s.error();
    if (params.control && params.control->cancelled()) return makeError(ErrorCode::Cancelled, params.source + ": import cancelled");

    // The first import fixes the project's label rank; later imports keep theirs in the report.
    auto count = store.count();
    if (!count) return count.error();
    if (*count == 0) {
        if (auto s = store.setMeta(ProjectStore::kMetaLabelRank, rank->spec()); !s) return s.error();
    }
    auto batch = store.importSpecimens(result.specimens, params.source, result.report.toJson().dump());
    if (!batch) return batch.error();
    if (auto s = placeInActiveSplit(store, batch->specimenIds); !s) return s.error();
    return result.report;
}

}  // namespace taxo
