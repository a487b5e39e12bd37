// Feature extraction timed on Taxoscope's own path: bench/cases/extract.sh and bench/cases/bf16.sh.
//
//   extract_bench pipeline  --list FILES.txt [options]  decode -> preprocess -> backbone -> feature-cache writes, through
//                           runEmbeddingPipeline and FeatureCache::store as `taxoscope-cli extract` uses them; every line
//                           of the list counts as a photo of its own (the project would dedupe identical files by
//                           content hash, so each item gets a key of its own: hash of path and position)
//   extract_bench backbone  [options]                   the backbone alone on a fixed random batch
//   extract_bench compare   --list FILES.txt [options]  fp32 against bf16 embeddings of the same photos (cosine)
// Options: --models DIR (default $TAXOSCOPE_MODELS) --backbone ID --threads N --batch N --loaders N
//          --precision fp32|bf16 --planar (NCHW input instead of channels-last) --batches N (backbone mode)
// Each mode prints one machine-readable line (see the end of each function).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include <torch/torch.h>

#include "core/common/content_hash.h"
#include "core/models/backbone.h"
#include "core/models/backbone_net.h"
#include "core/models/backbone_preprocess.h"
#include "core/train/embedding_pipeline.h"
#include "core/train/feature_cache.h"

using namespace taxo;
namespace fs = std::filesystem;

namespace {

struct Args {
    std::string mode, list, models, backbone = "mobilenet_v2_imagenet", precision = "fp32";
    int threads = 0, batch = 32, loaders = 0, batches = 6;
    bool planar = false;
};

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "extract_bench: %s\n", why.c_str());
    std::exit(1);
}

Args parse(int argc, char** argv) {
    Args a;
    if (argc < 2) die("usage: extract_bench pipeline|backbone|compare [--list F] [--models D] [--threads N] ...");
    a.mode = argv[1];
    if (const char* m = std::getenv("TAXOSCOPE_MODELS")) a.models = m;
    for (int i = 2; i < argc; ++i) {
        const std::string k = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) die(k + " needs a value");
            return argv[++i];
        };
        if (k == "--list") a.list = value();
        else if (k == "--models") a.models = value();
        else if (k == "--backbone") a.backbone = value();
        else if (k == "--precision") a.precision = value();
        else if (k == "--threads") a.threads = std::stoi(value());
        else if (k == "--batch") a.batch = std::stoi(value());
        else if (k == "--loaders") a.loaders = std::stoi(value());
        else if (k == "--batches") a.batches = std::stoi(value());
        else if (k == "--planar") a.planar = true;
        else die("unknown option " + k);
    }
    if (a.threads <= 0) a.threads = std::max(1, int(std::thread::hardware_concurrency()));
    return a;
}

std::vector<std::string> readList(const std::string& path) {
    std::ifstream in(path);
    if (!in) die("cannot read the list " + path);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    if (out.empty()) die(path + ": no photos");
    return out;
}

double secondsSince(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

ComputePrecision precisionOf(const std::string& name) {
    auto p = parseComputePrecision(name);
    if (!p) die(p.error().message);
    return *p;
}

std::shared_ptr<Backbone> load(const BackboneInfo& info) {
    auto b = loadBackbone(info);
    if (!b) die(b.error().message);
    return *b;
}

// Every embedding of the list, through the same pipeline and cache writes as extractFeatures.
std::vector<float> runPipeline(const Args& a, const BackboneInfo& info, const std::vector<std::string>& paths, ComputePrecision precision,
                               const std::string& cacheDir, double* seconds) {
    const auto start = std::chrono::steady_clock::now();  // model load included, as in the CLI's figure
    auto backbone = load(info);
    auto spec = preprocessSpecFor(info);
    if (!spec) die(spec.error().message);
    FeatureCacheKey key{info.id, "bench", spec->key(), "", computePrecisionName(precision)};
    const FeatureCache cache(cacheDir, key, info.embeddingDim);
    std::vector<EmbedItem> items;
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        items.push_back({paths[i], false, 0});
        const std::string text = paths[i] + "#" + std::to_string(i);
        keys.push_back(hashBytes(text.data(), text.size()));
    }
    EmbedPipelineOptions options;
    options.spec = *spec;
    options.batchSize = a.batch;
    options.loaderThreads = a.loaders;
    options.precision = precision;
    options.channelsLast = !a.planar;
    std::vector<float> all(paths.size() * std::size_t(info.embeddingDim));
    std::size_t failures = 0;
    Status ran = runEmbeddingPipeline(
        *backbone, items, options,
        [&](const std::vector<std::size_t>& rows, const float* e, int dim) -> Status {
            for (std::size_t r = 0; r < rows.size(); ++r) {
                if (Status s = cache.store(keys[rows[r]], 0, e + r * std::size_t(dim)); !s) return s;
                std::copy(e + r * std::size_t(dim), e + (r + 1) * std::size_t(dim), all.begin() + std::ptrdiff_t(rows[r] * std::size_t(dim)));
            }
            return {};
        },
        [&](std::size_t, const std::string& why) {
            ++failures;
            std::fprintf(stderr, "unreadable: %s\n", why.c_str());
        });
    if (!ran) die(ran.error().message);
    *seconds = secondsSince(start);
    if (failures) die(std::to_string(failures) + " photos could not be read");
    return all;
}

