#include "review_analysis.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <numeric>

#include "core/common/atomic_file.h"
#include "core/models/backbone.h"
#include "core/store/project_store.h"
#include "core/train/extract_job.h"
#include "core/train/feature_cache.h"
#include "core/train/project_dataset.h"

namespace taxo::ui {
namespace {

std::string utcNow() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

nlohmann::json topOf(const float* probabilities, int numClasses, const std::vector<std::string>& classNames, int k = 5) {
    std::vector<int> order(std::size_t(numClasses), 0);
    std::iota(order.begin(), order.end(), 0);
    k = std::min(k, numClasses);
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [&](int a, int b) { return probabilities[a] > probabilities[b]; });
    nlohmann::json top = nlohmann::json::array();
    for (int i = 0; i < k; ++i)
        top.push_back({{"label", classNames[std::size_t(order[std::size_t(i)])]}, {"p", probabilities[order[std::size_t(i)]]}});
    return top;
}

Result<std::vector<ReviewEntry>> entriesOf(const nlohmann::json& rows, const std::string& source) {
    std::vector<ReviewEntry> out;
    if (!rows.is_array()) return makeError(ErrorCode::BadFormat, source + ": a list of specimens is missing");
    for (const auto& row : rows) {
        if (!row.is_object() || !row.contains("id") || !row["id"].is_number_integer())
            return makeError(ErrorCode::BadFormat, source + ": a row without an integer \"id\"");
        ReviewEntry e;
        e.id = row["id"].get<std::int64_t>();
        const auto text = [&](const char* key) {
            const auto it = row.find(key);
            if (it == row.end()) return std::string();
            return it->is_string() ? it->get<std::string>() : it->dump();
        };
        e.givenLabel = text("given");
        e.suggestedLabel = text("predicted");
        e.suggestedProbability = row.value("pPredicted", 0.0);
        e.givenProbability = row.value("pGiven", -1.0);
        if (row.contains("top") && row["top"].is_array()) {
            e.topJson = row["top"].dump();
        } else {
            nlohmann::json top = nlohmann::json::array({{{"label", e.suggestedLabel}, {"p", e.suggestedProbability}}});
            if (e.givenLabel != e.suggestedLabel && e.givenProbability >= 0) top.push_back({{"label", e.givenLabel}, {"p", e.givenProbability}});
            e.topJson = top.dump();
        }
        out.push_back(std::move(e));
    }
    return out;
}

Result<nlohmann::json> readJsonFile(const std::string& path) {
    auto text = readWholeFile(path);
    if (!text) return text.error();
    auto json = nlohmann::json::parse(*text, nullptr, false);
    if (json.is_discarded()) return makeError(ErrorCode::BadFormat, path + ": not valid JSON");
    return json;
}

Status saveJson(const std::string& path, const nlohmann::json& json) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    if (ec) return makeError(ErrorCode::Io, std::filesystem::path(path).parent_path().string() + ": " + ec.message());
    return writeFileAtomically(path, json.dump(1));
}

}  // namespace

Result<ReviewFeatures> loadReviewFeatures(const ReviewFeatureParams& params, const ProgressFn& progress, JobControl* control) {
    auto store = ProjectStore::open(params.projectDir);
    if (!store) return store.error();
    auto active = (*store)->activeSplitId();
    if (!active) return active.error();
    const bool split = active->has_value();
    auto dataset = split ? loadProjectDataset(**store) : loadWholeProject(**store);
    if (!dataset) return dataset.error();
    const std::string modelsDir = params.modelsDir.empty() ? defaultModelsDir() : params.modelsDir;
    auto info = findBackbone(params.backboneId, modelsDir);
    if (!info) return info.error();
    auto cache = featureCacheFor(params.projectDir, *info, "none");
    if (!cache) return cache.error();

    ReviewFeatures out;
    out.classNames = dataset->classNames;
    const DatasetPart all = dataset->all();
    out.photos = std::int64_t(all.size());
    for (const auto& hash : all.contentHashes) out.cached += cache->has(hash) ? 1 : 0;
    if (out.needsExtraction()) {
        if (!params.extractMissing) return out;
        ExtractParams e;
        e.projectDir = params.projectDir;
        e.backboneId = params.backboneId;
        e.modelsDir = params.modelsDir;
        e.threads = params.threads;
        e.wholeProject = !split;
        e.progress = progress;
        e.control = control;
        auto stats = extractFeatures(e);
        if (!stats) return stats.error();
        if (!stats->failures.empty())
            return makeError(ErrorCode::BadFormat, std::to_string(stats->failures.size()) +
                                                       " photos could not be read (exclude them first): " + stats->failures.front());
        out.cached = out.photos;
    }
    out.set.dim = cache->dim();
    for (auto [which, part] : {std::pair<Part, const DatasetPart*>{Part::Train, &dataset->train}, {Part::Val, &dataset->val}, {Part::Test, &dataset->test}}) {
        auto set = cache->loadSet(part->contentHashes, part->labels);
        if (!set) return set.error();
        out.ids.insert(out.ids.end(), part->ids.begin(), part->ids.end());
        out.set.values.insert(out.set.values.end(), set->values.begin(), set->values.end());
        out.set.labels.insert(out.set.labels.end(), set->labels.begin(), set->labels.end());
        out.set.rows += set->rows;
        if (split)
            for (auto id : part->ids) out.parts[id] = which;
    }
    return out;
}

