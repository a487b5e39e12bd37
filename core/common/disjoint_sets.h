#pragma once
// Union-find over indices 0..n-1 with path halving. The smaller index becomes the root, so roots (and the order of
// groups built from them) do not depend on the order of unions.
#include <cstddef>
#include <numeric>
#include <utility>
#include <vector>

namespace taxo {

class DisjointSets {
public:
    explicit DisjointSets(std::size_t n) : parent_(n) { std::iota(parent_.begin(), parent_.end(), std::size_t(0)); }

    std::size_t find(std::size_t x) {
        while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
        return x;
    }

    void unite(std::size_t a, std::size_t b) {
        a = find(a);
        b = find(b);
        if (a == b) return;
        if (b < a) std::swap(a, b);
        parent_[b] = a;
    }

private:
    std::vector<std::size_t> parent_;
};

}  // namespace taxo
