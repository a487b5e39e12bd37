#include "core/store/project_summary.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sstream>
#include <vector>

namespace taxo {

Result<ProjectSummary> summarizeProject(const ProjectStore& store) {
    ProjectSummary summary;
    summary.dir = store.dir();
    auto rank = store.labelRank();
    if (!rank) return rank.error();
    summary.labelRank = rank->spec();
    std::optional<std::int64_t> splitId;
    auto active = store.activeSplitId();
    if (!active) return active.error();
    if (active->has_value()) {
        splitId = **active;
        auto splits = store.listSplits();
        if (!splits) return splits.error();
        for (const auto& s : *splits)
            if (s.id == **active) summary.activeSplit = s.name;
    }
    // Counted by SQLite: opening a project of 12,000 specimens spent half its time reading them all here.
    auto counts = store.taxonPartCounts(splitId);
    if (!counts) return counts.error();
    auto phyla = store.phylumOfLabels();
    if (!phyla) return phyla.error();

    for (const TaxonPartCount& n : *counts) {
        summary.specimens += n.count;
        if (n.excluded) summary.excluded += n.count;
        if (n.label.empty()) {
            if (!n.excluded) summary.unlabelled += n.count;
            continue;
        }
        ClassSummary& c = summary.classes[n.label];
        c.phylum = (*phyla)[n.label];
        if (n.excluded) {
            c.excluded += n.count;
            continue;
        }
        c.total += n.count;
        if (!n.phylum.empty()) summary.phyla[n.phylum] += n.count;
        c.parts[int(n.part)] += n.count;
        summary.parts[int(n.part)] += n.count;
    }

    std::vector<std::int64_t> sizes;
    for (const auto& [label, c] : summary.classes)
        if (c.total > 0) sizes.push_back(c.total);
    if (!sizes.empty()) {
        std::sort(sizes.begin(), sizes.end());
        summary.minClass = sizes.front();
        summary.maxClass = sizes.back();
        const std::size_t n = sizes.size();
        summary.medianClass = n % 2 ? double(sizes[n / 2]) : (sizes[n / 2 - 1] + sizes[n / 2]) / 2.0;
    }
    return summary;
}

nlohmann::json ProjectSummary::toJson() const {
    nlohmann::json classesJson = nlohmann::json::object();
    for (const auto& [label, c] : classes)
        classesJson[label] = {{"count", c.total}, {"excluded", c.excluded}, {"phylum", c.phylum},
                              {"train", c.parts[1]}, {"val", c.parts[2]}, {"test", c.parts[3]}, {"unassigned", c.parts[0]}};
    std::int64_t nonEmpty = 0;
    for (const auto& [label, c] : classes) nonEmpty += c.total > 0;
    return {{"project", dir},
            {"label_rank", labelRank},
            {"specimens", specimens},
            {"excluded", excluded},
            {"unlabelled", unlabelled},
            {"classes", nonEmpty},
            {"imbalance", {{"min", minClass}, {"median", medianClass}, {"max", maxClass},
                           {"ratio", minClass > 0 ? double(maxClass) / double(minClass) : 0.0}}},
            {"phyla", phyla},
            {"split", activeSplit.empty() ? nlohmann::json() : nlohmann::json(activeSplit)},
            {"parts", {{"train", parts[1]}, {"val", parts[2]}, {"test", parts[3]}, {"unassigned", parts[0]}}},
            {"per_class", classesJson}};
}

std::string ProjectSummary::text() const {
    std::ostringstream out;
    std::int64_t nonEmpty = 0;
    for (const auto& [label, c] : classes) nonEmpty += c.total > 0;
    out << "Project " << dir << "\n";
    out << specimens << " specimens (" << excluded << " excluded, " << unlabelled << " unlabelled) in " << nonEmpty
        << " classes by " << labelRank << "\n";
    char buf[160];
    std::snprintf(buf, sizeof buf, "Imbalance: min %lld, median %.1f, max %lld photos per class (max/min %.1f)\n",
                  (long long)minClass, medianClass, (long long)maxClass, minClass > 0 ? double(maxClass) / minClass : 0.0);
    out << buf;
    if (!activeSplit.empty())
        out << "Split " << activeSplit << ": train " << parts[1] << ", val " << parts[2] << ", test " << parts[3]
            << ", unassigned " << parts[0] << "\n";
    else
        out << "No split yet (taxoscope-cli split --project " << dir << ")\n";
    std::size_t width = 5;
    for (const auto& [label, c] : classes) width = std::max(width, label.size());
    std::snprintf(buf, sizeof buf, "%-*s %7s %6s %6s %6s %9s\n", int(width), "class", "photos", "train", "val", "test", "excluded");
    out << buf;
    for (const auto& [label, c] : classes) {
        std::snprintf(buf, sizeof buf, "%-*s %7lld %6lld %6lld %6lld %9lld\n", int(width), label.c_str(), (long long)c.total,
                      (long long)c.parts[1], (long long)c.parts[2], (long long)c.parts[3], (long long)c.excluded);
        out << buf;
    }
    return out.str();
}

}  // namespace taxo
