#pragma once
// What an import did: how many rows it read, what it imported, and every row or file it skipped or warns about,
// each with the reason. Shown on screen (summaryText) and saved or printed as JSON (toJson); both are stable:
// the same import gives the same text, byte for byte.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace taxo {

struct ImportIssue {
    enum class Kind {
        MissingFile,       // the photo named by a row does not exist (skipped)
        UnreadableImage,   // the photo cannot be read or is not an image (skipped)
        DuplicateContent,  // byte-identical to an earlier photo (same content hash; kept, reported)
        DuplicateId,       // the row's id was already imported (the later row is skipped)
        EmptyLabel,        // a rank the label needs is empty (skipped)
        SmallClass,        // a class with fewer imported specimens than the minimum (warning, kept)
        BadRow,            // the row cannot be parsed or has no file path (skipped)
    };
    Kind kind = Kind::BadRow;
    std::size_t line = 0;  // 1-based line of the row in the source CSV (header = 1); 0 for folders and classes
    std::string path;      // the photo (or folder) as written in the source; empty for classes
    std::string message;   // one sentence, names the problem
    bool skipped = false;  // true when the row or file was left out of the import
};

const char* importIssueKindName(ImportIssue::Kind kind);  // "missing_file", "unreadable_image", ...
const std::vector<ImportIssue::Kind>& allImportIssueKinds();

struct ImportReport {
    std::string source;                              // the CSV file or folder imported
    std::size_t rowsRead = 0;                        // CSV records (bad ones included) or image files found
    std::size_t specimensImported = 0;
    std::size_t unlabelled = 0;                      // imported specimens with an empty label (folder import)
    std::size_t classesInSource = 0;                 // distinct non-empty labels over all rows, imported or not
    std::map<std::string, std::size_t> classCounts;  // imported specimens per label (unlabelled ones not counted)
    std::vector<ImportIssue> issues;                 // in source order; SmallClass warnings last, sorted by label

    std::size_t count(ImportIssue::Kind kind) const;
    std::size_t skippedCount() const;
    // Every kind appears in "issue_counts", zero or not, so readers need not guess.
    nlohmann::json toJson() const;
    // Human-readable lines: totals, then per kind its count, why, and up to maxExamples examples.
    std::string summaryText(std::size_t maxExamples = 5) const;
};

}  // namespace taxo
