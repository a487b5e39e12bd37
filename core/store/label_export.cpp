#include "core/store/label_export.h"

#include <set>

#include "core/data/csv.h"

namespace taxo {

namespace {

const std::vector<std::string>& baseColumns() {
    static const std::vector<std::string> columns{"rare_species_id", "eol_content_id", "eol_page_id", "kingdom", "phylum", "family", "file_path"};
    return columns;
}

const std::vector<std::string>& optionalRanks() {
    static const std::vector<std::string> ranks{"class", "order", "genus", "species", "scientific_name", "common_name"};
    return ranks;
}

// Applies `label` to the label's ranks of `t` (see the header for the rules); false when it cannot be mapped.
bool applyLabel(const std::string& label, const LabelRank& rank, const std::map<std::string, Taxonomy>& reference, Taxonomy& t) {
    if (label == rank.labelFor(t)) return true;
    if (label.empty()) {
        for (const auto& r : rank.ranks) t.setRank(r, "");
        return true;
    }
    if (auto it = reference.find(label); it != reference.end()) {
        for (const auto& r : rank.ranks) t.setRank(r, it->second.rank(r));
        return true;
    }
    std::vector<std::string> values;
    std::string rest = label;
    for (std::size_t i = 0; i + 1 < rank.ranks.size(); ++i) {
        const auto cut = rest.find('_');
        if (cut == std::string::npos || cut == 0) return false;
        values.push_back(rest.substr(0, cut));
        rest.erase(0, cut + 1);
    }
    if (rest.empty()) return false;
    values.push_back(rest);
    for (std::size_t i = 0; i < rank.ranks.size(); ++i) t.setRank(rank.ranks[i], values[i]);
    return true;
}

}  // namespace

Result<std::int64_t> exportLabels(const ProjectStore& store, const std::string& csvPath, const LabelExportOptions& options) {
    auto rank = store.labelRank();
    if (!rank) return rank.error();
    auto all = store.specimens();
    if (!all) return all.error();

    // Which source taxonomy stands for each label (the first specimen, by id, whose source ranks make it).
    std::map<std::string, Taxonomy> reference;
    for (const auto& s : *all) {
        const std::string label = rank->labelFor(s.taxonomy);
        if (!label.empty()) reference.emplace(label, s.taxonomy);
    }

    std::vector<Specimen> rows;
    std::set<std::string> extraColumns;
    for (const auto& s : *all) {
        if (s.excluded && !options.includeExcluded) continue;
        Specimen out = s;
        if (!applyLabel(s.label, *rank, reference, out.taxonomy))
            return makeError(ErrorCode::InvalidArgument, csvPath + ": label \"" + s.label + "\" of specimen " + std::to_string(s.id) +
                                                             " (" + s.sourceId + ") cannot be written back as ranks " + rank->spec() +
                                                             "; relabel it as " + rank->spec() + " (e.g. chordata_ardeidae)");
        for (const auto& [key, value] : s.extra) extraColumns.insert(key);
        rows.push_back(std::move(out));
    }

    std::vector<std::string> ranks;
    for (const auto& r : optionalRanks())
        for (const auto& s : rows)
            if (!s.taxonomy.rank(r).empty()) {
                ranks.push_back(r);
                break;
            }
    // Extra columns never shadow the ones Taxoscope writes itself.
    for (const auto& c : baseColumns()) extraColumns.erase(c);
    for (const auto& c : ranks) extraColumns.erase(c);
    if (options.includeExcluded) extraColumns.erase("excluded");

    std::vector<std::string> header = baseColumns();
    header.insert(header.end(), ranks.begin(), ranks.end());
    header.insert(header.end(), extraColumns.begin(), extraColumns.end());
    if (options.includeExcluded) header.push_back("excluded");

    std::vector<std::vector<std::string>> table;
    table.reserve(rows.size());
    for (const auto& s : rows) {
        const Taxonomy& t = s.taxonomy;
        std::vector<std::string> line{s.sourceId, s.eolContentId, s.eolPageId, t.kingdom, t.phylum, t.family, s.filePath};
        for (const auto& r : ranks) line.push_back(t.rank(r));
        for (const auto& c : extraColumns) {
            const auto it = s.extra.find(c);
            line.push_back(it == s.extra.end() ? std::string() : it->second);
        }
        if (options.includeExcluded) line.push_back(s.excluded ? "1" : "0");
        table.push_back(std::move(line));
    }
    if (Status s = writeCsvFile(csvPath, header, table); !s) return s.error();
    return static_cast<std::int64_t>(table.size());
}

}  // namespace taxo
