// ProjectStore's aggregate queries: counts an overview needs, computed by SQLite without materialising specimens
// (opening a 12,000-specimen project read every row three times before; bench/RESULTS.md, interactive).
#include "core/store/project_store.h"

namespace taxo {

Result<std::vector<TaxonPartCount>> ProjectStore::taxonPartCounts(std::optional<std::int64_t> splitId) const {
    // NOT INDEXED: SQLite would walk the label index and fetch each row from the table out of order, 3-4x slower
    // than a straight scan and one sort (12,000 specimens: 34-42 ms against 9-22 ms).
    auto st = db_.prepare(
        splitId ? "SELECT s.kingdom, s.phylum, s.label, s.excluded, a.part, COUNT(*) FROM specimens s NOT INDEXED "
                  "LEFT JOIN split_assignments a ON a.split_id = ?1 AND a.specimen_id = s.id "
                  "GROUP BY s.kingdom, s.phylum, s.label, s.excluded, a.part "
                  "ORDER BY s.kingdom, s.phylum, s.label, s.excluded, a.part"
                : "SELECT kingdom, phylum, label, excluded, NULL, COUNT(*) FROM specimens NOT INDEXED "
                  "GROUP BY kingdom, phylum, label, excluded ORDER BY kingdom, phylum, label, excluded");
    if (!st) return st.error();
    if (splitId) st->bind(1, *splitId);
    std::vector<TaxonPartCount> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        TaxonPartCount c;
        c.kingdom = st->columnText(0);
        c.phylum = st->columnText(1);
        c.label = st->columnText(2);
        c.excluded = st->columnInt(3) != 0;
        const std::string part = st->columnText(4);  // NULL (empty) when not in the split
        c.part = part.empty() ? Part::Unassigned : partFromName(part);
        c.count = st->columnInt(5);
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::map<std::string, std::string>> ProjectStore::phylumOfLabels() const {
    // SQLite takes a bare column of a MAX() aggregate from the row holding the maximum.
    auto st = db_.prepare("SELECT label, phylum, MAX(id) FROM specimens NOT INDEXED WHERE label <> '' GROUP BY label");
    if (!st) return st.error();
    std::map<std::string, std::string> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out[st->columnText(0)] = st->columnText(1);
    }
    return out;
}

Result<std::map<std::string, std::vector<std::int64_t>>> ProjectStore::idsByKingdom() const {
    auto st = db_.prepare("SELECT kingdom, id FROM specimens ORDER BY id");
    if (!st) return st.error();
    std::map<std::string, std::vector<std::int64_t>> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out[st->columnText(0)].push_back(st->columnInt(1));
    }
    return out;
}

}  // namespace taxo