std::string reviewFolder(const std::string& projectDir) { return projectDir + "/review"; }
std::string suspectsFile(const std::string& projectDir) { return reviewFolder(projectDir) + "/label_suspects.json"; }
std::string duplicatesFile(const std::string& projectDir) { return reviewFolder(projectDir) + "/near_duplicates.json"; }

Result<SuspectReview> suspectReviewFromJson(const nlohmann::json& json, const std::string& source) {
    if (!json.is_object()) return makeError(ErrorCode::BadFormat, source + ": not a label-suspect report");
    SuspectReview r;
    r.backbone = json.value("backbone", std::string());
    r.createdAt = json.value("createdAt", std::string());
    r.confidence = json.value("confidence", 0.0);
    r.outOfFoldAccuracy = json.value("outOfFoldAccuracy", 0.0);
    r.folds = json.value("folds", 0);
    auto contradicted = entriesOf(json.value("contradicted", nlohmann::json()), source);
    if (!contradicted) return contradicted.error();
    auto least = entriesOf(json.value("leastConfident", nlohmann::json::array()), source);
    if (!least) return least.error();
    r.contradicted = std::move(*contradicted);
    r.leastConfident = std::move(*least);
    for (auto& e : r.contradicted) e.score = e.suggestedProbability;
    for (auto& e : r.leastConfident) e.score = e.givenProbability >= 0 ? 1 - e.givenProbability : 0;
    return r;
}

Result<DuplicateReview> duplicateReviewFromJson(const nlohmann::json& json, const std::string& source) {
    if (!json.is_object() || !json.contains("groups") || !json["groups"].is_array())
        return makeError(ErrorCode::BadFormat, source + ": not a near-duplicate report");
    DuplicateReview r;
    r.backbone = json.value("backbone", std::string());
    r.createdAt = json.value("createdAt", std::string());
    r.threshold = json.value("threshold", 0.0);
    std::map<std::int64_t, std::size_t> groupOf;
    for (const auto& group : json["groups"]) {
        if (!group.is_array()) return makeError(ErrorCode::BadFormat, source + ": a group is not a list of ids");
        std::vector<std::int64_t> ids;
        for (const auto& id : group) {
            if (!id.is_number_integer()) return makeError(ErrorCode::BadFormat, source + ": a group member is not an id");
            ids.push_back(id.get<std::int64_t>());
            groupOf[ids.back()] = r.groups.size();
        }
        r.groups.push_back(std::move(ids));
    }
    r.bestSimilarity.assign(r.groups.size(), 0.f);
    for (const auto& pair : json.value("pairs", nlohmann::json::array())) {
        const auto it = groupOf.find(pair.value("a", std::int64_t(-1)));
        if (it != groupOf.end()) r.bestSimilarity[it->second] = std::max(r.bestSimilarity[it->second], pair.value("similarity", 0.f));
    }
    return r;
}

Result<std::optional<SuspectReview>> readSuspectReview(const std::string& projectDir) {
    const std::string path = suspectsFile(projectDir);
    if (!std::filesystem::exists(path)) return std::optional<SuspectReview>();
    auto json = readJsonFile(path);
    if (!json) return json.error();
    auto review = suspectReviewFromJson(*json, path);
    if (!review) return review.error();
    return std::optional<SuspectReview>(std::move(*review));
}

Result<std::optional<DuplicateReview>> readDuplicateReview(const std::string& projectDir) {
    const std::string path = duplicatesFile(projectDir);
    if (!std::filesystem::exists(path)) return std::optional<DuplicateReview>();
    auto json = readJsonFile(path);
    if (!json) return json.error();
    auto review = duplicateReviewFromJson(*json, path);
    if (!review) return review.error();
    return std::optional<DuplicateReview>(std::move(*review));
}

Result<SuspectReview> runSuspectReview(const std::string& projectDir, const ReviewFeatures& features, const std::string& backbone,
                                       const LabelSuspectParams& params, const ProgressFn& progress, JobControl* control) {
    const int numClasses = int(features.classNames.size());
    auto report = findLabelSuspects(features.ids, features.set, numClasses, params, progress, control);
    if (!report) return report.error();
    nlohmann::json json = report->toJson(features.classNames);
    json["backbone"] = backbone;
    json["createdAt"] = utcNow();
    // The saved rows also carry each specimen's out-of-fold top 5, which the details panel shows.
    std::map<std::int64_t, std::size_t> rowOf;
    for (std::size_t i = 0; i < report->ids.size(); ++i) rowOf[report->ids[i]] = i;
    for (const char* list : {"contradicted", "leastConfident"})
        for (auto& row : json[list])
            row["top"] = topOf(report->outOfFold.data() + rowOf[row["id"].get<std::int64_t>()] * std::size_t(numClasses), numClasses,
                               features.classNames);
    if (auto s = saveJson(suspectsFile(projectDir), json); !s) return s.error();
    return suspectReviewFromJson(json, suspectsFile(projectDir));
}

Result<DuplicateReview> runDuplicateReview(const std::string& projectDir, const ReviewFeatures& features, const std::string& backbone,
                                           const NearDuplicateParams& params, const ProgressFn& progress, JobControl* control) {
    auto report = findNearDuplicates(features.ids, features.set.values, features.set.dim, params, progress, control);
    if (!report) return report.error();
    nlohmann::json json = report->toJson(features.parts.empty() ? nullptr : &features.parts);
    json["backbone"] = backbone;
    json["createdAt"] = utcNow();
    if (auto s = saveJson(duplicatesFile(projectDir), json); !s) return s.error();
    return duplicateReviewFromJson(json, duplicatesFile(projectDir));
}

}  // namespace taxo::ui
