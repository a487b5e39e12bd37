#include "core/store/project_split.h"

namespace taxo {

Result<StoredSplitResult> splitProject(ProjectStore& store, const SplitParams& params, const std::string& name) {
    auto items = store.splitItems();
    if (!items) return items.error();
    auto split = makeSplit(*items, params);
    if (!split) return split.error();
    const std::string title = name.empty() ? formatFractions(params.fractions) + " seed " + std::to_string(params.seed) : name;
    auto id = store.saveSplit(title, *split, /*makeActive=*/true);
    if (!id) return id.error();
    return StoredSplitResult{*id, std::move(*split)};
}

}  // namespace taxo