int pipelineMode(const Args& a, const BackboneInfo& info) {
    const auto paths = readList(a.list);
    const fs::path dir = fs::temp_directory_path() / ("taxoscope-extract-bench-" + std::to_string(::getpid()));
    double seconds = 0;
    runPipeline(a, info, paths, precisionOf(a.precision), dir.string(), &seconds);
    std::error_code ec;
    fs::remove_all(dir, ec);
    std::printf("taxoscope_extract photos=%zu seconds=%.3f photos_per_s=%.2f precision=%s layout=%s\n", paths.size(), seconds,
                double(paths.size()) / seconds, a.precision.c_str(), a.planar ? "planar" : "channels-last");
    return 0;
}

int backboneMode(const Args& a, const BackboneInfo& info) {
    auto backbone = load(info);
    torch::manual_seed(0);
    torch::Tensor x = torch::rand({a.batch, 3, info.inputHeight, info.inputWidth}) * 2 - 1;
    if (!a.planar) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
    const ComputePrecision p = precisionOf(a.precision);
    embedBatch(*backbone, x, p);  // warm-up: oneDNN primitive creation
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < a.batches; ++i) embedBatch(*backbone, x, p);
    const double seconds = secondsSince(start);
    std::printf("taxoscope_backbone images=%d seconds=%.3f images_per_s=%.2f precision=%s layout=%s\n", a.batch * a.batches, seconds,
                a.batch * a.batches / seconds, a.precision.c_str(), a.planar ? "planar" : "channels-last");
    return 0;
}

int compareMode(const Args& a, const BackboneInfo& info) {
    const auto paths = readList(a.list);
    const fs::path dir = fs::temp_directory_path() / ("taxoscope-extract-bench-" + std::to_string(::getpid()));
    double s32 = 0, s16 = 0;
    const auto f32 = runPipeline(a, info, paths, ComputePrecision::Fp32, dir.string(), &s32);
    const auto b16 = runPipeline(a, info, paths, ComputePrecision::Bf16, dir.string(), &s16);
    std::error_code ec;
    fs::remove_all(dir, ec);
    const std::size_t d = std::size_t(info.embeddingDim);
    double sum = 0, minimum = 1;
    for (std::size_t i = 0; i < paths.size(); ++i) {
        double dot = 0, na = 0, nb = 0;
        for (std::size_t k = 0; k < d; ++k) {
            const double x = f32[i * d + k], y = b16[i * d + k];
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        const double c = dot / std::sqrt(na * nb + 1e-30);
        sum += c;
        minimum = std::min(minimum, c);
    }
    std::printf("taxoscope_precision photos=%zu cosine_mean=%.5f cosine_min=%.5f fp32_photos_per_s=%.2f bf16_photos_per_s=%.2f\n",
                paths.size(), sum / double(paths.size()), minimum, double(paths.size()) / s32, double(paths.size()) / s16);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const Args a = parse(argc, argv);
    if (a.models.empty()) die("no models folder: pass --models or set TAXOSCOPE_MODELS");
    torch::set_num_threads(a.threads);
    auto info = findBackbone(a.backbone, a.models);
    if (!info) die(info.error().message);
    if (a.mode == "pipeline") return pipelineMode(a, *info);
    if (a.mode == "backbone") return backboneMode(a, *info);
    if (a.mode == "compare") return compareMode(a, *info);
    die("unknown mode " + a.mode + " (pipeline, backbone or compare)");
}
