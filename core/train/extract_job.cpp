#include "core/train/extract_job.h"

#include <chrono>

#include <xxhash.h>

#include "core/common/content_hash.h"
#include "core/data/augment.h"
#include "core/models/backbone_net.h"
#include "core/store/project_store.h"
#include "core/train/compute_setup.h"
#include "core/train/embedding_pipeline.h"
#include "core/train/project_dataset.h"

namespace taxo {
namespace {

struct WorkItem {
    std::string path, contentHash;
    int view = 0;
};

// The seed of augmented view `view` of a photo: fixed by its content, so a resumed extraction draws the same views.
std::uint64_t viewSeed(const std::string& contentHash, int view) {
    return XXH3_64bits(contentHash.data(), contentHash.size()) ^ (0x9E3779B97F4A7C15ull * std::uint64_t(view));
}

}  // namespace

nlohmann::json ExtractStats::toJson() const {
    return {{"photos", photos}, {"requested", requested}, {"cached", cached}, {"computed", computed},
            {"failures", failures}, {"seconds", seconds}, {"cache", cacheFolder}, {"precision", precision}};
}

Result<FeatureCache> featureCacheFor(const std::string& projectDir, const BackboneInfo& info, const std::string& augmentation,
                                     const std::string& precision) {
    auto spec = preprocessSpecFor(info);
    if (!spec) return spec.error();
    auto parsedPrecision = parseComputePrecision(precision);
    if (!parsedPrecision) return parsedPrecision.error();
    FeatureCacheKey key;
    key.backboneId = info.id;
    key.precision = computePrecisionName(*parsedPrecision);
    key.preprocessKey = spec->key();
    if (!info.sha256.empty()) {
        key.weightsDigest = info.sha256;
    } else {
        auto digest = hashFile(info.modelFile);
        if (!digest) return digest.error();
        key.weightsDigest = *digest;
    }
    if (!augmentation.empty() && augmentation != "none") {
        auto params = AugmentParams::preset(augmentation);
        if (!params) return params.error();
        const std::string json = params->toJson().dump();
        key.augmentKey = augmentation + "-" + hashBytes(json.data(), json.size()).substr(0, 12);
    }
    return FeatureCache(projectDir, key, info.embeddingDim);
}

Result<ExtractStats> extractFeatures(const ExtractParams& params) {
    const auto start = std::chrono::steady_clock::now();
    auto store = ProjectStore::open(params.projectDir);
    if (!store) return store.error();
    auto dataset = params.wholeProject ? loadWholeProject(**store) : loadProjectDataset(**store, params.splitId);
    if (!dataset) return dataset.error();
    const std::string modelsDir = params.modelsDir.empty() ? defaultModelsDir() : params.modelsDir;
    auto info = findBackbone(params.backboneId, modelsDir);
    if (!info) return info.error();
    auto spec = preprocessSpecFor(*info);
    if (!spec) return spec.error();
    auto precision = parseComputePrecision(params.precision);
    if (!precision) return precision.error();
    auto plain = featureCacheFor(params.projectDir, *info, "none", params.precision);
    if (!plain) return plain.error();
    const bool withViews = params.augmentViews > 0 && params.augmentation != "none";
    auto augmentParams = AugmentParams::preset(withViews ? params.augmentation : "none");
    if (!augmentParams) return augmentParams.error();
    auto viewCache = featureCacheFor(params.projectDir, *info, withViews ? params.augmentation : "none", params.precision);
    if (!viewCache) return viewCache.error();

    ExtractStats stats;
    stats.cacheFolder = plain->folder();
    stats.precision = computePrecisionName(*precision);
    const DatasetPart all = dataset->all();
    stats.photos = std::int64_t(all.size());
    // Augmented views only for training photos: validation and test are always judged on the photos themselves.
    std::vector<WorkItem> work;
    for (std::size_t i = 0; i < all.size(); ++i) {
        ++stats.requested;
        if (plain->has(all.contentHashes[i])) ++stats.cached;
        else work.push_back({all.paths[i], all.contentHashes[i], 0});
    }
    if (withViews)
        for (std::size_t i = 0; i < dataset->train.size(); ++i)
            for (int v = 1; v <= params.augmentViews; ++v) {
                ++stats.requested;
                if (viewCache->has(dataset->train.contentHashes[i], v)) ++stats.cached;
                else work.push_back({dataset->train.paths[i], dataset->train.contentHashes[i], v});
            }

    ProgressReporter reporter(params.progress, "extracting features", std::int64_t(work.size()));
    if (!work.empty()) {
        auto device = setUpCompute(params.device, params.threads);
        if (!device) return device.error();
        auto backbone = loadBackbone(*info);
        if (!backbone) return backbone.error();
        (*backbone)->to(*device);
        EmbedPipelineOptions options;
        options.spec = *spec;
        options.augment = *augmentParams;
        options.batchSize = params.batchSize;
        options.loaderThreads = params.loaderThreads;
        options.precision = *precision;
        options.control = params.control;
        std::vector<EmbedItem> items;
        items.reserve(work.size());
        for (const WorkItem& w : work) items.push_back({w.path, w.view > 0, w.view > 0 ? viewSeed(w.contentHash, w.view) : 0});
        auto sink = [&](const std::vector<std::size_t>& rows, const float* embeddings, int dim) -> Status {
            for (std::size_t r = 0; r < rows.size(); ++r) {
                const WorkItem& item = work[rows[r]];
                const FeatureCache& cache = item.view == 0 ? *plain : *viewCache;
                if (auto s = cache.store(item.contentHash, item.view, embeddings + r * std::size_t(dim)); !s) return s;
                ++stats.computed;
            }
            return {};
        };
        auto failed = [&](std::size_t, const std::string& why) { stats.failures.push_back(why); };
        auto progress = [&](std::size_t done) { reporter.update(std::int64_t(done)); };
        Status ran = runEmbeddingPipeline(**backbone, items, options, sink, failed, progress);
        if (!ran) {
            if (ran.error().code == ErrorCode::Cancelled)
                return makeError(ErrorCode::Cancelled, "feature extraction cancelled (" + std::to_string(stats.computed) + " embeddings kept in the cache)");
            return ran.error();
        }
    }
    reporter.finish();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return stats;
}

}  // namespace taxo
