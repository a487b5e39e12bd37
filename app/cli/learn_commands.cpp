// extract, train, evaluate, predict, search, runs.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "core/common/atomic_file.h"
#include "core/eval/predictor.h"
#include "core/eval/species_suggestions.h"
#include "core/models/backbone.h"
#include "core/store/project_store.h"
#include "core/train/extract_job.h"
#include "core/train/project_features.h"
#include "core/train/random_search.h"
#include "core/train/run_job.h"
#include "interrupt.h"

namespace taxo::cli {
namespace {

std::string fmt(const char* format, double a) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, a);
    return buf;
}

std::string epochLine(int epoch, int epochs, const EpochMetrics& t, const EpochMetrics& v) {
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "epoch %d/%d  train loss %.4f acc %.3f macro-F1 %.3f top-5 %.3f | val loss %.4f acc %.3f macro-F1 %.3f top-5 %.3f",
                  epoch, epochs, t.loss, t.accuracy, t.macroF1, t.top5, v.loss, v.accuracy, v.macroF1, v.top5);
    return buf;
}

// Options shared by train and search: what the head is trained with.
struct TrainOptions {
    std::string configPath, backbone = "mobilenet_v2_imagenet", head = "full", monitor = "val_macro_f1", classWeights = "none";
    std::string augmentation = "none", device = "auto", name, precision = "fp32";
    int batch = 32, epochs = 13, patience = 3, augmentViews = 0;
    double lr = 1e-4, weightDecay = 3e-4, labelSmoothing = 0;
    bool balancedSampler = false;
    std::uint64_t seed = 42;
    std::int64_t splitId = 0;
    int unfreeze = 0;
    double backboneLr = 1e-5;
    std::string scratch;
};

void addTrainOptions(CLI::App* cmd, TrainOptions& o) {
    cmd->add_option("--config", o.configPath, "A run.json (as written in runs/<id>/config.json); other options override it");
    cmd->add_option("--backbone", o.backbone, "Backbone id (see `taxoscope-cli backbones`)")->capture_default_str();
    cmd->add_option("--head", o.head, "mini | dropout | mid | full (the study's Table 4)")->capture_default_str();
    cmd->add_option("--batch", o.batch, "Batch size")->capture_default_str();
    cmd->add_option("--epochs", o.epochs, "Most epochs")->capture_default_str();
    cmd->add_option("--lr", o.lr, "AdamW learning rate")->capture_default_str();
    cmd->add_option("--weight-decay", o.weightDecay, "AdamW weight decay")->capture_default_str();
    cmd->add_option("--patience", o.patience, "Early stopping patience (0: off)")->capture_default_str();
    cmd->add_option("--monitor", o.monitor, "val_macro_f1 | val_accuracy | val_top5 | val_loss")->capture_default_str();
    cmd->add_option("--class-weights", o.classWeights, "none | inverse | effective")->capture_default_str();
    cmd->add_flag("--balanced-sampler", o.balancedSampler, "Draw classes evenly each epoch");
    cmd->add_option("--label-smoothing", o.labelSmoothing, "0..1")->capture_default_str();
    cmd->add_option("--augmentation", o.augmentation, "none | light | medium | strong (cached augmented views)")->capture_default_str();
    cmd->add_option("--augment-views", o.augmentViews, "Augmented views per training photo")->capture_default_str();
    cmd->add_option("--seed", o.seed, "Random seed")->capture_default_str();
    cmd->add_option("--device", o.device, "auto | cpu | cuda")->capture_default_str();
    cmd->add_option("--precision", o.precision,
                    "fp32 | bf16 (head training: bfloat16 matrix products on the CPU, float32 weights and metrics)")
        ->capture_default_str();
    cmd->add_option("--split-id", o.splitId, "Split to use (default: the active one)");
    cmd->add_option("--name", o.name, "Name of the run");
}

