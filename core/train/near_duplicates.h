#pragma once
// Near-identical photos found by the cosine similarity of their cached embeddings (re-encoded, resized or lightly
// edited copies of one photo). Duplicates that straddle a split inflate test scores, so the groups found here feed
// SplitParams::groups, which keeps each group in one part. No LibTorch in this header.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/job.h"
#include "core/common/result.h"
#include "core/data/specimen.h"

namespace taxo {

struct NearDuplicateParams {
    // Pairs with cosine similarity >= threshold (-1..1) are near-duplicates. Measured with MobileNetV2 ImageNet
    // embeddings on the 127-photo set: a JPEG quality-70 re-encode 0.998, a 0.6x downscale of a 640x427 photo
    // 0.968, the closest two distinct photos (one scene shot twice, seconds apart) 0.953.
    double threshold = 0.96;
    int blockRows = 1024;  // rows compared at once (memory: blockRows x rows floats)
    int threads = 0;       // 0 = leave torch's intra-op thread count as it is; > 0 sets it (process-wide)
};

struct DuplicatePair {
    std::int64_t a = 0, b = 0;  // ids, a < b
    float similarity = 0;       // cosine, -1..1
};

struct NearDuplicateReport {
    double threshold = 0;
    std::int64_t rows = 0;                      // embeddings compared
    std::int64_t zeroRows = 0;                  // all-zero embeddings, which have no direction and were skipped
    std::vector<DuplicatePair> pairs;           // sorted by similarity, highest first (ties: by a, then b)
    // Connected components of the pairs (a chain a~b, b~c is one group): ids ascending, groups ordered by their
    // smallest id. Ready for SplitParams::groups.
    std::vector<std::vector<std::int64_t>> groups;
    double seconds = 0;                         // wall time of the search

    // {"threshold", "rows", "zeroRows", "seconds", "pairs": [{"a","b","similarity"}], "groups": [[ids]]}; with an
    // assignment also "straddling": {"groups": n, "pairs": n, "groupIndices": [..]} (see straddlingGroups).
    nlohmann::json toJson(const std::map<std::int64_t, Part>* assignment = nullptr) const;
};

// ids[i] names row i of `embeddings` (row-major rows x dim floats, rows = ids.size()); ids must be unique.
// Errors: InvalidArgument (sizes, duplicate ids, non-finite values, threshold outside -1..1), Cancelled.
// The progress callback counts blocks of rows.
Result<NearDuplicateReport> findNearDuplicates(const std::vector<std::int64_t>& ids, const std::vector<float>& embeddings,
                                               std::int64_t dim, const NearDuplicateParams& params = {},
                                               const ProgressFn& progress = {}, JobControl* control = nullptr);

struct Straddling {
    std::vector<std::size_t> groupIndices;  // into report.groups: groups whose members sit in more than one part
    std::int64_t pairs = 0;                 // pairs whose two ids sit in different parts
};
// Parts are Train/Val/Test; members that are Unassigned or missing from the map are ignored (they leak nothing).
Straddling straddlingGroups(const NearDuplicateReport& report, const std::map<std::int64_t, Part>& assignment);

}  // namespace taxo
