#pragma once
// CSV reading (libcsv underneath: quotes, embedded commas and newlines, CRLF) and RFC 4180 writing.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "core/common/result.h"

namespace taxo {

struct CsvRow {
    std::size_t line = 0;             // 1-based line on which the record starts (the header is line 1)
    std::vector<std::string> fields;
};

struct CsvTable {
    std::vector<std::string> header;  // trimmed, UTF-8 BOM removed
    std::vector<CsvRow> rows;
    std::vector<std::string> problems;  // per-record problems (e.g. oversize field), each naming file and line

    // Index of a column by case-insensitive name, or -1.
    int column(const std::string& name) const;
};

struct CsvReadOptions {
    std::size_t maxFieldBytes = std::size_t(1) << 20;  // longer fields make the record a problem, not a crash
    std::size_t maxFileBytes = std::size_t(1) << 31;
};

// Reads a whole CSV file. Fails only when the file cannot be read or has no header;
// bad records are listed in CsvTable::problems and left out of rows.
Result<CsvTable> readCsvFile(const std::string& path, const CsvReadOptions& options = {});
Result<CsvTable> parseCsv(const std::string& bytes, const std::string& sourceName, const CsvReadOptions& options = {});

// Quotes a field when it holds a comma, quote, CR or LF (RFC 4180).
std::string csvField(const std::string& value);
std::string csvLine(const std::vector<std::string>& fields);  // ends with "\n"
// Writes header and rows atomically (temporary file, then rename).
Status writeCsvFile(const std::string& path, const std::vector<std::string>& header,
                    const std::vector<std::vector<std::string>>& rows);

}  // namespace taxo
