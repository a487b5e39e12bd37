#include "core/data/import_report.h"

#include <algorithm>
#include <sstream>

namespace taxo {

const char* importIssueKindName(ImportIssue::Kind kind) {
    switch (kind) {
    case ImportIssue::Kind::MissingFile: return "missing_file";
    case ImportIssue::Kind::UnreadableImage: return "unreadable_image";
    case ImportIssue::Kind::DuplicateContent: return "duplicate_content";
    case ImportIssue::Kind::DuplicateId: return "duplicate_id";
    case ImportIssue::Kind::EmptyLabel: return "empty_label";
    case ImportIssue::Kind::SmallClass: return "small_class";
    case ImportIssue::Kind::BadRow: return "bad_row";
    }
    return "bad_row";
}

const std::vector<ImportIssue::Kind>& allImportIssueKinds() {
    using K = ImportIssue::Kind;
    static const std::vector<K> kinds{K::BadRow,     K::EmptyLabel,       K::DuplicateId, K::MissingFile,
                                      K::UnreadableImage, K::DuplicateContent, K::SmallClass};
    return kinds;
}

std::size_t ImportReport::count(ImportIssue::Kind kind) const {
    return std::size_t(std::count_if(issues.begin(), issues.end(), [kind](const ImportIssue& i) { return i.kind == kind; }));
}

std::size_t ImportReport::skippedCount() const {
    return std::size_t(std::count_if(issues.begin(), issues.end(), [](const ImportIssue& i) { return i.skipped; }));
}

namespace {
// JSON strings must be UTF-8, but file and folder names on Linux are bytes: a photo named in Latin-1 made every
// later dump() throw (found by tests/reliability/test_bad_inputs). Invalid bytes become U+FFFD, as in dump()'s
// own "replace" mode; summaryText keeps the raw bytes.
std::string utf8(const std::string& s) {
    const bool ascii = std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return s;
    const std::string quoted = nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return nlohmann::json::parse(quoted).get<std::string>();
}
}  // namespace

nlohmann::json ImportReport::toJson() const {
    nlohmann::json j;  // nlohmann::json keeps keys sorted, which keeps the output stable
    j["source"] = utf8(source);
    j["rows_read"] = rowsRead;
    j["specimens_imported"] = specimensImported;
    j["unlabelled"] = unlabelled;
    j["classes_in_source"] = classesInSource;
    j["classes_imported"] = classCounts.size();
    j["class_counts"] = nlohmann::json::object();
    for (const auto& [label, n] : classCounts) j["class_counts"][utf8(label)] = n;
    j["skipped"] = skippedCount();
    j["issue_counts"] = nlohmann::json::object();
    for (auto kind : allImportIssueKinds()) j["issue_counts"][importIssueKindName(kind)] = count(kind);
    j["issues"] = nlohmann::json::array();
    for (const auto& issue : issues)
        j["issues"].push_back({{"kind", importIssueKindName(issue.kind)},
                               {"line", issue.line},
                               {"path", utf8(issue.path)},
                               {"message", utf8(issue.message)},
                               {"skipped", issue.skipped}});
    return j;
}

namespace {
const char* kindExplanation(ImportIssue::Kind kind) {
    switch (kind) {
    case ImportIssue::Kind::MissingFile: return "photo file not found (skipped)";
    case ImportIssue::Kind::UnreadableImage: return "photo unreadable or not an image (skipped)";
    case ImportIssue::Kind::DuplicateContent: return "byte-identical to an earlier photo (kept)";
    case ImportIssue::Kind::DuplicateId: return "id already imported from an earlier row (skipped)";
    case ImportIssue::Kind::EmptyLabel: return "no label: a rank the label needs is empty (skipped)";
    case ImportIssue::Kind::SmallClass: return "class smaller than the minimum size (kept, warning)";
    case ImportIssue::Kind::BadRow: return "row cannot be used (skipped)";
    }
    return "";
}
}  // namespace

std::string ImportReport::summaryText(std::size_t maxExamples) const {
    std::ostringstream out;
    out << "Imported " << specimensImported << " of " << rowsRead << " rows from " << source << "\n";
    out << "Classes: " << classCounts.size() << " imported, " << classesInSource << " in source";
    if (!classCounts.empty()) {
        auto [minIt, maxIt] = std::minmax_element(classCounts.begin(), classCounts.end(),
                                                  [](const auto& a, const auto& b) { return a.second < b.second; });
        out << " (smallest " << minIt->first << " " << minIt->second << ", largest " << maxIt->first << " "
            << maxIt->second << ")";
    }
    out << "\n";
    if (unlabelled) out << "Unlabelled specimens: " << unlabelled << "\n";
    out << "Skipped: " << skippedCount() << "\n";
    for (auto kind : allImportIssueKinds()) {
        const std::size_t n = count(kind);
        if (!n) continue;
        out << "  " << importIssueKindName(kind) << ": " << n << " - " << kindExplanation(kind) << "\n";
        std::size_t shown = 0;
        for (const auto& issue : issues) {
            if (issue.kind != kind) continue;
            if (shown == maxExamples) break;
            ++shown;
            out << "    ";
            if (issue.line) out << "line " << issue.line << ": ";
            out << issue.message << "\n";
        }
        if (n > shown) out << "    ... and " << (n - shown) << " more\n";
    }
    return out.str();
}

}  // namespace taxo
