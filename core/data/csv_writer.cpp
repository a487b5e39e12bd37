#include "core/common/atomic_file.h"
#include "core/data/csv.h"

namespace taxo {

std::string csvField(const std::string& value) {
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string quoted = "\"";
    for (char c : value) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    return quoted + "\"";
}

std::string csvLine(const std::vector<std::string>& fields) {
    std::string line;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i) line += ',';
        line += csvField(fields[i]);
    }
    return line + "\n";
}

Status writeCsvFile(const std::string& path, const std::vector<std::string>& header,
                    const std::vector<std::vector<std::string>>& rows) {
    std::string bytes = csvLine(header);
    for (const auto& row : rows) bytes += csvLine(row);
    return writeFileAtomically(path, bytes);
}

}  // namespace taxo
