#include "core/data/metadata_import.h"

#include <cctype>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_set>

#include "core/data/csv.h"
#include "core/data/file_check.h"
#include "core/data/import_pipeline.h"

namespace taxo {

namespace fs = std::filesystem;

namespace {

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

const std::map<std::string, std::string>& aliases() {
    static const std::map<std::string, std::string> a{
        {"filepath", "file_path"},     {"path", "file_path"},       {"file", "file_path"},
        {"filename", "file_path"},     {"file_name", "file_path"},  {"image", "file_path"},
        {"image_path", "file_path"},   {"id", "rare_species_id"},   {"specimen_id", "rare_species_id"},
        {"sci_name", "scientific_name"}, {"vernacular_name", "common_name"}, {"specific_epithet", "species"},
    };
    return a;
}

bool interpreted(const std::string& canonical) {
    if (canonical == "file_path" || canonical == "rare_species_id" || canonical == "eol_content_id" ||
        canonical == "eol_page_id")
        return true;
    for (const auto& r : Taxonomy::rankNames())
        if (r == canonical) return true;
    return false;
}

// The CSV reader words its problems "<source>, line <N>: <what>"; recover N for the report.
std::size_t problemLine(const std::string& problem, const std::string& source) {
    const std::string prefix = source + ", line ";
    if (problem.compare(0, prefix.size(), prefix) != 0) return 0;
    std::size_t line = 0;
    for (std::size_t i = prefix.size(); i < problem.size() && std::isdigit(static_cast<unsigned char>(problem[i])); ++i)
        line = line * 10 + std::size_t(problem[i] - '0');
    return line;
}

}  // namespace

std::string canonicalMetadataColumn(const std::string& header) {
    const std::string t = trim(header);
    std::string snake;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(t[i]);
        if (c == ' ' || c == '-' || c == '.' || c == '_') {
            if (!snake.empty() && snake.back() != '_') snake += '_';
            continue;
        }
        if (std::isupper(c) && i > 0 && (std::islower(static_cast<unsigned char>(t[i - 1])) ||
                                         std::isdigit(static_cast<unsigned char>(t[i - 1]))))
            if (!snake.empty() && snake.back() != '_') snake += '_';
        snake += char(std::tolower(c));
    }
    while (!snake.empty() && snake.back() == '_') snake.pop_back();
    const auto it = aliases().find(snake);
    return it == aliases().end() ? snake : it->second;
}

Result<ImportResult> importMetadataCsv(const MetadataImportParams& params) {
    const std::string& csvPath = params.csvPath;
    auto tableOr = readCsvFile(csvPath);
    if (!tableOr) return tableOr.error();
    const CsvTable& table = *tableOr;

    // Column index per canonical name; the first column wins when two headers mean the same thing.
    std::map<std::string, std::size_t> columns;
    std::vector<bool> isExtra(table.header.size(), true);
    for (std::size_t i = 0; i < table.header.size(); ++i) {
        const std::string canonical = canonicalMetadataColumn(table.header[i]);
        if (interpreted(canonical) && columns.emplace(canonical, i).second) isExtra[i] = false;
    }
    if (!columns.count("file_path"))
        return makeError(ErrorCode::BadFormat, csvPath + ": missing required column \"file_path\" (the photo of each row)");
    for (const auto& rank : params.labelRank.ranks)
        if (!columns.count(rank))
            return makeError(ErrorCode::BadFormat, csvPath + ": missing required column \"" + rank +
                                                       "\" (needed for the label rank " + params.labelRank.spec() + ")");

    fs::path root = params.dataRoot.empty() ? fs::path(csvPath).parent_path() : fs::path(params.dataRoot);
    std::error_code ec;
    root = fs::absolute(root.empty() ? fs::path(".") : root, ec).lexically_normal();

    ImportResult result;
    ImportReport& report = result.report;
    report.source = csvPath;
    for (const auto& problem : table.problems) {
        const std::size_t line = problemLine(problem, csvPath);
        if (line > 1) ++report.rowsRead;  // a bad record is still a row read; a bad header is not
        report.issues.push_back({ImportIssue::Kind::BadRow, line, {}, problem, true});
    }
    report.rowsRead += table.rows.size();

    auto value = [&](const CsvRow& row, const std::string& name) -> std::string {
        const auto it = columns.find(name);
        return it == columns.end() ? std::string() : trim(row.fields[it->second]);
    };

    std::set<std::string> sourceLabels;
    std::unordered_set<std::string> seenIds;
    std::vector<detail::ImportCandidate> candidates;
    ProgressReporter reporter(params.progress, "reading rows", std::int64_t(table.rows.size()));
    std::int64_t done = 0;
    for (const CsvRow& row : table.rows) {
        if (params.control && !params.control->checkpoint())
            return makeError(ErrorCode::Cancelled, csvPath + ": import cancelled");
        reporter.update(++done);

        Specimen s;
        for (const auto& rank : Taxonomy::rankNames()) s.taxonomy.setRank(rank, value(row, rank));
        s.label = params.labelRank.labelFor(s.taxonomy);
        if (!s.label.empty()) sourceLabels.insert(s.label);

        s.filePath = value(row, "file_path");
        if (s.filePath.empty()) {
            report.issues.push_back({ImportIssue::Kind::BadRow, row.line, {}, "empty file_path", true});
            continue;
        }
        if (s.label.empty()) {
            std::string empties;
            for (const auto& rank : params.labelRank.ranks)
                if (s.taxonomy.rank(rank).empty()) empties += (empties.empty() ? "" : ", ") + rank;
            report.issues.push_back({ImportIssue::Kind::EmptyLabel, row.line, s.filePath,
                                     s.filePath + ": empty " + empties + " (the label " + params.labelRank.spec() +
                                         " needs it)",
                                     true});
            continue;
        }
        s.sourceId = value(row, "rare_species_id");
        if (!s.sourceId.empty() && !seenIds.insert(s.sourceId).second) {
            report.issues.push_back({ImportIssue::Kind::DuplicateId, row.line, s.filePath,
                                     s.filePath + ": id " + s.sourceId + " already used on an earlier row", true});
            continue;
        }
        s.eolContentId = value(row, "eol_content_id");
        s.eolPageId = value(row, "eol_page_id");
        for (std::size_t i = 0; i < table.header.size(); ++i)
            if (isExtra[i] && !table.header[i].empty()) s.extra.emplace(table.header[i], row.fields[i]);

        const fs::path file(s.filePath);
        s.absolutePath = (file.is_absolute() ? file : root / file).lexically_normal().string();
        if (const auto problem = photoFileProblem(s.absolutePath)) {
            std::string where = problem->kind == ImportIssue::Kind::MissingFile ? " (looked for " + s.absolutePath + ")" : "";
            report.issues.push_back({problem->kind, row.line, s.filePath, s.filePath + ": " + problem->reason + where, true});
            continue;
        }
        candidates.push_back({std::move(s), row.line});
    }
    reporter.finish();
    report.classesInSource = sourceLabels.size();

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
