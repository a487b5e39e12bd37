#include "core/train/run_job.h"

#include <cstring>
#include <filesystem>
#include <set>

#include "core/common/atomic_file.h"
#include "core/data/split.h"
#include "core/eval/model_bundle.h"
#include "core/models/backbone.h"
#include "core/store/project_store.h"
#include "core/train/extract_job.h"
#include "core/train/image_trainer.h"
#include "core/train/project_features.h"

namespace taxo {
namespace {

std::string partDir(const std::string& runDir, const std::string& part) { return runDir + "/eval-" + part; }

// Appends the augmented views of the training photos after the photos themselves.
Status appendViews(const FeatureCache& views, const DatasetPart& train, int augmentViews, FeatureSet& set) {
    for (int v = 1; v <= augmentViews; ++v) {
        auto extra = views.loadSet(train.contentHashes, train.labels, v);
        if (!extra) return extra.error();
        set.values.insert(set.values.end(), extra->values.begin(), extra->values.end());
        set.labels.insert(set.labels.end(), extra->labels.begin(), extra->labels.end());
        set.rows += extra->rows;
    }
    return {};
}

std::vector<PredictionRow> predictionRows(const DatasetPart& part, Part which, const std::vector<float>& probs,
                                          const std::vector<std::string>& classNames) {
    const std::size_t c = classNames.size();
    std::vector<PredictionRow> rows;
    for (std::size_t i = 0; i < part.size(); ++i) {
        const float* p = probs.data() + i * c;
        std::vector<std::size_t> order(c);
        for (std::size_t j = 0; j < c; ++j) order[j] = j;
        const std::size_t k = std::min<std::size_t>(5, c);
        std::partial_sort(order.begin(), order.begin() + std::ptrdiff_t(k), order.end(), [&](auto a, auto b) { return p[a] > p[b]; });
        nlohmann::json top = nlohmann::json::array();
        for (std::size_t j = 0; j < k; ++j) top.push_back({{"label", classNames[order[j]]}, {"p", p[order[j]]}});
        PredictionRow row;
        row.specimenId = part.ids[i];
        row.part = which;
        row.trueLabel = classNames[std::size_t(part.labels[i])];
        row.predictedLabel = classNames[order[0]];
        row.confidence = p[order[0]];
        row.topJson = top.dump();
        rows.push_back(std::move(row));
    }
    return rows;
}

// Metrics of one part from its probabilities (rows x classes), written to runs/<id>/eval-<part>/.
Result<PartEvaluation> evaluateProbabilities(const std::vector<float>& probs, const DatasetPart& part, const std::string& name,
                                             const std::vector<std::string>& classNames, const std::string& runDir) {
    auto report = computeMetricsFromProbabilities(part.labels, probs, int(classNames.size()));
    if (!report) return report.error();
    const std::string dir = partDir(runDir, name);
    std::filesystem::create_directories(dir);
    if (auto s = writeMetricsFiles(*report, classNames, dir + "/metrics.json", dir + "/per_class.csv", dir + "/confusion.csv"); !s)
        return s.error();
    return PartEvaluation{name, std::move(*report)};
}

// A part's probabilities from a head on cached embeddings.
Result<std::vector<float>> headProbabilities(const TrainedHead& head, const FeatureCache& cache, const DatasetPart& part) {
    auto features = cache.loadSet(part.contentHashes, part.labels);
    if (!features) return features.error();
    return head.predictProbabilities(*features);
}

std::vector<ImageSample> samplesOf(const DatasetPart& part) {
    std::vector<ImageSample> samples;
    for (std::size_t i = 0; i < part.size(); ++i) samples.push_back({part.paths[i], part.labels[i]});
    return samples;
}

nlohmann::json epochJson(int epoch, const EpochMetrics& train, const EpochMetrics& val) {
    return {{"epoch", epoch}, {"train", taxo::toJson(train)}, {"val", taxo::toJson(val)}};
}

// The trainers save an epoch's checkpoint before they report the epoch, so a run killed between the two resumes after
// that epoch and never reports it: its metrics were missing from the store (found by tests/reliability/
// test_train_kill, 399 of 400 epochs). A resumed run stores every epoch of its history that the store lacks.
Status storeMissingEpochs(ProjectStore& store, std::int64_t runId, const std::vector<EpochRecord>& history) {
    auto stored = store.epochs(runId);
    if (!stored) return stored.error();
    std::set<int> have;
    for (const auto& e : *stored) have.insert(e.epoch);
    for (const auto& r : history)
        if (!have.count(r.epoch))
            if (auto s = store.addEpoch(runId, r.epoch, epochJson(r.epoch, r.train, r.val).dump()); !s) return s;
    return {};
}

std::string nowIso() {
    const std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

}  // namespace

std::string runDirectory(const std::string& projectDir, std::int64_t runId) {
    return (std::filesystem::path(projectDir) / "runs" / std::to_string(runId)).string();
}

nlohmann::json RunConfig::toJson() const {
    return {{"name", name}, {"backbone", backboneId}, {"train", taxo::toJson(train)}, {"augmentation", augmentation},
            {"augment_views", augmentViews}, {"split_id", splitId ? nlohmann::json(*splitId) : nlohmann::json()},
            {"batch_size_extract", batchSizeExtract}, {"unfreeze_blocks", unfreezeBlocks},
            {"backbone_learning_rate", backboneLearningRate}, {"scratch_model", scratchModel}};
}

Result<RunConfig> RunConfig::fromJson(const nlohmann::json& j) {
    if (!j.is_object()) return makeError(ErrorCode::BadFormat, "run config: expected a JSON object");
    RunConfig c;
    try {
        for (auto it = j.begin(); it != j.end(); ++it) {
            const std::string& key = it.key();
            if (key == "name") c.name = it->get<std::string>();
            else if (key == "backbone") c.backboneId = it->get<std::string>();
            else if (key == "augmentation") c.augmentation = it->get<std::string>();
            else if (key == "augment_views") c.augmentViews = it->get<int>();
            else if (key == "batch_size_extract") c.batchSizeExtract = it->get<int>();
            else if (key == "unfreeze_blocks") c.unfreezeBlocks = it->get<int>();
            else if (key == "backbone_learning_rate") c.backboneLearningRate = it->get<double>();
            else if (key == "scratch_model") c.scratchModel = it->get<std::string>();
            else if (key == "split_id") c.splitId = it->is_null() ? std::nullopt : std::optional<std::int64_t>(it->get<std::int64_t>());
            else if (key == "train") {
                auto train = trainParamsFromJson(*it);
                if (!train) return makeError(ErrorCode::BadFormat, "run config: \"train\": " + train.error().message);
                c.train = *train;
            } else {
                return makeError(ErrorCode::BadFormat, "run config: unknown key \"" + key + "\"");
            }
        }
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::BadFormat, std::string("run config: wrong type: ") + e.what());
    }
    if (c.augmentViews < 0 || c.augmentViews > 64) return makeError(ErrorCode::InvalidArgument, "run config: augment_views must be 0..64");
    return c;
}

nlohmann::json RunResult::toJson() const {
    nlohmann::json evals = nlohmann::json::object();
    for (const auto& e : evaluations) {
        evals[e.part] = {{"accuracy", e.report.accuracy}, {"macro_f1", e.report.macroF1}, {"weighted_f1", e.report.weightedF1},
                         {"top5", e.report.topKAccuracy}, {"rows", e.report.rows}};
    }
    return {{"run_id", runId}, {"run_dir", runDir}, {"model", modelDir}, {"classes", classNames.size()},
            {"best_epoch", outcome.bestEpoch}, {"best_score", outcome.bestScore}, {"epochs_run", outcome.history.size()},
            {"stopped_early", outcome.stoppedEarly}, {"resumed", outcome.resumed}, {"history", historyToJson(outcome.history)},
            {"evaluation", evals}};
}

Result<RunResult> trainRun(const RunParams& params) {
    auto storeResult = ProjectStore::open(params.projectDir);
    if (!storeResult) return storeResult.error();
    ProjectStore& store = **storeResult;
    const std::string modelsDir = params.modelsDir.empty() ? defaultModelsDir() : params.modelsDir;

    RunConfig config = params.config;
    RunResult result;
    if (params.resumeRunId) {
        auto run = store.run(*params.resumeRunId);
        if (!run) return run.error();
        if (run->status == RunStatus::Finished)
            return makeError(ErrorCode::InvalidArgument, "run " + std::to_string(run->id) + " has already finished; nothing to resume");
        auto stored = RunConfig::fromJson(nlohmann::json::parse(run->configJson, nullptr, false));
        if (!stored) return stored.error();
        config = *stored;
        result.runId = run->id;
    }
    auto info = findBackbone(config.backboneId, modelsDir);
    if (!info) return info.error();
    if (config.name.empty()) config.name = config.train.head.kind + " head on " + config.backboneId;
    // Which split, resolved before the run is created so its config names the split it used.
    if (!config.splitId) {
        auto active = store.activeSplitId();
        if (!active) return active.error();
        if (!active->has_value())
            return makeError(ErrorCode::InvalidArgument, params.projectDir + ": the project has no split yet (taxoscope-cli split --project " + params.projectDir + ")");
        config.splitId = **active;
    }
    if (!params.resumeRunId) {
        auto id = store.createRun(config.name, config.toJson().dump());
        if (!id) return id.error();
        result.runId = *id;
    }
    result.runDir = runDirectory(params.projectDir, result.runId);
    if (auto s = writeFileAtomically(result.runDir + "/config.json", config.toJson().dump(2) + "\n"); !s) return s.error();
    (void)store.setRunStatus(result.runId, RunStatus::Running);

    auto fail = [&](Error error) -> Result<RunResult> {
        (void)store.setRunStatus(result.runId, error.code == ErrorCode::Cancelled ? RunStatus::Cancelled : RunStatus::Failed);
        return error;
    };
    auto phase = [&](const char* name) {
        if (params.callbacks.onPhase) params.callbacks.onPhase(name);
    };

    TrainParams trainParams = config.train;
    trainParams.checkpointDir = result.runDir + "/checkpoint";
    trainParams.resume = params.resumeRunId.has_value();
    TrainCallbacks callbacks = params.callbacks.train;
    std::string epochError;
    callbacks.onEpoch = [&](int epoch, const EpochMetrics& tr, const EpochMetrics& va) {
        if (auto s = store.addEpoch(result.runId, epoch, epochJson(epoch, tr, va).dump()); !s && epochError.empty()) epochError = s.error().message;
        if (params.callbacks.train.onEpoch) params.callbacks.train.onEpoch(epoch, tr, va);
    };
    if (!callbacks.progress) callbacks.progress = params.progress;

    ModelBundle bundle;
    bundle.dir = result.runDir + "/model";
    bundle.backboneId = info->id;
    bundle.runId = result.runId;
    bundle.createdAt = nowIso();
    bundle.head = config.train.head;
    std::filesystem::create_directories(bundle.dir);
    // Probabilities of a part (rows x classes) from whichever model this run trains.
    std::function<Result<std::vector<float>>(const DatasetPart&)> probabilities;
    ProjectDataset dataset;
    TrainedImageModel imageModel;

    if (config.endToEnd()) {
        auto loaded = loadProjectDataset(store, config.splitId);
        if (!loaded) return fail(loaded.error());
        dataset = std::move(*loaded);
        if (dataset.val.size() == 0) return fail(makeError(ErrorCode::InvalidArgument, "split " + std::to_string(dataset.splitId) + " has no validation photos"));
        result.classNames = dataset.classNames;
        phase("training");
        ImageTrainParams p;
        p.base = trainParams;
        p.backboneId = config.backboneId;
        p.modelsDir = modelsDir;
        p.unfreezeBlocks = config.unfreezeBlocks;
        p.backboneLearningRate = config.backboneLearningRate;
        p.augmentation = config.augmentation;
        p.scratchModel = config.scratchModel;
        auto outcome = trainOnImages(samplesOf(dataset.train), samplesOf(dataset.val), int(dataset.classNames.size()), p, callbacks, params.control);
        if (!outcome) return fail(outcome.error());
        result.outcome.history = outcome->history;
        result.outcome.bestEpoch = outcome->bestEpoch;
        result.outcome.bestScore = outcome->bestScore;
        result.outcome.stoppedEarly = outcome->stoppedEarly;
        result.outcome.resumed = outcome->resumed;
        imageModel = outcome->model;
        bundle.kind = ModelBundle::kImageKind;
        bundle.preprocessKey = imageModel.preprocessKey();
        bundle.embeddingDim = config.scratchModel.empty() ? info->embeddingDim : 0;
        if (!config.scratchModel.empty()) bundle.backboneId = config.scratchModel;
        if (auto s = saveImageModel(imageModel, bundle.imageModelPath()); !s) return fail(s.error());
        probabilities = [&](const DatasetPart& part) { return imageModel.predictProbabilities(part.paths); };
    } else {
        phase("extracting features");
        ExtractParams extract;
        extract.projectDir = params.projectDir;
        extract.backboneId = config.backboneId;
        extract.modelsDir = modelsDir;
        extract.device = config.train.device;
        extract.threads = config.train.threads;
        extract.batchSize = config.batchSizeExtract;
        extract.augmentation = config.augmentation;
        extract.augmentViews = config.augmentViews;
        extract.splitId = config.splitId;
        extract.progress = params.progress;
        extract.control = params.control;
        auto features = loadProjectFeatures(extract);
        if (!features) return fail(features.error());
        dataset = features->dataset;
        if (dataset.val.size() == 0) return fail(makeError(ErrorCode::InvalidArgument, "split " + std::to_string(dataset.splitId) + " has no validation photos"));
        result.classNames = dataset.classNames;
        auto plain = featureCacheFor(params.projectDir, *info, "none");
        auto views = featureCacheFor(params.projectDir, *info, config.augmentation);
        if (!plain) return fail(plain.error());
        if (!views) return fail(views.error());
        FeatureSet* train = &features->train;
        if (config.augmentation != "none" && config.augmentViews > 0) {
            if (auto s = appendViews(*views, dataset.train, config.augmentViews, *train); !s) return fail(s.error());
        }
        phase("training");
        auto outcome = trainHead(*train, features->val, int(dataset.classNames.size()), trainParams, callbacks, params.control);
        if (!outcome) return fail(outcome.error());
        result.outcome = std::move(*outcome);
        bundle.weightsDigest = plain->key().weightsDigest;
        bundle.preprocessKey = plain->key().preprocessKey;
        bundle.embeddingDim = info->embeddingDim;
        bundle.head = result.outcome.head.config();
        if (auto s = saveHead(result.outcome.head, bundle.headPath()); !s) return fail(s.error());
        probabilities = [&, cache = *plain](const DatasetPart& part) { return headProbabilities(result.outcome.head, cache, part); };
    }
    if (!epochError.empty()) return fail(makeError(ErrorCode::Database, epochError));
    if (params.resumeRunId)
        if (auto s = storeMissingEpochs(store, result.runId, result.outcome.history); !s) return fail(s.error());

    phase("evaluating");
    std::vector<PredictionRow> rows;
    for (Part which : {Part::Val, Part::Test}) {
        const DatasetPart& part = dataset.part(which);
        if (part.size() == 0) continue;
        auto probs = probabilities(part);
        if (!probs) return fail(probs.error());
        auto evaluation = evaluateProbabilities(*probs, part, partName(which), dataset.classNames, result.runDir);
        if (!evaluation) return fail(evaluation.error());
        auto partRows = predictionRows(part, which, *probs, dataset.classNames);
        rows.insert(rows.end(), partRows.begin(), partRows.end());
        result.evaluations.push_back(std::move(*evaluation));
    }
    if (auto s = store.savePredictions(result.runId, rows); !s) return fail(s.error());
    bundle.classNames = dataset.classNames;
    if (auto s = writeModelBundle(bundle); !s) return fail(s.error());
    result.modelDir = bundle.dir;

    nlohmann::json summary = result.toJson();
    summary.erase("history");
    if (auto s = store.finishRun(result.runId, summary.dump(), bundle.dir); !s) return s.error();
    return result;
}

Result<PartEvaluation> evaluateRun(const std::string& projectDir, std::int64_t runId, const std::string& part, const std::string& modelsDir) {
    auto store = ProjectStore::open(projectDir);
    if (!store) return store.error();
    auto run = (*store)->run(runId);
    if (!run) return run.error();
    if (run->modelPath.empty()) return makeError(ErrorCode::InvalidArgument, "run " + std::to_string(runId) + " has no model yet (status: " + runStatusName(run->status) + ")");
    auto bundle = readModelBundle(run->modelPath);
    if (!bundle) return bundle.error();
    auto config = RunConfig::fromJson(nlohmann::json::parse(run->configJson, nullptr, false));
    if (!config) return config.error();
    const Part which = partFromName(part);
    if (which == Part::Unassigned) return makeError(ErrorCode::InvalidArgument, "part must be train, val or test, not \"" + part + "\"");
    auto dataset = loadProjectDataset(**store, config->splitId);
    if (!dataset) return dataset.error();
    if (dataset->classNames != bundle->classNames)
        return makeError(ErrorCode::InvalidArgument, "the project's classes changed since run " + std::to_string(runId) + " (relabelled to a new family?); train a new run");
    const DatasetPart& rows = dataset->part(which);
    if (rows.size() == 0) return makeError(ErrorCode::InvalidArgument, "split has no " + part + " photos");
    const std::string runDir = runDirectory(projectDir, runId);
    if (bundle->kind == ModelBundle::kImageKind) {
        auto model = loadImageModel(bundle->imageModelPath(), modelsDir);
        if (!model) return model.error();
        auto probs = model->predictProbabilities(rows.paths);
        if (!probs) return probs.error();
        return evaluateProbabilities(*probs, rows, part, dataset->classNames, runDir);
    }
    auto info = findBackbone(bundle->backboneId, modelsDir.empty() ? defaultModelsDir() : modelsDir);
    if (!info) return info.error();
    auto cache = featureCacheFor(projectDir, *info, "none");
    if (!cache) return cache.error();
    auto head = loadHead(bundle->headPath(), "cpu");
    if (!head) return head.error();
    // Missing embeddings (new photos since the run) are extracted first.
    ExtractParams extract;
    extract.projectDir = projectDir;
    extract.backboneId = bundle->backboneId;
    extract.modelsDir = modelsDir;
    extract.splitId = config->splitId;
    auto extracted = extractFeatures(extract);
    if (!extracted) return extracted.error();
    auto probs = headProbabilities(*head, *cache, rows);
    if (!probs) return probs.error();
    return evaluateProbabilities(*probs, rows, part, dataset->classNames, runDir);
}

}  // namespace taxo
