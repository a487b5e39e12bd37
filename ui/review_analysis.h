#pragma once
// The review queue's analyses as plain jobs (no Qt): gathering a project's cached embeddings without starting an
// extraction behind the user's back, running the core's label-suspect and near-duplicate searches on them, and
// keeping their last results in <project>/review/ so the queue survives a restart.
//
// The saved files use the JSON that `taxoscope-cli --json suspects` / `duplicates` print, plus "backbone" and
// "createdAt", so a report made on the command line can be dropped in the folder and the app shows it.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/job.h"
#include "core/common/result.h"
#include "core/data/specimen.h"
#include "core/train/feature_set.h"
#include "core/train/label_suspects.h"
#include "core/train/near_duplicates.h"

namespace taxo::ui {

struct ReviewFeatureParams {
    std::string projectDir;
    std::string backboneId = "mobilenet_v2_imagenet";
    std::string modelsDir;        // empty: defaultModelsDir()
    bool extractMissing = false;  // false: report missing embeddings instead of computing them
    int threads = 0;              // compute threads for an extraction; 0 = all cores
};

// The active split's photos (train, val, test; every labelled, included photo when the project has no split).
struct ReviewFeatures {
    std::vector<std::int64_t> ids;
    FeatureSet set;                          // rows in ids order, labels index classNames
    std::vector<std::string> classNames;
    std::map<std::int64_t, Part> parts;      // empty without a split
    std::int64_t photos = 0, cached = 0;     // cached < photos (and set empty) when extraction is still needed
    bool needsExtraction() const { return cached < photos; }
};

// Errors: the store's, the dataset's (no labelled photos), an unknown backbone, those of an extraction.
Result<ReviewFeatures> loadReviewFeatures(const ReviewFeatureParams& params, const ProgressFn& progress = {},
                                          JobControl* control = nullptr);

// One entry of a review list, as saved and shown.
struct ReviewEntry {
    std::int64_t id = 0;
    std::string givenLabel;      // the label when analysed
    std::string suggestedLabel;  // the model's family for it
    double suggestedProbability = 0;  // 0..1
    double givenProbability = 0;      // 0..1; < 0 when unknown
    std::string topJson = "[]";       // [{"label","p"}] for the details panel
    // The list's ranking key, higher = review sooner: p(suggested) for contradicted labels (the core's order),
    // 1 - p(given label) for least confident ones.
    double score = 0;
};

struct SuspectReview {
    std::string backbone, createdAt;
    double confidence = 0, outOfFoldAccuracy = 0;
    int folds = 0;
    std::vector<ReviewEntry> contradicted;    // the core's order: most confident contradiction first
    std::vector<ReviewEntry> leastConfident;  // lowest out-of-fold probability of the given label first
};

struct DuplicateReview {
    std::string backbone, createdAt;
    double threshold = 0;
    std::vector<std::vector<std::int64_t>> groups;  // ids ascending
    std::vector<float> bestSimilarity;              // per group, the highest pair cosine
};

// The folder of the saved reports and their files.
std::string reviewFolder(const std::string& projectDir);
std::string suspectsFile(const std::string& projectDir);    // <project>/review/label_suspects.json
std::string duplicatesFile(const std::string& projectDir);  // <project>/review/near_duplicates.json

// CLI JSON (+ backbone, createdAt) -> review lists. Errors: BadFormat naming `source`.
Result<SuspectReview> suspectReviewFromJson(const nlohmann::json& json, const std::string& source = "report");
Result<DuplicateReview> duplicateReviewFromJson(const nlohmann::json& json, const std::string& source = "report");
// Reads a saved report; nullopt when the file does not exist.
Result<std::optional<SuspectReview>> readSuspectReview(const std::string& projectDir);
Result<std::optional<DuplicateReview>> readDuplicateReview(const std::string& projectDir);

// Runs the analysis on gathered features and saves the report (atomically) before returning it.
Result<SuspectReview> runSuspectReview(const std::string& projectDir, const ReviewFeatures& features, const std::string& backbone,
                                       const LabelSuspectParams& params, const ProgressFn& progress = {}, JobControl* control = nullptr);
Result<DuplicateReview> runDuplicateReview(const std::string& projectDir, const ReviewFeatures& features, const std::string& backbone,
                                           const NearDuplicateParams& params, const ProgressFn& progress = {}, JobControl* control = nullptr);

}  // namespace taxo::ui
