#pragma once
// Feature extraction: decode (in parallel, reduced-size JPEG decoding) -> per-backbone preprocessing -> frozen
// backbone in batches -> the project's feature cache. Photos already cached are skipped, so an interrupted
// extraction resumes where it stopped. Optional K augmented views per photo are cached too, so augmentation does
// not force a backbone pass every epoch.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/job.h"
#include "core/data/preprocess.h"
#include "core/models/backbone.h"
#include "core/models/backbone_preprocess.h"
#include "core/train/feature_cache.h"

namespace taxo {

struct ExtractParams {
    std::string projectDir;
    std::string backboneId = "mobilenet_v2_imagenet";
    std::string modelsDir;               // empty: defaultModelsDir()
    std::string device = "auto";         // cpu | cuda | auto
    int threads = 0;                     // compute threads; 0 = all cores
    int batchSize = 32;
    int loaderThreads = 0;               // decoding threads; 0 = all cores
    // "fp32" (default) or "bf16" (CPU autocast to bfloat16: faster where the CPU has AVX-512 BF16 / AMX; embeddings
    // within cosine 0.995 of fp32, see bench/RESULTS.md). Part of the cache key: fp32 and bf16 embeddings never mix.
    std::string precision = "fp32";
    std::string augmentation = "none";   // preset for the augmented views
    int augmentViews = 0;                // K augmented views per photo (0: originals only)
    std::optional<std::int64_t> splitId; // which split's photos; empty: the active split
    bool wholeProject = false;           // every labelled, included photo, split or not (e.g. before the first split)
    ProgressFn progress;
    JobControl* control = nullptr;
};

struct ExtractStats {
    std::int64_t photos = 0;      // photos in the split
    std::int64_t requested = 0;   // embeddings wanted (photos x (1 + views))
    std::int64_t cached = 0;      // already in the cache
    std::int64_t computed = 0;    // computed now
    std::vector<std::string> failures;  // photos that could not be read, each "path: why"
    double seconds = 0;
    std::string cacheFolder;
    std::string precision;
    nlohmann::json toJson() const;
};

Result<ExtractStats> extractFeatures(const ExtractParams& params);

// The cache of a backbone's embeddings in a project; augmentation "none" (or empty) is the photos themselves;
// precision "fp32" or "bf16" (ExtractParams::precision).
Result<FeatureCache> featureCacheFor(const std::string& projectDir, const BackboneInfo& info, const std::string& augmentation = "none",
                                     const std::string& precision = "fp32");

}  // namespace taxo
