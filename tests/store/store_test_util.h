#pragma once
// Generated specimens for store tests.
#include <string>
#include <vector>

#include "core/data/specimen.h"

namespace taxo::test {

inline Specimen makeSpecimen(const std::string& sourceId, const std::string& phylum, const std::string& family,
                             const std::string& hash = {}) {
    Specimen s;
    s.sourceId = sourceId;
    s.eolContentId = "c" + sourceId;
    s.eolPageId = "p" + sourceId;
    s.taxonomy.kingdom = "animalia";
    s.taxonomy.phylum = phylum;
    s.taxonomy.family = family;
    s.filePath = phylum + "_" + family + "/" + sourceId + ".jpg";
    s.absolutePath = "/data/" + s.filePath;
    s.contentHash = hash.empty() ? "hash-" + sourceId : hash;
    s.label = phylum + "_" + family;
    return s;
}

}  // namespace taxo::test
