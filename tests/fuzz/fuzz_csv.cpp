// libFuzzer target for the CSV reader (parseCsv). Beyond "no crash, no sanitizer report" it checks the
// reader's documented contract: rows come in file order and no kept field is over the size limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/data/csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    taxo::CsvReadOptions options;
    options.maxFieldBytes = 64;  // small, so the oversize-field path is reached by short inputs
    taxo::Result<taxo::CsvTable> table = taxo::parseCsv(bytes, "fuzz.csv", options);
    if (!table) return 0;
    std::size_t previousLine = 0;
    for (const taxo::CsvRow& row : table->rows) {
        if (row.line <= previousLine || row.line < 2) std::abort();
        previousLine = row.line;
        for (const std::string& field : row.fields)
            if (field.size() > options.maxFieldBytes) std::abort();
    }
    (void)table->column("file_path");
    return 0;
}
