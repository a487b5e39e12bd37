// explain (Grad-CAM), duplicates (near-identical photos), suspects (likely label errors).
#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>
#include <iostream>
#include <sstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "commands.h"
#include "core/common/atomic_file.h"
#include "core/data/image_io.h"
#include "core/eval/grad_cam.h"
#include "core/eval/model_bundle.h"
#include "core/store/project_store.h"
#include "core/train/label_suspects.h"
#include "core/train/near_duplicates.h"
#include "core/train/project_features.h"
#include "core/train/run_job.h"
#include "interrupt.h"

namespace taxo::cli {
namespace {

std::string fixed(double v, const char* format = "%.4f") {
    char buf[32];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// All of a project's photos as one embedding matrix (train, then val, then test), with their ids and labels.
struct AllFeatures {
    std::vector<std::int64_t> ids;
    FeatureSet set;
    std::vector<std::string> classNames;
    std::map<std::int64_t, Part> parts;
};

Result<AllFeatures> allFeatures(const Context& ctx, const std::string& project, const std::string& backbone,
                                const std::string& modelsDir, JobControl& control) {
    ExtractParams e;
    e.projectDir = project;
    e.backboneId = backbone;
    e.modelsDir = modelsDir;
    e.threads = ctx.threads;
    e.progress = ctx.progress();
    e.control = &control;
    auto features = loadProjectFeatures(e);
    if (!features) return features.error();
    AllFeatures all;
    all.classNames = features->dataset.classNames;
    all.set.dim = features->train.dim;
    for (auto [which, part, set] : {std::tuple<Part, const DatasetPart*, const FeatureSet*>{Part::Train, &features->dataset.train, &features->train},
                                    {Part::Val, &features->dataset.val, &features->val},
                                    {Part::Test, &features->dataset.test, &features->test}}) {
        all.ids.insert(all.ids.end(), part->ids.begin(), part->ids.end());
        all.set.values.insert(all.set.values.end(), set->values.begin(), set->values.end());
        all.set.labels.insert(all.set.labels.end(), set->labels.begin(), set->labels.end());
        all.set.rows += set->rows;
        for (auto id : part->ids) all.parts[id] = which;
    }
    return all;
}

}  // namespace

void registerAnalysisCommands(CLI::App& app, Context& ctx, int& exitCode) {
    static JobControl control;
    static std::string project, modelsDir, backbone = "mobilenet_v2_imagenet", photo, out, headPath, target;
    static std::int64_t run = 0;

    auto* explainCmd = app.add_subcommand("explain", "Grad-CAM: where the model looked in a photo for a family");
    explainCmd->add_option("photo", photo, "A photo")->required();
    explainCmd->add_option("--out", out, "Overlay PNG to write")->required();
    explainCmd->add_option("--project", project, "With --run: explain that run's model");
    explainCmd->add_option("--run", run, "Run whose model to explain (default: the backbone's own ImageNet/iNat classifier)");
    explainCmd->add_option("--backbone", backbone, "Backbone id when no run is given")->capture_default_str();
    explainCmd->add_option("--class", target, "Family (or backbone class) to explain; default: the predicted one");
    explainCmd->add_option("--models", modelsDir, "Folder of model files");
    explainCmd->callback([&] {
        ExplainParams p;
        p.photoPath = photo;
        p.backboneId = backbone;
        p.modelsDir = modelsDir;
        std::vector<std::string> classNames;
        if (run > 0) {
            if (project.empty()) { exitCode = ctx.fail(kUsage, "--run needs --project"); return; }
            auto bundle = readModelBundle(runDirectory(project, run) + "/model");
            if (!bundle) { exitCode = ctx.fail(bundle.error()); return; }
            p.backboneId = bundle->backboneId;
            p.headPath = bundle->headPath();
            // The run's own preprocessing: its predictions and this explanation then see the same input.
            auto spec = PreprocessSpec::parse(bundle->preprocessKey);
            if (!spec) { exitCode = ctx.fail(spec.error()); return; }
            p.preprocess = *spec;
            classNames = bundle->classNames;
        }
        if (!target.empty()) {
            auto it = std::find(classNames.begin(), classNames.end(), target);
            if (it != classNames.end()) p.targetClass = int(it - classNames.begin());
            else if (!classNames.empty()) { exitCode = ctx.fail(kUsage, "\"" + target + "\" is not one of the model's families"); return; }
            else {
                try { p.targetClass = std::stoi(target); } catch (...) { exitCode = ctx.fail(kUsage, "--class: give a class index for a backbone's own classifier"); return; }
            }
        }
        auto cam = explain(p);
        if (!cam) { exitCode = ctx.fail(cam.error()); return; }
        auto rgb = decodeImage(photo);
        if (!rgb) { exitCode = ctx.fail(rgb.error()); return; }
        cv::Mat bgr;
        cv::cvtColor(overlay(*rgb, *cam, 0.45), bgr, cv::COLOR_RGB2BGR);
        if (!cv::imwrite(out, bgr)) { exitCode = ctx.fail(kIoError, out + ": cannot write the overlay"); return; }
        const std::string label = classNames.empty() ? cam->targetLabel : classNames[std::size_t(cam->targetClass)];
        ctx.emit({{"photo", photo}, {"class", label}, {"probability", cam->targetProbability}, {"overlay", out}},
                 "Explained \"" + label + "\" (p " + fixed(cam->targetProbability, "%.3f") + ") in " + photo + "\nOverlay: " + out + "\n");
    });

    static double threshold = 0.96;
    auto* dups = app.add_subcommand("duplicates", "Groups of near-identical photos by embedding similarity, and whether they straddle the split");
    dups->add_option("--project", project, "Project folder")->required();
    dups->add_option("--backbone", backbone, "Backbone id")->capture_default_str();
    dups->add_option("--threshold", threshold, "Cosine similarity at or above which photos count as duplicates")->capture_default_str();
    dups->add_option("--models", modelsDir, "Folder of model files");
    dups->callback([&] {
        cancelOnInterrupt(control);
        auto all = allFeatures(ctx, project, backbone, modelsDir, control);
        if (!all) { exitCode = ctx.fail(all.error()); return; }
        NearDuplicateParams params;
        params.threshold = threshold;
        params.threads = ctx.threads;
        auto report = findNearDuplicates(all->ids, all->set.values, all->set.dim, params, ctx.progress(), &control);
        if (!report) { exitCode = ctx.fail(report.error()); return; }
        const Straddling straddling = straddlingGroups(*report, all->parts);
        std::ostringstream text;
        text << report->pairs.size() << " near-duplicate pairs in " << report->groups.size() << " groups (cosine >= " << fixed(threshold, "%.3f")
             << "); " << straddling.groupIndices.size() << " groups (" << straddling.pairs << " pairs) straddle parts of the active split\n";
        for (const auto& pair : report->pairs)
            text << "  " << pair.a << " ~ " << pair.b << "  " << fixed(pair.similarity) << (all->parts[pair.a] != all->parts[pair.b] ? "  (different parts)" : "") << "\n";
        ctx.emit(report->toJson(&all->parts), text.str());
    });

    static int folds = 5;
    static double confidence = 0.9;
    static std::string csvOut;
    auto* suspects = app.add_subcommand("suspects", "Likely label errors: specimens whose label cross-validated predictions confidently contradict");
    suspects->add_option("--project", project, "Project folder")->required();
    suspects->add_option("--backbone", backbone, "Backbone id")->capture_default_str();
    suspects->add_option("--folds", folds, "Cross-validation folds")->capture_default_str();
    suspects->add_option("--confidence", confidence, "Probability of another family at which a label counts as contradicted")->capture_default_str();
    suspects->add_option("--out", csvOut, "Write the review list as CSV");
    suspects->add_option("--models", modelsDir, "Folder of model files");
    suspects->callback([&] {
        cancelOnInterrupt(control);
        auto all = allFeatures(ctx, project, backbone, modelsDir, control);
        if (!all) { exitCode = ctx.fail(all.error()); return; }
        LabelSuspectParams params;
        params.folds = folds;
        params.confidence = confidence;
        params.train.threads = ctx.threads;
        auto report = findLabelSuspects(all->ids, all->set, int(all->classNames.size()), params, ctx.progress(), &control);
        if (!report) { exitCode = ctx.fail(report.error()); return; }
        if (!csvOut.empty()) {
            if (auto s = writeFileAtomically(csvOut, report->toCsv(all->classNames)); !s) { exitCode = ctx.fail(s.error()); return; }
        }
        std::ostringstream text;
        text << "Out-of-fold accuracy " << fixed(report->outOfFoldAccuracy) << " over " << report->ids.size() << " specimens (" << folds << " folds)\n";
        text << report->contradicted.size() << " labels confidently contradicted (p >= " << fixed(confidence, "%.2f") << "):\n";
        auto name = [&](int c) { return all->classNames[std::size_t(c)]; };
        for (const auto& s : report->contradicted)
            text << "  specimen " << s.id << ": labelled " << name(s.givenLabel) << ", looks like " << name(s.predictedLabel) << " (p " << fixed(s.predictedProbability, "%.3f") << ")\n";
        text << "Least confident:\n";
        for (std::size_t i = 0; i < std::min<std::size_t>(10, report->leastConfident.size()); ++i) {
            const auto& s = report->leastConfident[i];
            text << "  specimen " << s.id << ": p(" << name(s.givenLabel) << ") = " << fixed(s.givenProbability, "%.3f") << ", best guess " << name(s.predictedLabel) << "\n";
        }
        ctx.emit(report->toJson(all->classNames), text.str());
    });
}

}  // namespace taxo::cli
