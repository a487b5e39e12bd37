#pragma once
// What a project holds, for `taxoscope-cli info` and the app's overview: counts per class and per part of the
// active split, and how imbalanced the classes are.
#include <array>
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/store/project_store.h"

namespace taxo {

struct ClassSummary {
    std::int64_t total = 0;                // not excluded
    std::int64_t excluded = 0;
    std::array<std::int64_t, 4> parts{};   // by int(Part) in the active split (0 = unassigned)
    std::string phylum;
};

struct ProjectSummary {
    std::string dir;
    std::string labelRank;
    std::int64_t specimens = 0, excluded = 0, unlabelled = 0;
    std::map<std::string, ClassSummary> classes;  // by label
    std::map<std::string, std::int64_t> phyla;    // specimens (not excluded) per phylum
    std::int64_t minClass = 0, maxClass = 0;
    double medianClass = 0;
    std::string activeSplit;                       // its name, empty when none
    std::array<std::int64_t, 4> parts{};           // whole project by part

    nlohmann::json toJson() const;
    std::string text() const;
};

Result<ProjectSummary> summarizeProject(const ProjectStore& store);

}  // namespace taxo
