#include "core/train/extract_job.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <thread>

#include <xxhash.h>

#include "core/common/content_hash.h"
#include "core/data/augment.h"
#include "core/data/image_io.h"
#include "core/models/backbone_net.h"
#include "core/store/project_store.h"
#include "core/train/compute_setup.h"
#include "core/train/project_dataset.h"

namespace taxo {
namespace {

struct WorkItem {
    std::string path, contentHash;
    int view = 0;
};

struct LoadedBatch {
    std::vector<float> pixels;        // ok rows only, CHW each
    std::vector<std::size_t> okItems; // indices into the batch's items
    std::vector<std::string> failures;
};

int resolvedThreads(int requested) {
    return requested > 0 ? requested : std::max(1, int(std::thread::hardware_concurrency()));
}

// One photo (or augmented view) into `out` (3 x H x W floats).
Status loadItem(const WorkItem& item, const PreprocessSpec& spec, const AugmentParams& augment, float* out) {
    if (item.view == 0) return loadForModelInto(item.path, spec, out);
    DecodeOptions options;
    options.targetShortSide = std::max(spec.width, spec.height);
    auto rgb = decodeImage(item.path, options);
    if (!rgb) return rgb.error();
    const std::uint64_t seed = XXH3_64bits(item.contentHash.data(), item.contentHash.size()) ^ (0x9E3779B97F4A7C15ull * std::uint64_t(item.view));
    const cv::Mat augmented = taxo::augment(*rgb, augment, seed);
    toPlanarFloat(resizeForModel(augmented, spec), spec.norm, out);
    return {};
}

LoadedBatch loadBatch(const std::vector<WorkItem>& items, std::size_t begin, std::size_t end, const PreprocessSpec& spec,
                      const AugmentParams& augment, int loaderThreads) {
    const std::size_t n = end - begin, plane = std::size_t(3) * spec.width * spec.height;
    std::vector<float> pixels(n * plane);
    std::vector<std::string> errors(n);
    const int workers = std::min<int>(loaderThreads, int(n));
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
        threads.emplace_back([&, w] {
            for (std::size_t i = std::size_t(w); i < n; i += std::size_t(workers)) {
                Status s = loadItem(items[begin + i], spec, augment, pixels.data() + i * plane);
                if (!s) errors[i] = s.error().message;
            }
        });
    for (auto& t : threads) t.join();
    LoadedBatch batch;
    batch.pixels.reserve(pixels.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (!errors[i].empty()) {
            batch.failures.push_back(errors[i]);
            continue;
        }
        batch.okItems.push_back(begin + i);
        batch.pixels.insert(batch.pixels.end(), pixels.begin() + std::ptrdiff_t(i * plane), pixels.begin() + std::ptrdiff_t((i + 1) * plane));
    }
    return batch;
}

}  // namespace

nlohmann::json ExtractStats::toJson() const {
    return {{"photos", photos}, {"requested", requested}, {"cached", cached}, {"computed", computed},
            {"failures", failures}, {"seconds", seconds}, {"cache", cacheFolder}};
}

Result<FeatureCache> featureCacheFor(const std::string& projectDir, const BackboneInfo& info, const std::string& augmentation) {
    auto spec = preprocessSpecFor(info);
    if (!spec) return spec.error();
    FeatureCacheKey key;
    key.backboneId = info.id;
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
    auto plain = featureCacheFor(params.projectDir, *info, "none");
    if (!plain) return plain.error();
    const bool withViews = params.augmentViews > 0 && params.augmentation != "none";
    auto augmentParams = AugmentParams::preset(withViews ? params.augmentation : "none");
    if (!augmentParams) return augmentParams.error();
    auto viewCache = featureCacheFor(params.projectDir, *info, withViews ? params.augmentation : "none");
    if (!viewCache) return viewCache.error();

    ExtractStats stats;
    stats.cacheFolder = plain->folder();
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
        const int loaders = resolvedThreads(params.loaderThreads);
        const std::size_t batchSize = std::size_t(std::max(1, params.batchSize));
        const std::int64_t plane = 3LL * spec->width * spec->height;
        auto load = [&](std::size_t begin) {
            return loadBatch(work, begin, std::min(work.size(), begin + batchSize), *spec, *augmentParams, loaders);
        };
        // Decode the next batch while the backbone runs on this one.
        std::future<LoadedBatch> next = std::async(std::launch::async, load, 0);
        for (std::size_t begin = 0; begin < work.size(); begin += batchSize) {
            LoadedBatch batch = next.get();
            if (begin + batchSize < work.size()) next = std::async(std::launch::async, load, begin + batchSize);
            if (params.control && !params.control->checkpoint()) {
                if (next.valid()) next.wait();
                return makeError(ErrorCode::Cancelled, "feature extraction cancelled (" + std::to_string(stats.computed) + " embeddings kept in the cache)");
            }
            stats.failures.insert(stats.failures.end(), batch.failures.begin(), batch.failures.end());
            if (!batch.okItems.empty()) {
                const auto rows = std::int64_t(batch.okItems.size());
                torch::Tensor input = torch::from_blob(batch.pixels.data(), {rows, 3, spec->height, spec->width}, torch::kFloat32);
                torch::Tensor embedding = (*backbone)->embed(input.to(*device)).to(torch::kCPU).contiguous();
                const float* values = embedding.data_ptr<float>();
                for (std::int64_t r = 0; r < rows; ++r) {
                    const WorkItem& item = work[batch.okItems[std::size_t(r)]];
                    const FeatureCache& cache = item.view == 0 ? *plain : *viewCache;
                    if (auto s = cache.store(item.contentHash, item.view, values + r * embedding.size(1)); !s) return s.error();
                    ++stats.computed;
                }
            }
            (void)plane;
            reporter.update(std::int64_t(std::min(work.size(), begin + batchSize)));
        }
    }
    reporter.finish();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return stats;
}

}  // namespace taxo
