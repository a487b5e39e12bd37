#include "core/train/project_features.h"

#include "core/store/project_store.h"

namespace taxo {

Result<ProjectFeatures> loadProjectFeatures(const ExtractParams& extract) {
    auto extracted = extractFeatures(extract);
    if (!extracted) return extracted.error();
    if (!extracted->failures.empty())
        return makeError(ErrorCode::BadFormat, std::to_string(extracted->failures.size()) +
                                                   " photos could not be read (exclude them first): " + extracted->failures.front());
    auto store = ProjectStore::open(extract.projectDir);
    if (!store) return store.error();
    ProjectFeatures out;
    auto dataset = loadProjectDataset(**store, extract.splitId);
    if (!dataset) return dataset.error();
    out.dataset = std::move(*dataset);
    auto info = findBackbone(extract.backboneId, extract.modelsDir.empty() ? defaultModelsDir() : extract.modelsDir);
    if (!info) return info.error();
    out.backbone = *info;
    out.extraction = std::move(*extracted);
    auto cache = featureCacheFor(extract.projectDir, *info, "none", extract.precision);
    if (!cache) return cache.error();
    for (auto [part, target] : {std::pair<const DatasetPart*, FeatureSet*>{&out.dataset.train, &out.train},
                                {&out.dataset.val, &out.val}, {&out.dataset.test, &out.test}}) {
        auto set = cache->loadSet(part->contentHashes, part->labels);
        if (!set) return set.error();
        *target = std::move(*set);
    }
    return out;
}

}  // namespace taxo
