#pragma once
// Frozen-backbone embeddings stored in the project (features/), one small file per photo and view, so an epoch
// of head training reads memory instead of running the backbone.
//
// Key: photo content hash + backbone id + digest of its weights file + compute precision (when not fp32) +
// preprocessing key (+ augmentation key and view index for augmented views). Changing the weights, the preprocessing or the augmentation gives a new folder,
// so stale embeddings are never read. Each file carries its dimension and an XXH32 checksum; a damaged or
// truncated entry reads as missing and is recomputed. Writes are atomic (temporary name, rename), so a killed
// extraction resumes where it stopped.
#include <cstdint>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/train/feature_set.h"

namespace taxo {

struct FeatureCacheKey {
    std::string backboneId;     // e.g. "mobilenet_v2_imagenet"
    std::string weightsDigest;  // content hash of the weights file (first 16 hex digits are used)
    std::string preprocessKey;  // PreprocessSpec::key(), e.g. "224x224/stretch/tflite-uint8"
    std::string augmentKey;     // empty for the original photo; preset name + digest of its parameters otherwise
    std::string precision;      // compute precision of the backbone pass; empty or "fp32" = float32, else e.g. "bf16"
};

class FeatureCache {
public:
    FeatureCache(const std::string& projectDir, FeatureCacheKey key, int dim);

    const std::string& folder() const { return folder_; }
    int dim() const { return dim_; }
    const FeatureCacheKey& key() const { return key_; }

    // view 0 is the photo itself; views 1..K are augmented copies (only with an augmentKey).
    std::string pathFor(const std::string& contentHash, int view = 0) const;
    bool has(const std::string& contentHash, int view = 0) const;
    Result<std::vector<float>> load(const std::string& contentHash, int view = 0) const;
    Status store(const std::string& contentHash, int view, const float* values) const;

    // Rows in the given order; labels copied. Fails naming the first photo without a cached embedding.
    Result<FeatureSet> loadSet(const std::vector<std::string>& contentHashes, const std::vector<std::int32_t>& labels,
                               int view = 0) const;

private:
    FeatureCacheKey key_;
    int dim_;
    std::string folder_;
};

}  // namespace taxo