void addEndToEndOptions(CLI::App* cmd, TrainOptions& o) {
    cmd->add_option("--unfreeze", o.unfreeze, "Fine-tune the backbone's last N blocks end to end on the photos (0: frozen, cached embeddings)")->capture_default_str();
    cmd->add_option("--backbone-lr", o.backboneLr, "Learning rate of the unfrozen blocks")->capture_default_str();
    cmd->add_option("--scratch", o.scratch, "Train a from-scratch CNN instead: scratch_sequential | scratch_cnn2");
}

Result<RunConfig> buildConfig(const CLI::App* cmd, const TrainOptions& o, int threads) {
    RunConfig c;
    if (!o.configPath.empty()) {
        auto text = readWholeFile(o.configPath, 1 << 20);
        if (!text) return text.error();
        auto json = nlohmann::json::parse(*text, nullptr, false);
        if (json.is_discarded()) return makeError(ErrorCode::BadFormat, o.configPath + ": not valid JSON");
        auto parsed = RunConfig::fromJson(json);
        if (!parsed) return makeError(ErrorCode::BadFormat, o.configPath + ": " + parsed.error().message);
        c = *parsed;
    }
    auto set = [&](const char* option) { return o.configPath.empty() || cmd->count(option) > 0; };
    if (set("--backbone")) c.backboneId = o.backbone;
    if (set("--head")) {
        HeadConfig head = HeadConfig::forKind(o.head);
        auto checked = headConfigFromJson(toJson(head));
        if (!checked) return checked.error();
        c.train.head = *checked;
    }
    if (set("--batch")) c.train.batchSize = o.batch;
    if (set("--epochs")) c.train.epochs = o.epochs;
    if (set("--lr")) c.train.learningRate = o.lr;
    if (set("--weight-decay")) c.train.weightDecay = o.weightDecay;
    if (set("--patience")) c.train.patience = o.patience;
    if (set("--monitor")) c.train.monitor = o.monitor;
    if (set("--class-weights")) c.train.classWeights = o.classWeights;
    if (set("--balanced-sampler")) c.train.balancedSampler = o.balancedSampler;
    if (set("--label-smoothing")) c.train.labelSmoothing = o.labelSmoothing;
    if (set("--seed")) c.train.seed = o.seed;
    if (set("--device")) c.train.device = o.device;
    if (set("--precision")) c.train.precision = o.precision;
    if (set("--augmentation")) c.augmentation = o.augmentation;
    if (set("--augment-views")) c.augmentViews = o.augmentViews;
    if (cmd->count("--split-id")) c.splitId = o.splitId;
    if (cmd->count("--name")) c.name = o.name;
    if (cmd->get_option_no_throw("--unfreeze") && set("--unfreeze")) c.unfreezeBlocks = o.unfreeze;
    if (cmd->get_option_no_throw("--backbone-lr") && set("--backbone-lr")) c.backboneLearningRate = o.backboneLr;
    if (cmd->get_option_no_throw("--scratch") && set("--scratch")) c.scratchModel = o.scratch;
    if (threads > 0) c.train.threads = threads;
    if (auto s = validateTrainParams(c.train); !s) return s.error();
    return c;
}

void printEvaluation(std::ostringstream& out, const PartEvaluation& e) {
    out << e.part << ": accuracy " << fmt("%.4f", e.report.accuracy) << ", macro-F1 " << fmt("%.4f", e.report.macroF1)
        << ", weighted-F1 " << fmt("%.4f", e.report.weightedF1) << ", top-5 " << fmt("%.4f", e.report.topKAccuracy) << " ("
        << e.report.rows << " photos)\n";
}

}  // namespace

