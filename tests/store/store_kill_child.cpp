// Child process for test_store_kill: opens a project and edits it in a loop until it is killed.
// Usage: store_kill_child <project dir> <seed>. Prints "ready" once the project is open.
// No Qt: the child is the store alone, as the CLI and the GUI's workers use it.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <set>
#include <string>

#include "core/data/split.h"
#include "core/store/project_store.h"

namespace {

constexpr int kBatch = 150;     // specimens per import: long enough transactions to be killed inside
constexpr int kRelabelled = 20;  // specimens per relabel

int fail(const taxo::Error& e) {
    std::fprintf(stderr, "store_kill_child: %s\n", e.message.c_str());
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: store_kill_child <project dir> <seed>\n");
        return 1;
    }
    const std::string tag = argv[2];
    std::mt19937_64 rng(std::strtoull(argv[2], nullptr, 10));
    auto opened = taxo::ProjectStore::open(argv[1]);
    if (!opened) return fail(opened.error());
    taxo::ProjectStore& store = **opened;
    std::printf("ready\n");
    std::fflush(stdout);

    for (long iter = 0;; ++iter) {
        const std::string step = tag + "-" + std::to_string(iter);
        const auto op = rng() % 8;
        if (op < 4) {
            std::vector<taxo::Specimen> batch;
            for (int j = 0; j < kBatch; ++j) {
                taxo::Specimen s;
                s.sourceId = step + "-" + std::to_string(j);
                s.taxonomy.phylum = "chordata";
                s.taxonomy.family = "f" + std::to_string(rng() % 6);
                s.label = s.taxonomy.phylum + "_" + s.taxonomy.family;
                s.contentHash = "h" + std::to_string(rng() % 5000);  // some byte-identical twins
                s.extra["batch"] = step;
                batch.push_back(std::move(s));
            }
            auto r = store.importSpecimens(batch, "batch " + step, "{\"count\":" + std::to_string(kBatch) + "}");
            if (!r) return fail(r.error());
            continue;
        }
        auto maxId = store.database().queryInt("SELECT COALESCE(MAX(id), 0) FROM specimens");
        if (!maxId) return fail(maxId.error());
        if (*maxId < 4 * kRelabelled) continue;
        std::set<std::int64_t> picked;
        while (picked.size() < kRelabelled) picked.insert(1 + std::int64_t(rng() % std::uint64_t(*maxId)));
        const std::vector<std::int64_t> ids(picked.begin(), picked.end());
        if (op < 6) {
            if (auto s = store.relabel(ids, "L" + step, "relabel " + step); !s) return fail(s.error());
        } else if (op == 6) {
            if (auto s = store.setExcluded(ids, iter % 2 == 0, "exclude " + step); !s) return fail(s.error());
        } else {
            auto items = store.splitItems();
            if (!items) return fail(items.error());
            auto split = taxo::makeSplit(*items, taxo::SplitParams{});
            if (!split) return fail(split.error());
            if (auto id = store.saveSplit("split " + step, *split, true); !id) return fail(id.error());
        }
    }
}
