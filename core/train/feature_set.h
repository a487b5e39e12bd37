#pragma once
// Embeddings as plain data, the currency between the feature cache and the heads (no LibTorch here).
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/result.h"

namespace taxo {

struct FeatureSet {
    std::int64_t rows = 0, dim = 0;
    std::vector<float> values;         // row-major rows x dim (one embedding per specimen)
    std::vector<std::int32_t> labels;  // class index per row, 0..numClasses-1

    const float* row(std::int64_t i) const { return values.data() + i * dim; }
};

// Checks sizes and label range; `name` (e.g. "training features") prefixes the message.
// Values are not scanned for NaN/inf here: training reports those as a non-finite loss.
Status validateFeatureSet(const FeatureSet& set, int numClasses, const std::string& name);

}  // namespace taxo
