#pragma once
// Generated Gaussian-cluster features for head tests (seeded, no files).
#include <cmath>
#include <random>

#include "core/train/feature_set.h"

namespace taxo::test {

struct Clusters {
    FeatureSet train, val;
    int numClasses = 0;
};

// numClasses centres ~ N(0, 1) per dim; rows = centre + N(0, noise). perClassTrain / perClassVal rows per class.
inline Clusters gaussianClusters(int numClasses, int perClassTrain, int perClassVal, int dim, double noise,
                                 std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> n01(0.f, 1.f);
    std::vector<float> centres(static_cast<std::size_t>(numClasses * dim));
    for (auto& c : centres) c = n01(rng);
    Clusters out;
    out.numClasses = numClasses;
    auto fill = [&](FeatureSet& set, int perClass) {
        set.dim = dim;
        for (int c = 0; c < numClasses; ++c)
            for (int i = 0; i < perClass; ++i) {
                for (int d = 0; d < dim; ++d)
                    set.values.push_back(centres[static_cast<std::size_t>(c * dim + d)] + static_cast<float>(noise) * n01(rng));
                set.labels.push_back(c);
                ++set.rows;
            }
    };
    fill(out.train, perClassTrain);
    fill(out.val, perClassVal);
    return out;
}

}  // namespace taxo::test
