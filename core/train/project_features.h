#pragma once
// A project's photos as cached embeddings, part by part: extracts whatever is missing, then loads the cache.
// What head training, random search, near-duplicate search and label-error search all start from.
#include "core/train/extract_job.h"
#include "core/train/feature_set.h"
#include "core/train/project_dataset.h"

namespace taxo {

struct ProjectFeatures {
    ProjectDataset dataset;
    BackboneInfo backbone;
    ExtractStats extraction;
    FeatureSet train, val, test;  // the photos themselves (no augmented views)
};

// extract.projectDir, backboneId, modelsDir, splitId, device, threads, progress and control are used.
// Photos that cannot be read fail the call, naming them: exclude them, then try again.
Result<ProjectFeatures> loadProjectFeatures(const ExtractParams& extract);

}  // namespace taxo
