#pragma once
// Making a project's split: every specimen (labelled, not excluded) is placed by the stratified, seeded
// algorithm of core/data/split.h and the result is stored and made active. A split is only ever recomputed
// by calling this again: relabelling or importing never reshuffles a stored split.
#include <string>

#include "core/data/split.h"
#include "core/store/project_store.h"

namespace taxo {

struct StoredSplitResult {
    std::int64_t splitId = 0;
    SplitResult split;
};

// name empty: "70/15/15 seed 42".
Result<StoredSplitResult> splitProject(ProjectStore& store, const SplitParams& params, const std::string& name = {});

}  // namespace taxo
