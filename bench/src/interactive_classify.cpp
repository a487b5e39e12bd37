// interactive_classify: the classify page's path for one photo, timed.
//   interactive_classify photo OUT.jpg [WIDTH HEIGHT]      a photo-like JPEG (quality 90), seeded
//   interactive_classify bundle DIR [CLASSES]              a 202-class ConvNextFull head bundle over mobilenet_v2_imagenet
//   interactive_classify time PHOTO BUNDLE RUNS THREADS     loads the Predictor once, then classifies PHOTO RUNS times
// `time` prints the load time, each run in ms, "p50 X p95 Y" and the median of each stage (decode, resize +
// normalise, the rest = network + top-k) so a slow figure says where it goes.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <ctime>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/common/content_hash.h"
#include "core/data/image_io.h"
#include "core/data/preprocess.h"
#include "core/eval/model_bundle.h"
#include "core/eval/predictor.h"
#include "core/models/backbone.h"
#include "core/models/backbone_preprocess.h"
#include "core/train/head_trainer.h"

using namespace taxo;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// CPU time of the whole process (all threads), ms: on a machine shared with other jobs it shows what a run costs
// when wall time mostly measures waiting for a core.
double cpuMs() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    // Nearest rank: the 95th of 20 runs is the 19th.
    const std::size_t rank = std::size_t(std::ceil(p / 100.0 * double(v.size())));
    return v[std::min(v.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// Smooth colour fields, a few soft-edged blobs (the "animal"), leaf-like strokes and sensor noise: compresses
// and decodes like a photo (about 1 bit per pixel at quality 90), unlike a flat synthetic image.
int makePhoto(const std::string& out, int width, int height) {
    std::mt19937 rng(20261129);
    std::uniform_real_distribution<float> u(0, 255);
    cv::Mat small(12, 16, CV_32FC3);
    for (int y = 0; y < small.rows; ++y)
        for (int x = 0; x < small.cols; ++x) small.at<cv::Vec3f>(y, x) = {u(rng) * 0.6f, u(rng) * 0.8f, u(rng) * 0.5f};
    cv::Mat image;
    cv::resize(small, image, cv::Size(width, height), 0, 0, cv::INTER_CUBIC);
    for (int i = 0; i < 400; ++i) {
        const cv::Point a(int(u(rng) / 255 * width), int(u(rng) / 255 * height));
        const cv::Point b = a + cv::Point(int(u(rng) - 128) * 2, int(u(rng) - 128) * 2);
        cv::line(image, a, b, cv::Scalar(u(rng) * 0.3, u(rng) * 0.7, u(rng) * 0.3), 2 + int(u(rng)) % 12, cv::LINE_AA);
    }
    for (int i = 0; i < 6; ++i)
        cv::ellipse(image, cv::Point(int(u(rng) / 255 * width), int(u(rng) / 255 * height)),
                    cv::Size(100 + int(u(rng)) * 2, 60 + int(u(rng))), u(rng), 0, 360,
                    cv::Scalar(u(rng), u(rng), u(rng)), cv::FILLED, cv::LINE_AA);
    cv::GaussianBlur(image, image, cv::Size(0, 0), 3);
    cv::Mat noise(image.size(), CV_32FC3);
    cv::randn(noise, 0, 6);
    image += noise;
    cv::Mat bgr8;
    image.convertTo(bgr8, CV_8UC3);
    if (!cv::imwrite(out, bgr8, {cv::IMWRITE_JPEG_QUALITY, 90})) {
        std::fprintf(stderr, "cannot write %s\n", out.c_str());
        return 1;
    }
    std::printf("%s: %dx%d, %.1f MB\n", out.c_str(), width, height, double(std::filesystem::file_size(out)) / 1e6);
    return 0;
}

// A head bundle as a run writes it: weights come from one epoch on random features (their values do not change
// the time), class names look like the study's (phylum_family).
int makeBundle(const std::string& dir, int classes) {
    auto info = findBackbone("mobilenet_v2_imagenet", defaultModelsDir());
    if (!info) return std::fprintf(stderr, "%s\n", info.error().message.c_str()), 1;
    auto spec = preprocessSpecFor(*info);
    auto digest = hashFile(info->modelFile);
    if (!spec || !digest) return std::fprintf(stderr, "backbone %s not installed\n", info->id.c_str()), 1;
    FeatureSet train;
    train.rows = 2 * classes;
    train.dim = info->embeddingDim;
    std::mt19937 rng(7);
    std::normal_distribution<float> n(0, 1);
    for (std::int64_t i = 0; i < train.rows * train.dim; ++i) train.values.push_back(n(rng));
    for (std::int64_t i = 0; i < train.rows; ++i) train.labels.push_back(std::int32_t(i % classes));
    TrainParams params;
    params.epochs = 1;
    params.patience = 0;
    auto outcome = trainHead(train, train, classes, params);
    if (!outcome) return std::fprintf(stderr, "%s\n", outcome.error().message.c_str()), 1;
    ModelBundle bundle;
    bundle.dir = dir;
    bundle.backboneId = info->id;
    bundle.weightsDigest = *digest;
    bundle.preprocessKey = spec->key();
    bundle.embeddingDim = info->embeddingDim;
    bundle.head = outcome->head.config();
    const char* phyla[] = {"chordata", "arthropoda", "mollusca", "cnidaria", "tracheophyta"};
    for (int c = 0; c < classes; ++c) bundle.classNames.push_back(std::string(phyla[c % 5]) + "_family" + std::to_string(c));
    std::filesystem::create_directories(dir);
    if (auto s = saveHead(outcome->head, bundle.headPath()); !s) return std::fprintf(stderr, "%s\n", s.error().message.c_str()), 1;
    if (auto s = writeModelBundle(bundle); !s) return std::fprintf(stderr, "%s\n", s.error().message.c_str()), 1;
    std::printf("bundle %s: %d classes over %s\n", dir.c_str(), classes, info->id.c_str());
    return 0;
}

int timeClassify(const std::string& photo, const std::string& bundleDir, int runs, int threads) {
    auto t0 = Clock::now();
    auto predictor = Predictor::load(bundleDir, defaultModelsDir(), "cpu", threads);
    if (!predictor) return std::fprintf(stderr, "%s\n", predictor.error().message.c_str()), 1;
    std::printf("load %.0f ms\n", msSince(t0));
    PredictOptions options;
    options.batchSize = 1;
    std::vector<double> total, cpu, decode, decodeCpu, prep;
    auto spec = PreprocessSpec::parse((*predictor)->bundle().preprocessKey).value();
    for (int i = 0; i <= runs; ++i) {  // run 0 warms caches and is not counted
        t0 = Clock::now();
        double c0 = cpuMs();
        auto result = (*predictor)->predict({photo}, options);
        const double ms = msSince(t0), cms = cpuMs() - c0;
        if (!result || !(*result)[0].error.empty())
            return std::fprintf(stderr, "%s\n", result ? (*result)[0].error.c_str() : result.error().message.c_str()), 1;
        if (i == 0) {
            std::printf("first %.1f ms, top-1 %s %.3f\n", ms, (*result)[0].top[0].label.c_str(), double((*result)[0].top[0].probability));
            continue;
        }
        total.push_back(ms);
        cpu.push_back(cms);
        // The stages alone, outside predict, as loadForModelInto runs them.
        t0 = Clock::now();
        c0 = cpuMs();
        DecodeOptions d;
        d.targetShortSide = std::max(spec.width, spec.height);
        auto mat = decodeImage(photo, d);
        decode.push_back(msSince(t0));
        decodeCpu.push_back(cpuMs() - c0);
        t0 = Clock::now();
        std::vector<float> planar(std::size_t(3) * spec.width * spec.height);
        toPlanarFloat(resizeForModel(*mat, spec), spec.norm, planar.data());
        prep.push_back(msSince(t0));
    }
    std::printf("runs ms:");
    for (double v : total) std::printf(" %.1f", v);
    std::printf("\nstages (median wall): decode %.1f ms (cpu %.1f), resize+normalise %.1f ms, network+rest %.1f ms\n",
                percentile(decode, 50), percentile(decodeCpu, 50), percentile(prep, 50),
                percentile(total, 50) - percentile(decode, 50) - percentile(prep, 50));
    std::printf("cpu ms per classify: p50 %.1f p95 %.1f\n", percentile(cpu, 50), percentile(cpu, 95));
    std::printf("p50 %.1f p95 %.1f\n", percentile(total, 50), percentile(total, 95));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    if (mode == "photo" && argc >= 3) return makePhoto(argv[2], argc > 4 ? std::atoi(argv[3]) : 4000, argc > 4 ? std::atoi(argv[4]) : 3000);
    if (mode == "bundle" && argc >= 3) return makeBundle(argv[2], argc > 3 ? std::atoi(argv[3]) : 202);
    if (mode == "time" && argc >= 6) return timeClassify(argv[2], argv[3], std::atoi(argv[4]), std::atoi(argv[5]));
    std::fprintf(stderr, "usage: interactive_classify photo OUT.jpg [W H] | bundle DIR [CLASSES] | time PHOTO BUNDLE RUNS THREADS\n");
    return 2;
}
