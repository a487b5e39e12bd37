#include "core/data/split.h"

#include "core/common/disjoint_sets.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <random>
#include <set>
#include <sstream>
#include <unordered_map>

namespace taxo {

namespace {

// Stable across platforms and runs, unlike std::hash.
std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// Fisher-Yates with an explicit modulo-free bounded draw, so the permutation is the same with every standard library
// (std::uniform_int_distribution is implementation-defined too).
template <class T>
void shuffle(std::vector<T>& v, std::mt19937_64& rng) {
    for (std::size_t i = v.size(); i > 1; --i) {
        const std::uint64_t bound = i;
        // Rejection sampling removes modulo bias.
        const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() - std::numeric_limits<std::uint64_t>::max() % bound;
        std::uint64_t r;
        do r = rng(); while (r >= limit);
        std::swap(v[i - 1], v[static_cast<std::size_t>(r % bound)]);
    }
}


Status checkFractions(const std::vector<double>& f) {
    if (f.size() != 2 && f.size() != 3)
        return makeError(ErrorCode::InvalidArgument, "split fractions: expected 2 (train/val) or 3 (train/val/test) values, got " + std::to_string(f.size()));
    double sum = 0;
    for (double x : f) {
        if (!(x > 0) || !std::isfinite(x))
            return makeError(ErrorCode::InvalidArgument, "split fractions: every part needs a positive fraction (" + formatFractions(f) + ")");
        sum += x;
    }
    if (std::fabs(sum - 1.0) > 1e-6)
        return makeError(ErrorCode::InvalidArgument, "split fractions must sum to 1 (100%), got " + std::to_string(sum));
    return {};
}

// Items sorted by id, with ids checked unique; eligible items grouped into units by union-find.
struct Prepared {
    std::vector<SplitItem> items;             // sorted by id
    std::vector<std::vector<std::size_t>> units;  // indexes into items, each sorted; units ordered by first index
    std::unordered_map<std::int64_t, std::size_t> index;
};

bool eligible(const SplitItem& item) { return !item.label.empty() && !item.excluded; }

Result<Prepared> prepare(const std::vector<SplitItem>& input, const std::vector<std::vector<std::int64_t>>& groups) {
    Prepared p;
    p.items = input;
    std::sort(p.items.begin(), p.items.end(), [](const SplitItem& a, const SplitItem& b) { return a.id < b.id; });
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        if (i > 0 && p.items[i].id == p.items[i - 1].id)
            return makeError(ErrorCode::InvalidArgument, "split: specimen id " + std::to_string(p.items[i].id) + " appears twice");
        p.index[p.items[i].id] = i;
    }
    DisjointSets uf(p.items.size());
    std::map<std::string, std::size_t> firstWithHash;
    for (std::size_t i = 0; i < p.items.size(); ++i) {
        if (!eligible(p.items[i]) || p.items[i].contentHash.empty()) continue;
        auto [it, inserted] = firstWithHash.emplace(p.items[i].contentHash, i);
        if (!inserted) uf.unite(it->second, i);
    }
    for (const auto& group : groups) {
        std::size_t first = p.items.size();
        for (std::int64_t id : group) {
            auto it = p.index.find(id);
            if (it == p.index.end() || !eligible(p.items[it->second])) continue;  // unknown or unassignable members do not bind
            if (first == p.items.size()) first = it->second;
            else uf.unite(first, it->second);
        }
    }
    std::map<std::size_t, std::vector<std::size_t>> byRoot;
    for (std::size_t i = 0; i < p.items.size(); ++i)
        if (eligible(p.items[i])) byRoot[uf.find(i)].push_back(i);
    for (auto& [root, members] : byRoot) p.units.push_back(std::move(members));
    return p;
}

std::string majorityLabel(const Prepared& p, const std::vector<std::size_t>& unit) {
    std::map<std::string, int> votes;
    for (std::size_t i : unit) ++votes[p.items[i].label];
    std::string best;
    int bestVotes = 0;
    for (const auto& [label, n] : votes)  // map order: ties go to the alphabetically first label
        if (n > bestVotes) best = label, bestVotes = n;
    return best;
}

// Photos per part for a class of n: largest remainder, then at least one in each part when n allows;
// classes smaller than the number of parts fill train, val, test in that order.
std::vector<std::int64_t> targets(std::int64_t n, const std::vector<double>& fractions) {
    const std::size_t k = fractions.size();
    std::vector<std::int64_t> t(k, 0);
    if (n < static_cast<std::int64_t>(k)) {
        for (std::int64_t i = 0; i < n; ++i) t[static_cast<std::size_t>(i)] = 1;
        return t;
    }
    std::vector<std::pair<double, std::size_t>> remainders;
    std::int64_t given = 0;
    for (std::size_t p = 0; p < k; ++p) {
        const double exact = double(n) * fractions[p];
        t[p] = static_cast<std::int64_t>(std::floor(exact + 1e-9));
        given += t[p];
        remainders.push_back({-(exact - double(t[p])), p});  // negative: sort puts the largest remainder first
    }
    std::sort(remainders.begin(), remainders.end());
    for (std::size_t r = 0; given < n; ++r, ++given) ++t[remainders[r % k].second];
    for (std::size_t p = 0; p < k; ++p) {
        if (t[p] > 0) continue;
        const auto largest = static_cast<std::size_t>(std::max_element(t.begin(), t.end()) - t.begin());
        --t[largest];
        ++t[p];
    }
    return t;
}

}  // namespace

