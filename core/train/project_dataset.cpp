#include "core/train/project_dataset.h"

#include <algorithm>
#include <map>
#include <set>

namespace taxo {

const DatasetPart& ProjectDataset::part(Part p) const {
    switch (p) {
    case Part::Val: return val;
    case Part::Test: return test;
    default: return train;
    }
}

DatasetPart ProjectDataset::all() const {
    DatasetPart out;
    for (const DatasetPart* p : {&train, &val, &test})
        for (std::size_t i = 0; i < p->size(); ++i) {
            out.ids.push_back(p->ids[i]);
            out.paths.push_back(p->paths[i]);
            out.contentHashes.push_back(p->contentHashes[i]);
            out.labels.push_back(p->labels[i]);
        }
    return out;
}

Result<ProjectDataset> loadWholeProject(const ProjectStore& store) {
    SpecimenQuery query;
    query.includeExcluded = false;
    auto specimens = store.specimens(query);
    if (!specimens) return specimens.error();
    ProjectDataset dataset;
    std::set<std::string> labels;
    for (const auto& s : *specimens)
        if (!s.label.empty() && !s.contentHash.empty()) labels.insert(s.label);
    dataset.classNames.assign(labels.begin(), labels.end());
    for (const auto& s : *specimens) {
        if (s.label.empty() || s.contentHash.empty()) continue;
        dataset.train.ids.push_back(s.id);
        dataset.train.paths.push_back(s.absolutePath);
        dataset.train.contentHashes.push_back(s.contentHash);
        dataset.train.labels.push_back(std::int32_t(std::lower_bound(dataset.classNames.begin(), dataset.classNames.end(), s.label) - dataset.classNames.begin()));
    }
    if (dataset.train.size() == 0) return makeError(ErrorCode::InvalidArgument, store.dir() + ": no labelled photos");
    return dataset;
}

Result<ProjectDataset> loadProjectDataset(const ProjectStore& store, std::optional<std::int64_t> splitId) {
    if (!splitId) {
        auto active = store.activeSplitId();
        if (!active) return active.error();
        if (!active->has_value())
            return makeError(ErrorCode::InvalidArgument, store.dir() + ": the project has no split yet (taxoscope-cli split --project " + store.dir() + ")");
        splitId = **active;
    }
    auto assignment = store.splitAssignments(*splitId);
    if (!assignment) return assignment.error();
    SpecimenQuery query;
    query.includeExcluded = false;
    auto specimens = store.specimens(query);
    if (!specimens) return specimens.error();

    ProjectDataset dataset;
    dataset.splitId = *splitId;
    std::set<std::string> labels;
    for (const auto& s : *specimens)
        if (!s.label.empty() && !s.contentHash.empty() && assignment->count(s.id)) labels.insert(s.label);
    dataset.classNames.assign(labels.begin(), labels.end());
    std::map<std::string, std::int32_t> index;
    for (std::size_t i = 0; i < dataset.classNames.size(); ++i) index[dataset.classNames[i]] = std::int32_t(i);

    for (const auto& s : *specimens) {
        if (s.label.empty() || s.contentHash.empty()) continue;
        auto it = assignment->find(s.id);
        if (it == assignment->end() || it->second == Part::Unassigned) continue;
        DatasetPart& part = it->second == Part::Train ? dataset.train : it->second == Part::Val ? dataset.val : dataset.test;
        part.ids.push_back(s.id);
        part.paths.push_back(s.absolutePath);
        part.contentHashes.push_back(s.contentHash);
        part.labels.push_back(index[s.label]);
    }
    if (dataset.train.size() == 0)
        return makeError(ErrorCode::InvalidArgument, store.dir() + ": split " + std::to_string(*splitId) + " has no training photos");
    return dataset;
}

}  // namespace taxo