void registerLearnCommands(CLI::App& app, Context& ctx, int& exitCode) {
    static JobControl control;
    static std::string project, modelsDir, backbone = "mobilenet_v2_imagenet", device = "auto", augmentation = "none";
    static int batch = 32, views = 0;

    auto* backbones = app.add_subcommand("backbones", "List the pretrained backbones and whether their files are installed");
    backbones->add_option("--models", modelsDir, "Folder of model files (default: $TAXOSCOPE_MODELS or ./models)");
    backbones->callback([&] {
        const auto list = knownBackbones(modelsDir.empty() ? defaultModelsDir() : modelsDir);
        nlohmann::json json = nlohmann::json::array();
        std::string text;
        for (const auto& b : list) {
            json.push_back({{"id", b.id}, {"name", b.displayName}, {"embedding_dim", b.embeddingDim}, {"installed", b.installed}, {"file", b.modelFile}});
            text += b.id + "  " + std::to_string(b.embeddingDim) + "-d  " + (b.installed ? "installed" : "missing: " + b.modelFile) + "  " + b.displayName + "\n";
        }
        ctx.emit(json, text);
    });

    auto* extract = app.add_subcommand("extract", "Compute and cache backbone embeddings of the split's photos (resumable)");
    extract->add_option("--project", project, "Project folder")->required();
    extract->add_option("--backbone", backbone, "Backbone id")->capture_default_str();
    extract->add_option("--models", modelsDir, "Folder of model files");
    extract->add_option("--batch", batch, "Photos per backbone pass")->capture_default_str();
    extract->add_option("--device", device, "auto | cpu | cuda")->capture_default_str();
    extract->add_option("--augmentation", augmentation, "Preset of augmented training views to cache too")->capture_default_str();
    extract->add_option("--augment-views", views, "Augmented views per training photo")->capture_default_str();
    static std::string precision = "fp32";
    extract->add_option("--precision", precision, "fp32 | bf16 (bfloat16 autocast on CPUs with AVX-512 BF16 / AMX; cached apart from fp32)")
        ->check(CLI::IsMember({"fp32", "bf16"}))
        ->capture_default_str();
    extract->callback([&] {
        cancelOnInterrupt(control);
        ExtractParams p;
        p.projectDir = project;
        p.backboneId = backbone;
        p.modelsDir = modelsDir;
        p.batchSize = batch;
        p.device = device;
        p.threads = ctx.threads;
        p.augmentation = augmentation;
        p.augmentViews = views;
        p.precision = precision;
        p.progress = ctx.progress();
        p.control = &control;
        auto stats = extractFeatures(p);
        if (!stats) { exitCode = ctx.fail(stats.error()); return; }
        std::string text = "Embeddings: " + std::to_string(stats->computed) + " computed, " + std::to_string(stats->cached) +
                           " already cached, " + std::to_string(stats->failures.size()) + " unreadable, in " + fmt("%.1f", stats->seconds) +
                           " s\nCache: " + stats->cacheFolder + "\n";
        for (const auto& f : stats->failures) text += "  unreadable: " + f + "\n";
        ctx.emit(stats->toJson(), text);
    });

    static TrainOptions trainOptions;
    static std::int64_t resumeRun = 0;
    auto* train = app.add_subcommand("train", "Train a head on cached embeddings, evaluate it and save the model");
    train->add_option("--project", project, "Project folder")->required();
    train->add_option("--models", modelsDir, "Folder of model files");
    train->add_option("--resume", resumeRun, "Continue this interrupted run from its last checkpoint");
    addTrainOptions(train, trainOptions);
    addEndToEndOptions(train, trainOptions);
    train->callback([&, train] {
        cancelOnInterrupt(control);
        auto config = buildConfig(train, trainOptions, ctx.threads);
        if (!config) { exitCode = ctx.fail(config.error()); return; }
        RunParams p;
        p.projectDir = project;
        p.config = *config;
        p.modelsDir = modelsDir;
        if (resumeRun > 0) p.resumeRunId = resumeRun;
        p.progress = ctx.progress();
        p.control = &control;
        const bool quiet = ctx.quiet;
        const int epochs = config->train.epochs;
        p.callbacks.onPhase = [quiet](const std::string& phase) { if (!quiet) std::cerr << "== " << phase << "\n"; };
        p.callbacks.train.onEpoch = [quiet, epochs](int epoch, const EpochMetrics& t, const EpochMetrics& v) {
            if (!quiet) std::cerr << epochLine(epoch, epochs, t, v) << "\n";
        };
        p.callbacks.train.progress = [](const Progress&) {};  // epoch lines say enough
        auto result = trainRun(p);
        if (!result) { exitCode = ctx.fail(result.error()); return; }
        std::ostringstream out;
        out << "Run " << result->runId << (result->outcome.resumed ? " (resumed)" : "") << ": best epoch " << result->outcome.bestEpoch
            << " of " << result->outcome.history.size() << (result->outcome.stoppedEarly ? " (stopped early)" : "") << ", "
            << result->classNames.size() << " classes\n";
        for (const auto& e : result->evaluations) printEvaluation(out, e);
        out << "Model: " << result->modelDir << "\n";
        ctx.emit(result->toJson(), out.str());
    });

    static std::int64_t runId = 0;
    static std::string part = "test";
    static int worst = 10;
    auto* evaluate = app.add_subcommand("evaluate", "Metrics of a run's model on a part of its split (per class, confusion, worst classes)");
    evaluate->add_option("--project", project, "Project folder")->required();
    evaluate->add_option("--run", runId, "Run id")->required();
    evaluate->add_option("--part", part, "train | val | test")->capture_default_str();
    evaluate->add_option("--worst", worst, "How many worst classes to list")->capture_default_str();
    evaluate->add_option("--models", modelsDir, "Folder of model files");
    evaluate->callback([&] {
        auto e = evaluateRun(project, runId, part, modelsDir);
        if (!e) { exitCode = ctx.fail(e.error()); return; }
        auto store = ProjectStore::open(project);
        auto bundle = readModelBundle(runDirectory(project, runId) + "/model");
        const std::vector<std::string> names = bundle ? bundle->classNames : std::vector<std::string>{};
        std::ostringstream out;
        printEvaluation(out, *e);
        out << "Worst classes by F1:\n";
        for (const auto& c : worstClasses(e->report, worst))
            out << "  " << (names.empty() ? std::to_string(c.classIndex) : names[std::size_t(c.classIndex)]) << "  F1 " << fmt("%.3f", c.f1)
                << "  precision " << fmt("%.3f", c.precision) << "  recall " << fmt("%.3f", c.recall) << "  support " << c.support << "\n";
        out << "Files: " << runDirectory(project, runId) << "/eval-" << part << "/{metrics.json,per_class.csv,confusion.csv}\n";
        ctx.emit(toJson(e->report, names), out.str());
    });

    static std::string modelDir, outCsv;
    static std::vector<std::string> photos;
    static int topK = 5;
    auto* predict = app.add_subcommand("predict", "Top-k families for photos or folders, on screen or as CSV");
    predict->add_option("photos", photos, "Photos or folders")->required();
    predict->add_option("--model", modelDir, "A model folder (runs/<id>/model)");
    predict->add_option("--project", project, "With --run: the project holding the run");
    predict->add_option("--run", runId, "With --project: use this run's model");
    predict->add_option("--top", topK, "How many families per photo")->capture_default_str();
    predict->add_option("--out", outCsv, "Write path,rank1,p1,... to this CSV");
    predict->add_option("--models", modelsDir, "Folder of backbone files");
    predict->add_option("--device", device, "auto | cpu | cuda")->capture_default_str();
    static std::vector<std::string> suggesters;
    predict->add_option("--suggest", suggesters, "Also list species from a pretrained classifier: mobilenet_v2_inat_bird, mobilenet_v2_inat_insect");
    predict->callback([&] {
        cancelOnInterrupt(control);
        std::vector<std::shared_ptr<SpeciesSuggester>> suggesterModels;
        for (const auto& id : suggesters) {
            auto s = SpeciesSuggester::load(id, modelsDir);
            if (!s) { exitCode = ctx.fail(s.error()); return; }
            suggesterModels.push_back(*s);
        }
        std::string bundleDir = modelDir;
        if (bundleDir.empty()) {
            if (project.empty() || runId <= 0) { exitCode = ctx.fail(kUsage, "predict needs --model DIR, or --project P with --run N"); return; }
            bundleDir = runDirectory(project, runId) + "/model";
        }
        std::vector<std::string> paths;
        for (const auto& p : photos) {
            auto found = photosAt(p);
            if (!found) { exitCode = ctx.fail(found.error()); return; }
            paths.insert(paths.end(), found->begin(), found->end());
        }
        auto predictor = Predictor::load(bundleDir, modelsDir, device, ctx.threads);
        if (!predictor) { exitCode = ctx.fail(predictor.error()); return; }
        PredictOptions options;
        options.topK = topK;
        options.progress = paths.size() > 1 ? ctx.progress() : ProgressFn{};
        options.control = &control;
        auto predictions = (*predictor)->predict(paths, options);
        if (!predictions) { exitCode = ctx.fail(predictions.error()); return; }
        if (!outCsv.empty()) {
            if (auto s = writePredictionsCsv(outCsv, *predictions, topK); !s) { exitCode = ctx.fail(s.error()); return; }
        }
        nlohmann::json json = nlohmann::json::array();
        std::ostringstream out;
        int failed = 0;
        for (const auto& p : *predictions) {
            nlohmann::json top = nlohmann::json::array();
            for (const auto& t : p.top) top.push_back({{"label", t.label}, {"p", t.probability}});
            json.push_back({{"path", p.path}, {"top", top}, {"error", p.error}});
            out << p.path << "\n";
            if (!p.error.empty()) { out << "  error: " << p.error << "\n"; ++failed; }
            for (const auto& t : p.top) out << "  " << fmt("%6.2f%%", 100.0 * t.probability) << "  " << t.label << "\n";
            for (std::size_t m = 0; m < suggesterModels.size() && p.error.empty(); ++m) {
                auto species = suggesterModels[m]->suggest(p.path, 3);
                if (!species) continue;
                nlohmann::json list = nlohmann::json::array();
                out << "  suggestions (" << suggesters[m] << "):";
                for (const auto& sp : *species) {
                    list.push_back({{"label", sp.label}, {"p", sp.probability}});
                    out << "  " << sp.label << " " << fmt("%.0f%%", 100.0 * sp.probability);
                }
                out << "\n";
                json.back()["suggestions"][suggesters[m]] = list;
            }
        }
        if (!outCsv.empty()) out << "Wrote " << predictions->size() << " rows to " << outCsv << "\n";
        ctx.emit(json, out.str());
        if (failed > 0 && failed == int(predictions->size())) exitCode = kBadInput;
    });

    static TrainOptions searchOptions;
    static int trials = 20, parallelTrials = 0;
    static std::string searchOut;
    auto* search = app.add_subcommand("search", "Random search over the full head's units, dropouts, L2, learning rate and weight decay");
    search->add_option("--project", project, "Project folder")->required();
    search->add_option("--trials", trials, "Number of trials")->capture_default_str();
    search->add_option("--parallel-trials", parallelTrials,
                       "Trials trained at once, each on its share of --threads (0: one per core; 1: one after another)")
        ->capture_default_str()->check(CLI::NonNegativeNumber);
    search->add_option("--out", searchOut, "Write the results table as CSV");
    search->add_option("--models", modelsDir, "Folder of model files");
    addTrainOptions(search, searchOptions);
    search->callback([&, search] {
        cancelOnInterrupt(control);
        auto config = buildConfig(search, searchOptions, ctx.threads);
        if (!config) { exitCode = ctx.fail(config.error()); return; }
        ExtractParams e;
        e.projectDir = project;
        e.backboneId = config->backboneId;
        e.modelsDir = modelsDir;
        e.splitId = config->splitId;
        e.device = config->train.device;
        e.threads = ctx.threads;
        e.progress = ctx.progress();
        e.control = &control;
        auto features = loadProjectFeatures(e);
        if (!features) { exitCode = ctx.fail(features.error()); return; }
        SearchParams sp;
        sp.base = config->train;
        sp.trials = trials;
        sp.parallelTrials = parallelTrials;
        sp.seed = config->train.seed;
        SearchCallbacks callbacks;
        const bool quiet = ctx.quiet;
        callbacks.onTrial = [quiet](const TrialResult& t) {
            if (quiet) return;
            std::cerr << "trial " << t.trialId << ": val macro-F1 " << fmt("%.4f", t.valMacroF1) << "  dense " << t.head.dense1 << "/" << t.head.dense2
                      << "  dropout " << t.head.dropout1 << "/" << t.head.dropout2 << "  lr " << t.learningRate << "  wd " << t.weightDecay
                      << (t.error.empty() ? "" : "  error: " + t.error) << "\n";
        };
        callbacks.progress = ctx.progress();
        auto outcome = randomSearch(features->train, features->val, int(features->dataset.classNames.size()), sp, callbacks, &control);
        if (!outcome) { exitCode = ctx.fail(outcome.error()); return; }
        if (!searchOut.empty()) {
            if (auto s = writeFileAtomically(searchOut, toCsv(*outcome)); !s) { exitCode = ctx.fail(s.error()); return; }
        }
        ctx.emit(toJson(*outcome), toCsv(*outcome));
    });

    static std::vector<std::int64_t> compare;
    auto* runs = app.add_subcommand("runs", "List the project's runs, or compare two");
    runs->add_option("--project", project, "Project folder")->required();
    runs->add_option("--compare", compare, "Two run ids to compare")->expected(2);
    runs->callback([&] {
        auto store = ProjectStore::open(project);
        if (!store) { exitCode = ctx.fail(store.error()); return; }
        auto list = (*store)->listRuns();
        if (!list) { exitCode = ctx.fail(list.error()); return; }
        nlohmann::json json = nlohmann::json::array();
        std::ostringstream out;
        auto metric = [](const nlohmann::json& result, const char* part, const char* key) -> double {
            if (result.contains("evaluation") && result["evaluation"].contains(part)) return result["evaluation"][part].value(key, 0.0);
            return -1;
        };
        char line[256];
        std::snprintf(line, sizeof line, "%4s  %-10s  %-36s  %8s  %8s  %8s\n", "id", "status", "name", "val F1", "test F1", "test acc");
        out << line;
        for (const auto& r : *list) {
            if (!compare.empty() && r.id != compare[0] && r.id != compare[1]) continue;
            const auto result = nlohmann::json::parse(r.resultJson.empty() ? "{}" : r.resultJson, nullptr, false);
            json.push_back({{"id", r.id}, {"name", r.name}, {"status", runStatusName(r.status)}, {"created_at", r.createdAt},
                            {"config", nlohmann::json::parse(r.configJson, nullptr, false)}, {"result", result}});
            std::snprintf(line, sizeof line, "%4lld  %-10s  %-36.36s  %8.4f  %8.4f  %8.4f\n", (long long)r.id, runStatusName(r.status),
                          r.name.c_str(), metric(result, "val", "macro_f1"), metric(result, "test", "macro_f1"), metric(result, "test", "accuracy"));
            out << line;
        }
        if (compare.size() == 2 && json.size() == 2) {
            const auto& a = json[0]["result"];
            const auto& b = json[1]["result"];
            out << "Difference (run " << compare[1] << " minus run " << compare[0] << "):\n";
            for (const char* p : {"val", "test"})
                for (const char* k : {"accuracy", "macro_f1", "weighted_f1", "top5"}) {
                    const double x = metric(json[0]["id"] == compare[0] ? a : b, p, k), y = metric(json[0]["id"] == compare[0] ? b : a, p, k);
                    if (x >= 0 && y >= 0) out << "  " << p << " " << k << ": " << fmt("%+.4f", y - x) << "\n";
                }
        }
        ctx.emit(json, out.str());
    });
}

}  // namespace taxo::cli
