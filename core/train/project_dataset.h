#pragma once
// The specimens a run learns from, by part of the project's active split: labelled, not excluded, with a photo.
// Class indices follow the sorted class names, so the same project gives the same indices on every machine.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/data/specimen.h"
#include "core/store/project_store.h"

namespace taxo {

struct DatasetPart {
    std::vector<std::int64_t> ids;
    std::vector<std::string> paths;          // absolute photo paths
    std::vector<std::string> contentHashes;
    std::vector<std::int32_t> labels;        // class indices into ProjectDataset::classNames
    std::size_t size() const { return ids.size(); }
};

struct ProjectDataset {
    std::int64_t splitId = 0;
    std::vector<std::string> classNames;  // sorted; index = class
    DatasetPart train, val, test;
    const DatasetPart& part(Part p) const;
    // Every photo of every part, without repeats (for extraction).
    DatasetPart all() const;
};

// Every labelled, included photo as the training part, split or not (val and test empty).
Result<ProjectDataset> loadWholeProject(const ProjectStore& store);

// splitId empty: the active split. Fails with a clear message when the project has no split or no training photos.
Result<ProjectDataset> loadProjectDataset(const ProjectStore& store, std::optional<std::int64_t> splitId = std::nullopt);

}  // namespace taxo
