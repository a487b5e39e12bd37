// CSV reading on top of libcsv. libcsv knows nothing of line numbers or size limits, so this file adds both:
// input is fed one physical line at a time, and the parser state between lines tells where a record starts.
//
// Record shape policy (documented in csv.h's contract "bad records are listed in problems"):
//  - fewer fields than the header: kept, the missing trailing fields read as empty (tools often drop trailing
//    empty columns);
//  - more fields than the header: kept only when every extra field is empty (trailing commas, as spreadsheets
//    write them); otherwise the record is a problem, because an unquoted comma shifted its columns and any
//    value read from it could be wrong;
//  - a field longer than maxFieldBytes: the record is a problem;
//  - a quoted field still open at the end of the file: that record is a problem.
// Blank lines are skipped. Problems read "<source>, line <N>: <what>" so callers can recover the line.
#include <csv.h>

#include <algorithm>
#include <cctype>

#include "core/common/atomic_file.h"
#include "core/data/csv.h"

namespace taxo {

namespace {

// libcsv's parser states (see libcsv.c).
constexpr int kRowNotBegun = 0;
constexpr int kFieldBegun = 2;

std::string trim(const std::string& s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return s.substr(b, e - b);
}

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

struct ParseState {
    const std::string* source = nullptr;
    const CsvReadOptions* options = nullptr;
    CsvTable* table = nullptr;
    bool haveHeader = false;
    std::size_t currentLine = 1;      // physical line being fed to the parser
    std::size_t recordStart = 1;      // line on which the record being parsed started
    std::vector<std::string> fields;  // fields of the record being parsed
    std::string recordProblem;        // first problem found in the record being parsed

    std::string where(std::size_t line) const { return *source + ", line " + std::to_string(line) + ": "; }

    void onField(const char* data, std::size_t len) {
        if (len > options->maxFieldBytes) {
            if (recordProblem.empty())
                recordProblem = "field " + std::to_string(fields.size() + 1) + " is " + std::to_string(len) +
                                " bytes, over the limit of " + std::to_string(options->maxFieldBytes) + " bytes";
            fields.emplace_back();  // keep the count right without holding the oversize bytes
            return;
        }
        fields.emplace_back(data ? data : "", len);
    }

    void onRecordEnd() {
        std::vector<std::string> record;
        record.swap(fields);
        std::string problem;
        problem.swap(recordProblem);
        const std::size_t line = recordStart;
        if (!haveHeader) {
            haveHeader = true;
            if (!record.empty()) {
                std::string& first = record.front();
                if (first.compare(0, 3, "\xEF\xBB\xBF") == 0) first.erase(0, 3);
            }
            for (auto& name : record) name = trim(name);
            table->header = std::move(record);
            if (!problem.empty()) table->problems.push_back(where(line) + "header: " + problem);
            return;
        }
        if (!problem.empty()) {
            table->problems.push_back(where(line) + problem);
            return;
        }
        const std::size_t width = table->header.size();
        if (record.size() > width) {
            const bool extrasEmpty = std::all_of(record.begin() + std::ptrdiff_t(width), record.end(),
                                                 [](const std::string& f) { return f.empty(); });
            if (!extrasEmpty) {
                table->problems.push_back(where(line) + std::to_string(record.size()) + " fields but the header has " +
                                          std::to_string(width) + " (an unquoted comma?)");
                return;
            }
            record.resize(width);
        }
        record.resize(width);
        table->rows.push_back(CsvRow{line, std::move(record)});
    }
};

void fieldCallback(void* data, std::size_t len, void* user) {
    static_cast<ParseState*>(user)->onField(static_cast<const char*>(data), len);
}

void recordCallback(int /*terminator*/, void* user) { static_cast<ParseState*>(user)->onRecordEnd(); }

}  // namespace

int CsvTable::column(const std::string& name) const {
    const std::string wanted = lower(trim(name));
    for (std::size_t i = 0; i < header.size(); ++i)
        if (lower(trim(header[i])) == wanted) return int(i);
    return -1;
}

Result<CsvTable> parseCsv(const std::string& bytes, const std::string& sourceName, const CsvReadOptions& options) {
    if (bytes.size() > options.maxFileBytes)
        return makeError(ErrorCode::TooLarge, sourceName + ": file too large (" + std::to_string(bytes.size()) +
                                                  " bytes, limit " + std::to_string(options.maxFileBytes) + ")");
    std::size_t begin = 0;
    if (bytes.compare(0, 3, "\xEF\xBB\xBF") == 0) begin = 3;

    csv_parser parser;
    // Lenient mode (no CSV_STRICT): a stray quote inside an unquoted field is kept as text instead of stopping the
    // whole parse. (CSV_STRICT_FINI only acts together with CSV_STRICT, so an open quote at the end is checked below.)
    if (csv_init(&parser, CSV_APPEND_NULL) != 0)
        return makeError(ErrorCode::Internal, sourceName + ": cannot initialise the CSV parser");

    // libcsv grows its field buffer by blk_size bytes at a time (128 by default): a 10 MB field then costs 80,000
    // reallocs, quadratic copying wherever realloc cannot grow in place (under ASan: over a minute). 64 KiB steps
    // keep that to a few hundred.
    csv_set_blk_size(&parser, std::size_t(64) << 10);

    CsvTable table;
    ParseState state;
    state.source = &sourceName;
    state.options = &options;
    state.table = &table;

    std::size_t pos = begin;
    while (pos < bytes.size()) {
        // A physical line ends at LF, CRLF, or a lone CR (classic Mac files): libcsv ends a record at any of them,
        // so counting only LF would give every record of a CR-only file line 1 (found by tests/fuzz/fuzz_csv).
        std::size_t end = bytes.find_first_of("\r\n", pos);
        if (end == std::string::npos) end = bytes.size();
        else if (bytes[end] == '\r' && end + 1 < bytes.size() && bytes[end + 1] == '\n') end += 2;
        else end += 1;
        if (parser.pstate == kRowNotBegun) state.recordStart = state.currentLine;
        const std::size_t len = end - pos;
        if (csv_parse(&parser, bytes.data() + pos, len, fieldCallback, recordCallback, &state) != len) {
            const std::string why = csv_strerror(csv_error(&parser));
            csv_free(&parser);
            return makeError(ErrorCode::BadFormat, state.where(state.currentLine) + "CSV parser failed (" + why + ")");
        }
        pos = end;
        ++state.currentLine;
    }
    if (parser.pstate == kFieldBegun && parser.quoted) {
        // The open field swallowed the rest of the file; say where its record began so the user can find the quote.
        table.problems.push_back(state.where(state.recordStart) +
                                 "a quoted field is not closed before the end of the file; the rest of the file was "
                                 "read as part of this record and left out");
    } else if (csv_fini(&parser, fieldCallback, recordCallback, &state) != 0) {
        table.problems.push_back(state.where(state.recordStart) + "the last record cannot be parsed");
    }
    csv_free(&parser);

    if (!state.haveHeader || table.header.empty() ||
        std::all_of(table.header.begin(), table.header.end(), [](const std::string& h) { return h.empty(); }))
        return makeError(ErrorCode::BadFormat, sourceName + ": empty file, no header row");
    return table;
}

Result<CsvTable> readCsvFile(const std::string& path, const CsvReadOptions& options) {
    auto bytes = readWholeFile(path, options.maxFileBytes);
    if (!bytes) return bytes.error();
    return parseCsv(*bytes, path, options);
}

}  // namespace taxo