std::int64_t SplitResult::partSize(Part part) const {
    std::int64_t n = 0;
    for (const auto& [id, p] : assignment) n += (p == part);
    return n;
}

nlohmann::json SplitResult::toJson() const {
    nlohmann::json j;
    j["fractions"] = fractions;
    j["fractions_text"] = formatFractions(fractions);
    j["seed"] = seed;
    j["parts"] = {{"train", partSize(Part::Train)}, {"val", partSize(Part::Val)}, {"test", partSize(Part::Test)},
                  {"unassigned", partSize(Part::Unassigned)}};
    nlohmann::json classes = nlohmann::json::object();
    for (const auto& [label, c] : counts)
        classes[label.empty() ? std::string("(unlabelled)") : label] = {{"train", c[1]}, {"val", c[2]}, {"test", c[3]}, {"unassigned", c[0]}};
    j["classes"] = std::move(classes);
    j["grouped_units"] = groupedUnits;
    j["notes"] = notes;
    return j;
}

Result<std::vector<double>> parseFractions(const std::string& text) {
    std::vector<double> values;
    std::stringstream in(text);
    std::string piece;
    while (std::getline(in, piece, '/')) {
        char* end = nullptr;
        const double v = std::strtod(piece.c_str(), &end);
        if (piece.empty() || end == piece.c_str() || *end != '\0')
            return makeError(ErrorCode::InvalidArgument, "split fractions \"" + text + "\": \"" + piece + "\" is not a number (expected e.g. 70/15/15 or 90/10)");
        values.push_back(v);
    }
    double sum = std::accumulate(values.begin(), values.end(), 0.0);
    if (std::fabs(sum - 100.0) < 1e-6)
        for (double& v : values) v /= 100.0;
    if (Status s = checkFractions(values); !s)
        return makeError(ErrorCode::InvalidArgument, "split fractions \"" + text + "\": " + s.error().message);
    return values;
}

std::string formatFractions(const std::vector<double>& fractions) {
    std::string out;
    for (double f : fractions) {
        if (!out.empty()) out += '/';
        std::ostringstream s;
        s << std::round(f * 10000.0) / 100.0;  // percentages to two decimals, no trailing zeros
        out += s.str();
    }
    return out;
}

