#include "core/train/near_duplicates.h"

#include "core/common/disjoint_sets.h"

#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <set>
#include <unordered_set>

namespace taxo {

Result<NearDuplicateReport> findNearDuplicates(const std::vector<std::int64_t>& ids, const std::vector<float>& embeddings,
                                               std::int64_t dim, const NearDuplicateParams& params,
                                               const ProgressFn& progress, JobControl* control) {
    const auto started = std::chrono::steady_clock::now();
    const auto rows = static_cast<std::int64_t>(ids.size());
    if (dim <= 0) return makeError(ErrorCode::InvalidArgument, "near-duplicates: the embedding size must be positive");
    if (static_cast<std::int64_t>(embeddings.size()) != rows * dim)
        return makeError(ErrorCode::InvalidArgument, "near-duplicates: " + std::to_string(embeddings.size()) +
                                                         " values for " + std::to_string(rows) + " ids x " +
                                                         std::to_string(dim) + " dims");
    if (!(params.threshold >= -1.0 && params.threshold <= 1.0))
        return makeError(ErrorCode::InvalidArgument, "near-duplicates: threshold " + std::to_string(params.threshold) +
                                                         " is outside -1..1");
    if (params.blockRows < 1) return makeError(ErrorCode::InvalidArgument, "near-duplicates: blockRows must be positive");
    {
        std::unordered_set<std::int64_t> seen;
        seen.reserve(ids.size());
        for (std::int64_t id : ids)
            if (!seen.insert(id).second)
                return makeError(ErrorCode::InvalidArgument, "near-duplicates: id " + std::to_string(id) + " appears twice");
    }
    for (std::int64_t i = 0; i < rows * dim; ++i)
        if (!std::isfinite(embeddings[static_cast<std::size_t>(i)]))
            return makeError(ErrorCode::InvalidArgument, "near-duplicates: embedding of id " + std::to_string(ids[i / dim]) +
                                                             " holds a non-finite value");
    if (params.threads > 0) torch::set_num_threads(params.threads);

    NearDuplicateReport report;
    report.threshold = params.threshold;
    report.rows = rows;
    try {
        torch::NoGradGuard noGrad;
        const torch::Tensor all =
            torch::from_blob(const_cast<float*>(embeddings.data()), {rows, dim}, torch::kFloat32);
        const torch::Tensor norms = all.norm(2, 1);
        // A zero vector has no direction: its cosine with anything is undefined, so it joins no group.
        const torch::Tensor keep = norms.gt(0).nonzero().flatten().contiguous();
        report.zeroRows = rows - keep.size(0);
        const torch::Tensor kept = all.index_select(0, keep);
        const torch::Tensor unit = (kept / norms.index_select(0, keep).unsqueeze(1)).contiguous();
        const std::int64_t n = unit.size(0);
        const auto* keepIdx = keep.data_ptr<std::int64_t>();

        ProgressReporter reporter(progress, "finding near-duplicates", (n + params.blockRows - 1) / params.blockRows);
        std::int64_t block = 0;
        for (std::int64_t r0 = 0; r0 < n; r0 += params.blockRows, ++block) {
            if (control && !control->checkpoint()) return makeError(ErrorCode::Cancelled, "near-duplicates: cancelled");
            const std::int64_t r1 = std::min(n, r0 + params.blockRows);
            // Only the upper triangle: row block against itself and every later row.
            const torch::Tensor sims = unit.slice(0, r0, r1).mm(unit.slice(0, r0, n).t());
            // nonzero() may hand back a transposed (non-contiguous) view; the loop below reads raw memory.
            const torch::Tensor hits = sims.ge(static_cast<float>(params.threshold)).nonzero().contiguous();
            const auto* h = hits.data_ptr<std::int64_t>();
            const auto s = sims.accessor<float, 2>();
            for (std::int64_t k = 0; k < hits.size(0); ++k) {
                const std::int64_t i = h[2 * k], j = h[2 * k + 1];
                if (r0 + i >= r0 + j) continue;  // diagonal and lower triangle of the self block
                std::int64_t a = ids[static_cast<std::size_t>(keepIdx[r0 + i])];
                std::int64_t b = ids[static_cast<std::size_t>(keepIdx[r0 + j])];
                if (a > b) std::swap(a, b);
                report.pairs.push_back({a, b, std::min(1.0f, s[i][j])});
            }
            reporter.update(block + 1);
        }
        reporter.finish();
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, std::string("near-duplicates: ") + e.what_without_backtrace());
    }

    std::sort(report.pairs.begin(), report.pairs.end(), [](const DuplicatePair& x, const DuplicatePair& y) {
        if (x.similarity != y.similarity) return x.similarity > y.similarity;
        return x.a != y.a ? x.a < y.a : x.b < y.b;
    });

    // Groups over the ids that occur in pairs, indexed compactly.
    std::vector<std::int64_t> members;
    for (const auto& p : report.pairs) {
        members.push_back(p.a);
        members.push_back(p.b);
    }
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    const auto indexOf = [&](std::int64_t id) {
        return static_cast<std::size_t>(std::lower_bound(members.begin(), members.end(), id) - members.begin());
    };
    DisjointSets sets(members.size());
    for (const auto& p : report.pairs) sets.unite(indexOf(p.a), indexOf(p.b));
    std::map<std::size_t, std::vector<std::int64_t>> byRoot;  // roots are smallest members: map order = smallest id
    for (std::size_t i = 0; i < members.size(); ++i) byRoot[sets.find(i)].push_back(members[i]);
    for (auto& [root, group] : byRoot) report.groups.push_back(std::move(group));

    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

Straddling straddlingGroups(const NearDuplicateReport& report, const std::map<std::int64_t, Part>& assignment) {
    const auto partOf = [&](std::int64_t id) {
        const auto it = assignment.find(id);
        return it == assignment.end() ? Part::Unassigned : it->second;
    };
    Straddling out;
    for (std::size_t g = 0; g < report.groups.size(); ++g) {
        std::set<Part> parts;
        for (std::int64_t id : report.groups[g])
            if (partOf(id) != Part::Unassigned) parts.insert(partOf(id));
        if (parts.size() > 1) out.groupIndices.push_back(g);
    }
    for (const auto& p : report.pairs) {
        const Part a = partOf(p.a), b = partOf(p.b);
        if (a != Part::Unassigned && b != Part::Unassigned && a != b) ++out.pairs;
    }
    return out;
}

nlohmann::json NearDuplicateReport::toJson(const std::map<std::int64_t, Part>* assignment) const {
    nlohmann::json j;
    j["threshold"] = threshold;
    j["rows"] = rows;
    j["zeroRows"] = zeroRows;
    j["seconds"] = seconds;
    j["pairs"] = nlohmann::json::array();
    for (const auto& p : pairs) j["pairs"].push_back({{"a", p.a}, {"b", p.b}, {"similarity", p.similarity}});
    j["groups"] = groups;
    if (assignment) {
        const Straddling s = straddlingGroups(*this, *assignment);
        j["straddling"] = {{"groups", s.groupIndices.size()}, {"pairs", s.pairs}, {"groupIndices", s.groupIndices}};
    }
    return j;
}

}  // namespace taxo
