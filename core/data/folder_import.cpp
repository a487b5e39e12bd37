#include "core/data/folder_import.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>

#include "core/data/file_check.h"
#include "core/data/import_pipeline.h"

namespace taxo {

namespace fs = std::filesystem;

bool isPhotoFileName(const std::string& name) {
    const auto dot = name.rfind('.');
    if (dot == std::string::npos) return false;
    std::string ext = name.substr(dot + 1);
    for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
    static const std::set<std::string> known{"jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff"};
    return known.count(ext) > 0;
}

namespace {

struct Walker {
    fs::path root;
    std::set<fs::path> visited;  // canonical folders already entered: guards against symlink loops
    ImportReport* report = nullptr;
    std::vector<std::pair<fs::path, std::string>> photos;  // path, label (empty: unlabelled)

    std::string relative(const fs::path& p) const { return p.lexically_relative(root).generic_string(); }

    void issue(ImportIssue::Kind kind, const fs::path& p, const std::string& why) {
        const std::string rel = relative(p);
        report->issues.push_back({kind, 0, rel, rel + ": " + why, true});
    }

    // Lists a folder's entries in sorted order so the import does not depend on the file system's order.
    void walk(const fs::path& dir, const std::string& label, bool topLevel, bool unlabelled) {
        std::error_code ec;
        const fs::path canonical = fs::canonical(dir, ec);
        if (ec) {
            issue(ImportIssue::Kind::UnreadableImage, dir, "folder cannot be read (" + ec.message() + ")");
            return;
        }
        if (!visited.insert(canonical).second) return;  // reached again through a symlink

        std::vector<fs::path> entries;
        fs::directory_iterator it(dir, ec), end;
        if (ec) {
            issue(ImportIssue::Kind::UnreadableImage, dir, "folder cannot be read (" + ec.message() + ")");
            return;
        }
        for (; it != end; it.increment(ec)) {
            if (ec) break;
            entries.push_back(it->path());
        }
        if (ec) issue(ImportIssue::Kind::UnreadableImage, dir, "folder listing stopped (" + ec.message() + ")");
        std::sort(entries.begin(), entries.end());

        for (const auto& entry : entries) {
            const std::string name = entry.filename().string();
            if (name.empty() || name[0] == '.') continue;
            std::error_code sec;
            if (fs::is_directory(entry, sec)) {
                walk(entry, topLevel && !unlabelled ? name : label, false, unlabelled);
            } else if (isPhotoFileName(name)) {
                if (const auto problem = photoFileProblem(entry))
                    issue(problem->kind, entry, problem->reason);
                else
                    photos.emplace_back(entry, label);
            }
        }
    }
};

}  // namespace

Result<ImportResult> importFolder(const FolderImportParams& params) {
    std::error_code ec;
    const fs::path root = fs::absolute(params.root, ec).lexically_normal();
    if (ec || !fs::is_directory(root, ec))
        return makeError(ErrorCode::NotFound, params.root + ": not a folder");

    ImportResult result;
    result.report.source = params.root;
    Walker walker;
    walker.root = root;
    walker.report = &result.report;
    walker.walk(root, {}, true, params.unlabelled);
    if (params.control && params.control->cancelled())
        return makeError(ErrorCode::Cancelled, params.root + ": import cancelled");

    std::set<std::string> labels;
    std::vector<detail::ImportCandidate> candidates;
    candidates.reserve(walker.photos.size());
    for (auto& [path, label] : walker.photos) {
        Specimen s;
        s.filePath = walker.relative(path);
        s.sourceId = s.filePath;
        s.absolutePath = path.string();
        s.label = label;
        if (!label.empty()) {
            labels.insert(label);
            const auto cut = label.find('_');
            if (cut != std::string::npos && cut > 0 && cut + 1 < label.size()) {
                s.taxonomy.phylum = label.substr(0, cut);
                s.taxonomy.family = label.substr(cut + 1);
            } else {
                s.taxonomy.family = label;
            }
        }
        candidates.push_back({std::move(s), 0});
    }
    result.report.rowsRead = candidates.size();
    result.report.classesInSource = labels.size();

    detail::ImportPipelineOptions options;
    options.minClassSize = params.minClassSize;
    options.verifyImage = params.verifyImage;
    options.threads = params.threads;
    options.progress = params.progress;
    options.control = params.control;
    const Status finished = detail::finishImport(std::move(candidates), options, result);
    if (!finished) return finished.error();
    return result;
}

}  // namespace taxo
