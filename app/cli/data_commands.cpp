// import, split, info, relabel, exclude, export-labels.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.h"
#include "interrupt.h"
#include "core/store/label_export.h"
#include "core/train/extract_job.h"
#include "core/train/near_duplicates.h"
#include "core/train/project_dataset.h"
#include "core/store/project_import.h"
#include "core/store/project_split.h"
#include "core/store/project_summary.h"

namespace taxo::cli {
namespace {

Result<std::unique_ptr<ProjectStore>> openProject(const std::string& dir) {
    if (!ProjectStore::isProject(dir))
        return makeError(ErrorCode::NotFound, dir + ": not a Taxoscope project (no project.sqlite; create one with `taxoscope-cli import`)");
    return ProjectStore::open(dir);
}

struct ImportOptions {
    std::string source, project, rank, dataRoot, reportPath;
    std::size_t minClassSize = 3;
    bool unlabelled = false, noVerify = false;
};

int runImport(const Context& ctx, const ImportOptions& o, JobControl& control) {
    auto store = ProjectStore::isProject(o.project) ? ProjectStore::open(o.project) : ProjectStore::create(o.project);
    if (!store) return ctx.fail(store.error());
    ProjectImportParams p;
    p.source = o.source;
    p.dataRoot = o.dataRoot;
    p.labelRank = o.rank;
    p.minClassSize = o.minClassSize;
    p.unlabelled = o.unlabelled;
    p.verifyImages = !o.noVerify;
    p.threads = ctx.threads;
    p.progress = ctx.progress();
    p.control = &control;
    auto report = importIntoProject(**store, p);
    if (!report) return ctx.fail(report.error());
    if (!o.reportPath.empty()) {
        std::ofstream(o.reportPath) << report->toJson().dump(2) << "\n";
    }
    ctx.emit(report->toJson(), report->summaryText());
    return kOk;
}

// Groups of near-identical photos among every labelled photo of the project (embeddings extracted as needed).
Result<std::vector<std::vector<std::int64_t>>> nearDuplicateGroups(const Context& ctx, const std::string& project, const std::string& backbone,
                                                                   const std::string& modelsDir, double threshold) {
    ExtractParams e;
    e.projectDir = project;
    e.backboneId = backbone;
    e.modelsDir = modelsDir;
    e.wholeProject = true;
    e.threads = ctx.threads;
    e.progress = ctx.progress();
    auto extracted = extractFeatures(e);
    if (!extracted) return extracted.error();
    auto store = ProjectStore::open(project);
    if (!store) return store.error();
    auto photos = loadWholeProject(**store);
    if (!photos) return photos.error();
    auto info = findBackbone(backbone, modelsDir.empty() ? defaultModelsDir() : modelsDir);
    if (!info) return info.error();
    auto cache = featureCacheFor(project, *info, "none");
    if (!cache) return cache.error();
    auto features = cache->loadSet(photos->train.contentHashes, photos->train.labels);
    if (!features) return features.error();
    NearDuplicateParams params;
    params.threshold = threshold;
    params.threads = ctx.threads;
    auto report = findNearDuplicates(photos->train.ids, features->values, features->dim, params, ctx.progress());
    if (!report) return report.error();
    return report->groups;
}

}  // namespace

void registerDataCommands(CLI::App& app, Context& ctx, int& exitCode) {
    static JobControl control;
    static ImportOptions importOptions;
    auto* import = app.add_subcommand("import", "Import a metadata.csv or a folder tree (one folder per class) into a project");
    import->add_option("source", importOptions.source, "metadata.csv or folder")->required();
    import->add_option("--project", importOptions.project, "Project folder (created when missing)")->required();
    import->add_option("--rank", importOptions.rank, "Taxonomic rank(s) of the label, e.g. family or phylum_family (default)");
    import->add_option("--data-root", importOptions.dataRoot, "Folder the CSV's file_path values are relative to (default: the CSV's folder)");
    import->add_option("--min-class-size", importOptions.minClassSize, "Warn about classes with fewer photos")->capture_default_str();
    import->add_flag("--unlabelled", importOptions.unlabelled, "Folder import: every photo unlabelled");
    import->add_flag("--no-verify", importOptions.noVerify, "Skip decoding each photo (faster; corrupt files are found later)");
    import->add_option("--report", importOptions.reportPath, "Also write the import report as JSON to this file");
    import->callback([&] {
        cancelOnInterrupt(control);
        exitCode = runImport(ctx, importOptions, control);
    });

    static std::string project, fractions = "70/15/15", name;
    static std::uint64_t seed = 42;
    auto* split = app.add_subcommand("split", "Make a stratified, seeded split and make it the active one");
    split->add_option("--project", project, "Project folder")->required();
    split->add_option("--fractions", fractions, "train/val[/test] in percent, e.g. 70/15/15 or 90/10")->capture_default_str();
    split->add_option("--seed", seed, "Random seed")->capture_default_str();
    split->add_option("--name", name, "Name of the split");
    static bool nearDuplicates = false;
    static double threshold = 0.96;
    static std::string backbone = "mobilenet_v2_imagenet", modelsDir;
    split->add_flag("--near-duplicates", nearDuplicates, "Keep near-identical photos (embedding cosine >= --threshold) in one part");
    split->add_option("--threshold", threshold, "Cosine similarity for --near-duplicates")->capture_default_str();
    split->add_option("--backbone", backbone, "Backbone whose embeddings --near-duplicates compares")->capture_default_str();
    split->add_option("--models", modelsDir, "Folder of model files");
    split->callback([&] {
        auto store = openProject(project);
        if (!store) { exitCode = ctx.fail(store.error()); return; }
        auto f = parseFractions(fractions);
        if (!f) { exitCode = ctx.fail(f.error()); return; }
        SplitParams params;
        params.fractions = *f;
        params.seed = seed;
        std::size_t groupCount = 0;
        if (nearDuplicates) {
            auto groups = nearDuplicateGroups(ctx, project, backbone, modelsDir, threshold);
            if (!groups) { exitCode = ctx.fail(groups.error()); return; }
            params.groups = std::move(*groups);
            groupCount = params.groups.size();
        }
        auto result = splitProject(**store, params, name);
        if (!result) { exitCode = ctx.fail(result.error()); return; }
        const SplitResult& s = result->split;
        std::string text = "Split " + std::to_string(result->splitId) + " (" + formatFractions(s.fractions) + ", seed " +
                           std::to_string(s.seed) + "): train " + std::to_string(s.partSize(Part::Train)) + ", val " +
                           std::to_string(s.partSize(Part::Val)) + ", test " + std::to_string(s.partSize(Part::Test)) +
                           ", unassigned " + std::to_string(s.partSize(Part::Unassigned)) + "\n";
        if (nearDuplicates) text += "Near-duplicate groups kept together: " + std::to_string(groupCount) + "\n";
        for (const auto& note : s.notes) text += "  note: " + note + "\n";
        nlohmann::json json = s.toJson();
        json["split_id"] = result->splitId;
        ctx.emit(json, text);
    });

    auto* info = app.add_subcommand("info", "Counts per class and part, class imbalance");
    info->add_option("--project", project, "Project folder")->required();
    info->callback([&] {
        auto store = openProject(project);
        if (!store) { exitCode = ctx.fail(store.error()); return; }
        auto summary = summarizeProject(**store);
        if (!summary) { exitCode = ctx.fail(summary.error()); return; }
        ctx.emit(summary->toJson(), summary->text());
    });

    static std::vector<std::int64_t> ids;
    static std::string label, note;
    auto* relabel = app.add_subcommand("relabel", "Change the label of specimens (kept in the label history)");
    relabel->add_option("--project", project, "Project folder")->required();
    relabel->add_option("--id", ids, "Specimen id(s)")->required()->delimiter(',');
    relabel->add_option("--label", label, "New label, e.g. chordata_ardeidae")->required();
    relabel->add_option("--note", note, "Why (kept in the history)");
    relabel->callback([&] {
        auto store = openProject(project);
        if (!store) { exitCode = ctx.fail(store.error()); return; }
        if (auto s = (*store)->relabel(ids, label, note); !s) { exitCode = ctx.fail(s.error()); return; }
        ctx.emit({{"relabelled", ids}, {"label", label}}, "Relabelled " + std::to_string(ids.size()) + " specimen(s) as " + label + "\n");
    });

    static bool include = false;
    auto* exclude = app.add_subcommand("exclude", "Exclude specimens from training and evaluation (or --include them again)");
    exclude->add_option("--project", project, "Project folder")->required();
    exclude->add_option("--id", ids, "Specimen id(s)")->required()->delimiter(',');
    exclude->add_flag("--include", include, "Include them again");
    exclude->add_option("--note", note, "Why (kept in the history)");
    exclude->callback([&] {
        auto store = openProject(project);
        if (!store) { exitCode = ctx.fail(store.error()); return; }
        if (auto s = (*store)->setExcluded(ids, !include, note); !s) { exitCode = ctx.fail(s.error()); return; }
        ctx.emit({{include ? "included" : "excluded", ids}},
                 std::string(include ? "Included " : "Excluded ") + std::to_string(ids.size()) + " specimen(s)\n");
    });

    static std::string out;
    static bool includeExcluded = false;
    auto* exportCmd = app.add_subcommand("export-labels", "Write the current labels to a metadata.csv of the imported layout");
    exportCmd->add_option("--project", project, "Project folder")->required();
    exportCmd->add_option("--out", out, "Output CSV")->required();
    exportCmd->add_flag("--include-excluded", includeExcluded, "Keep excluded specimens, marked in an `excluded` column");
    exportCmd->callback([&] {
        auto store = openProject(project);
        if (!store) { exitCode = ctx.fail(store.error()); return; }
        LabelExportOptions options;
        options.includeExcluded = includeExcluded;
        auto written = exportLabels(**store, out, options);
        if (!written) { exitCode = ctx.fail(written.error()); return; }
        ctx.emit({{"written", out}, {"rows", *written}}, "Wrote " + std::to_string(*written) + " rows to " + out + "\n");
    });
}

}  // namespace taxo::cli
