#include "core/train/feature_set.h"

namespace taxo {

Status validateFeatureSet(const FeatureSet& set, int numClasses, const std::string& name) {
    if (set.rows <= 0 || set.dim <= 0)
        return makeError(ErrorCode::InvalidArgument, name + ": empty (" + std::to_string(set.rows) + " rows x " +
                                                         std::to_string(set.dim) + " dims)");
    if (static_cast<std::int64_t>(set.values.size()) != set.rows * set.dim)
        return makeError(ErrorCode::InvalidArgument, name + ": " + std::to_string(set.values.size()) +
                                                         " values, expected rows x dim = " +
                                                         std::to_string(set.rows * set.dim));
    if (static_cast<std::int64_t>(set.labels.size()) != set.rows)
        return makeError(ErrorCode::InvalidArgument, name + ": " + std::to_string(set.labels.size()) +
                                                         " labels for " + std::to_string(set.rows) + " rows");
    for (std::int64_t i = 0; i < set.rows; ++i) {
        const auto label = set.labels[static_cast<std::size_t>(i)];
        if (label < 0 || label >= numClasses)
            return makeError(ErrorCode::InvalidArgument, name + ": row " + std::to_string(i) + " has label " +
                                                             std::to_string(label) + ", outside 0.." +
                                                             std::to_string(numClasses - 1));
    }
    return {};
}

}  // namespace taxo