Result<SplitResult> makeSplit(const std::vector<SplitItem>& input, const SplitParams& params) {
    if (Status s = checkFractions(params.fractions); !s) return s.error();
    auto prepared = prepare(input, params.groups);
    if (!prepared) return prepared.error();
    const Prepared& p = *prepared;
    const std::size_t k = params.fractions.size();

    SplitResult result;
    result.fractions = params.fractions;
    result.seed = params.seed;
    for (const auto& item : p.items) result.assignment[item.id] = Part::Unassigned;

    // Units per class (by majority label), in the order of their smallest id.
    std::map<std::string, std::vector<std::size_t>> unitsByClass;  // class -> unit indexes
    for (std::size_t u = 0; u < p.units.size(); ++u) {
        const auto& unit = p.units[u];
        const std::string label = majorityLabel(p, unit);
        unitsByClass[label].push_back(u);
        if (unit.size() > 1) {
            ++result.groupedUnits;
            std::set<std::string> labels;
            for (std::size_t i : unit) labels.insert(p.items[i].label);
            if (labels.size() > 1) {
                std::string list;
                for (const auto& l : labels) list += (list.empty() ? "" : ", ") + l;
                result.notes.push_back("a group of " + std::to_string(unit.size()) + " identical or grouped photos (first id " +
                                       std::to_string(p.items[unit.front()].id) + ") mixes labels " + list +
                                       "; placed as a whole with the majority label " + label);
            }
        }
    }

    for (auto& [label, units] : unitsByClass) {
        std::int64_t n = 0;
        for (std::size_t u : units) n += static_cast<std::int64_t>(p.units[u].size());
        // One generator per class: adding or relabelling photos of one class leaves the others' splits alone.
        std::mt19937_64 rng(splitmix64(params.seed ^ fnv1a(label)));
        shuffle(units, rng);
        // Big groups first (stable, so the shuffle still decides among equals), then singles fill the targets exactly.
        std::stable_sort(units.begin(), units.end(), [&](std::size_t a, std::size_t b) { return p.units[a].size() > p.units[b].size(); });
        const auto target = targets(n, params.fractions);
        std::vector<std::int64_t> filled(k, 0);
        for (std::size_t u : units) {
            std::size_t best = 0;
            for (std::size_t part = 1; part < k; ++part)
                if (target[part] - filled[part] > target[best] - filled[best]) best = part;
            filled[best] += static_cast<std::int64_t>(p.units[u].size());
            for (std::size_t i : p.units[u]) result.assignment[p.items[i].id] = static_cast<Part>(best + 1);
        }
        std::string placed, missing;
        for (std::size_t part = 0; part < k; ++part) {
            std::string& list = filled[part] > 0 ? placed : missing;
            list += std::string(list.empty() ? "" : ", ") + partName(static_cast<Part>(part + 1));
        }
        if (n < static_cast<std::int64_t>(k))
            result.notes.push_back("class " + label + " has only " + std::to_string(n) + " photo" + (n == 1 ? "" : "s") +
                                   ": placed in " + placed + ", none in " + missing);
        else if (!missing.empty())
            result.notes.push_back("class " + label + " has " + std::to_string(n) + " photos but only " + std::to_string(units.size()) +
                                   " distinct groups (identical photos stay together): none in " + missing);
    }

    for (const auto& item : p.items) ++result.counts[item.label][static_cast<int>(result.assignment[item.id])];
    return result;
}

Result<std::map<std::int64_t, Part>> assignNewItems(const std::map<std::int64_t, Part>& existing,
                                                     const std::vector<SplitItem>& items, const SplitParams& params) {
    if (Status s = checkFractions(params.fractions); !s) return s.error();
    auto prepared = prepare(items, params.groups);
    if (!prepared) return prepared.error();
    const Prepared& p = *prepared;

    std::map<std::int64_t, Part> out = existing;
    for (const auto& item : p.items)
        if (!existing.count(item.id)) out[item.id] = Part::Unassigned;

    for (const auto& unit : p.units) {
        // Existing members decide: the part most of them are in (ties: the earlier part).
        std::array<int, 4> votes{};
        std::vector<std::int64_t> newcomers;
        for (std::size_t i : unit) {
            const auto it = existing.find(p.items[i].id);
            if (it == existing.end()) newcomers.push_back(p.items[i].id);
            else if (it->second != Part::Unassigned) ++votes[static_cast<int>(it->second)];
        }
        if (newcomers.empty()) continue;
        Part part = Part::Unassigned;
        for (int q = 1; q <= 3; ++q)
            if (votes[q] > 0 && (part == Part::Unassigned || votes[q] > votes[static_cast<int>(part)])) part = static_cast<Part>(q);
        if (part == Part::Unassigned) {
            const std::uint64_t h = splitmix64(static_cast<std::uint64_t>(newcomers.front()) ^ splitmix64(params.seed));
            const double u = double(h >> 11) * (1.0 / 9007199254740992.0);  // 53 bits -> [0, 1)
            double cumulative = 0;
            part = static_cast<Part>(params.fractions.size());
            for (std::size_t q = 0; q < params.fractions.size(); ++q) {
                cumulative += params.fractions[q];
                if (u < cumulative) {
                    part = static_cast<Part>(q + 1);
                    break;
                }
            }
        }
        for (std::int64_t id : newcomers) out[id] = part;
    }
    return out;
}

}  // namespace taxo
