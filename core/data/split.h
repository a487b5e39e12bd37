#pragma once
// Stratified, seeded train/val/test (or train/val) splits. A pure algorithm: the store saves its result.
//
// Guarantees:
// - Deterministic for a seed and independent of the order of the input (items are sorted by id first, and each
//   class is shuffled by its own Fisher-Yates on std::mt19937_64 seeded from the split seed and the label, because
//   std::shuffle differs between standard libraries).
// - Stratified by label: each class is divided by the fractions (largest remainder), and a class with at least as
//   many photos as there are parts gets one in each part.
// - Smaller classes are placed predictably and reported in notes: the parts fill in order train, val, test,
//   one photo each (1 photo -> train; 2 photos of a 3-part split -> train + val).
// - Byte-identical photos (same non-empty contentHash) and the explicit groups of SplitParams always land in the
//   same part (leakage). Such a group is placed as one unit with the majority label of its members
//   (ties: the alphabetically first label); a group mixing labels is reported in notes.
// - Items with an empty label or marked excluded stay Part::Unassigned.
#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.h"
#include "core/data/specimen.h"

namespace taxo {

struct SplitItem {
    std::int64_t id = 0;
    std::string label;        // empty: unlabelled, stays unassigned
    std::string contentHash;  // empty: unknown, groups with nothing
    bool excluded = false;    // excluded specimens stay unassigned
};

struct SplitParams {
    std::vector<double> fractions{0.70, 0.15, 0.15};  // train, val[, test]: 2 or 3 values, each > 0, summing to 1
    std::uint64_t seed = 42;
    // Extra groups that must stay in one part, e.g. near-duplicates found by embedding distance (ids of items).
    std::vector<std::vector<std::int64_t>> groups;
};

struct SplitResult {
    std::vector<double> fractions;
    std::uint64_t seed = 0;
    std::map<std::int64_t, Part> assignment;  // every input item, Part::Unassigned included
    // Per class label: photos in each part, indexed by int(Part) (0 unassigned, 1 train, 2 val, 3 test).
    std::map<std::string, std::array<std::int64_t, 4>> counts;
    std::vector<std::string> notes;           // small classes, parts left empty, groups mixing labels
    std::int64_t groupedUnits = 0;            // units of two or more photos kept together

    std::int64_t partSize(Part part) const;
    nlohmann::json toJson() const;
};

// "70/15/15" or "90/10" (percentages) or "0.7/0.15/0.15" -> fractions summing to 1.
Result<std::vector<double>> parseFractions(const std::string& text);
// The inverse, as percentages: {0.7,0.15,0.15} -> "70/15/15".
std::string formatFractions(const std::vector<double>& fractions);

Result<SplitResult> makeSplit(const std::vector<SplitItem>& items, const SplitParams& params);

// Places only the items that `existing` does not mention, never moving anyone else, so a relabel or an import
// does not silently reshuffle a stored split. A newcomer sharing a content hash or explicit group with an
// already placed item joins that item's part; any other newcomer group goes where a hash of (smallest id, seed)
// falls in the cumulative fractions: deterministic, independent of which other items arrive with it, and
// stratified only statistically. Returns the whole assignment (existing entries unchanged plus newcomers).
Result<std::map<std::int64_t, Part>> assignNewItems(const std::map<std::int64_t, Part>& existing,
                                                     const std::vector<SplitItem>& items, const SplitParams& params);

}  // namespace taxo
