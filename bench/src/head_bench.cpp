// Head training on cached features through Taxoscope's real paths (trainHead, randomSearch), and the per-photo
// MobileNetV2 backbone time that the study's way (a backbone pass every epoch) pays on top.
//   head_bench head DIR EPOCHS THREADS [PRECISION]
//       one line per epoch: `epoch <n> <ms>` (trainHead, patience off), then `cpu_seconds <s>`
//   head_bench search DIR TRIALS EPOCHS THREADS [PRECISION [PARALLEL]]
//       `search_seconds <s>`, `cpu_seconds <s>`, then one line per trial
// PRECISION: fp32 (default) | bf16 (TrainParams::precision); PARALLEL: SearchParams::parallelTrials (default 1).
// TAXOSCOPE_BENCH_DEVICE: TrainParams::device for head and search (default cpu; scripts/device/cuda_check.sh sets cuda).
//   head_bench backbone MODELS_DIR THREADS       `backbone_ms_per_photo <ms>` (eval forward, batch 32, 224x224)
//   head_bench step THREADS [PRECISION [DENSE1 DENSE2]]   one training batch of a ConvNextFull head (default the
//       study's 1024/512; batch 32, random features) taken apart, median ms over 200 batches: `forward_backward`
//       (with the L2 penalty), `zero_grad`, `adamw_libtorch`, `adamw_fused`
//   head_bench bound THREADS [PRECISION]         the same for each of the search's 20 drawn trials (seed 42), then
//       `bound_seconds <s>`: 20 x 13 epochs x 337 batches of forward_backward + zero_grad + adamw_fused, on one core;
//       the floor of the search on this CPU without validation, metrics or any other overhead (bench/RESULTS.md)
// DIR holds head_features.f32 (rows x 1280 float32) and head_labels.i32 from bench/reference/head_reference.py:
// the first 10,784 rows train, the rest validate.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>

#include <sys/resource.h>

#include <torch/torch.h>

#include <ATen/CPUGeneratorImpl.h>

#include "core/models/backbone_net.h"
#include "core/models/heads.h"
#include "core/train/cpu_autocast.h"
#include "core/train/fused_adamw.h"
#include "core/train/head_trainer.h"
#include "core/train/random_search.h"

namespace {

constexpr std::int64_t kTrainRows = 10784, kDim = 1280;
constexpr int kClasses = 202;

template <typename T>
std::vector<T> readRaw(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) throw std::runtime_error(path + ": cannot open");
    const auto bytes = static_cast<std::size_t>(in.tellg());
    std::vector<T> v(bytes / sizeof(T));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(T)));
    return v;
}

void loadSets(const std::string& dir, taxo::FeatureSet& train, taxo::FeatureSet& val) {
    const auto values = readRaw<float>(dir + "/head_features.f32");
    const auto labels = readRaw<std::int32_t>(dir + "/head_labels.i32");
    const auto rows = static_cast<std::int64_t>(labels.size());
    const auto split = static_cast<std::size_t>(kTrainRows * kDim);
    train.rows = kTrainRows;
    val.rows = rows - kTrainRows;
    train.dim = val.dim = kDim;
    train.values.assign(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(split));
    val.values.assign(values.begin() + static_cast<std::ptrdiff_t>(split), values.end());
    train.labels.assign(labels.begin(), labels.begin() + kTrainRows);
    val.labels.assign(labels.begin() + kTrainRows, labels.end());
}

// CPU time of the whole process (all threads), steadier than wall time on a shared machine.
double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

taxo::TrainParams studyParams(int epochs, int threads) {
    taxo::TrainParams p;  // ConvNextFull, batch 32, AdamW 1e-4 / 3e-4: the defaults are the study's
    p.epochs = epochs;
    p.threads = threads;
    const char* device = std::getenv("TAXOSCOPE_BENCH_DEVICE");
    p.device = device && *device ? device : "cpu";
    return p;
}

int head(const std::string& dir, int epochs, int threads, const std::string& precision) {
    taxo::FeatureSet train, val;
    loadSets(dir, train, val);
    auto p = studyParams(epochs, threads);
    p.patience = 0;  // every epoch is timed
    p.precision = precision;
    const double cpu0 = cpuSeconds();
    auto out = taxo::trainHead(train, val, kClasses, p);
    const double cpu = cpuSeconds() - cpu0;
    if (!out) {
        std::cerr << out.error().message << "\n";
        return 1;
    }
    for (const auto& r : out->history)
        std::printf("epoch %d %.1f loss %.4f acc %.4f val_loss %.4f val_f1 %.4f\n", r.epoch, r.seconds * 1000, r.train.loss,
                    r.train.accuracy, r.val.loss, r.val.macroF1);
    std::printf("cpu_seconds %.2f\n", cpu);
    return 0;
}

int search(const std::string& dir, int trials, int epochs, int threads, const std::string& precision, int parallel) {
    taxo::FeatureSet train, val;
    loadSets(dir, train, val);
    taxo::SearchParams sp;
    sp.base = studyParams(epochs, threads);
    sp.base.precision = precision;
    sp.trials = trials;
    sp.parallelTrials = parallel;
    const double cpu0 = cpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    auto out = taxo::randomSearch(train, val, kClasses, sp);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!out) {
        std::cerr << out.error().message << "\n";
        return 1;
    }
    std::printf("search_seconds %.2f\n", s);
    std::printf("cpu_seconds %.2f\n", cpuSeconds() - cpu0);
    std::printf("concurrent_trials %d\n", taxo::concurrentTrials(sp));
    for (const auto& t : out->trials)
        std::printf("trial %d f1 %.4f epochs %d best %d seconds %.2f dense %d/%d\n", t.trialId, t.valMacroF1, t.epochsRun,
                    t.bestEpoch, t.seconds, t.head.dense1, t.head.dense2);
    return 0;
}

double medianOf(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct StepParts {
    double forwardBackward, zeroGrad, adamwLibtorch, adamwFused;
};

StepParts stepParts(int threads, const std::string& precision, int dense1, int dense2) {
    torch::set_num_threads(threads);
    auto p = studyParams(1, threads);
    if (dense1 > 0) p.head.dense1 = dense1;
    if (dense2 > 0) p.head.dense2 = dense2;
    auto gen = at::detail::createCPUGenerator(1);
    taxo::Head model(p.head, kDim, kClasses, gen), twin(p.head, kDim, kClasses, gen);
    model->train();
    torch::optim::AdamW libtorch(model->parameters(),
                                 torch::optim::AdamWOptions(p.learningRate).weight_decay(p.weightDecay).eps(1e-7));
    torch::optim::AdamW fused(twin->parameters(),
                              torch::optim::AdamWOptions(p.learningRate).weight_decay(p.weightDecay).eps(1e-7));
    const auto x = torch::randn({p.batchSize, kDim});
    const auto y = torch::randint(0, kClasses, {p.batchSize});
    using Clock = std::chrono::steady_clock;
    const auto ms = [](Clock::time_point a, Clock::time_point b) {
        return std::chrono::duration<double, std::milli>(b - a).count();
    };
    std::vector<double> fb, zero, lt, fu;
    for (int i = 0; i < 220; ++i) {
        const auto t0 = Clock::now();
        libtorch.zero_grad();
        const auto t1 = Clock::now();
        torch::Tensor logits;
        {
            taxo::CpuAutocast mixed(precision == "bf16");
            logits = model->forward(x);
        }
        // As trainloop::trainStep: the L2 penalty's value and gradient outside autograd.
        auto loss = torch::nn::functional::cross_entropy(logits.to(torch::kFloat32), y);
        (void)(loss.detach() + taxo::l2Value(model->l2Terms(), loss.options())).item<double>();
        loss.backward();
        taxo::addL2Gradients(model->l2Terms());
        const auto t2 = Clock::now();
        libtorch.step();
        const auto t3 = Clock::now();
        auto mp = model->parameters(), tp = twin->parameters();
        for (std::size_t k = 0; k < mp.size(); ++k) tp[k].mutable_grad() = mp[k].grad();
        const auto t4 = Clock::now();
        if (!taxo::fusedAdamWStep(fused)) throw std::runtime_error("the fused AdamW step did not run");
        const auto t5 = Clock::now();
        if (i < 20) continue;  // warm-up
        zero.push_back(ms(t0, t1));
        fb.push_back(ms(t1, t2));
        lt.push_back(ms(t2, t3));
        fu.push_back(ms(t4, t5));
    }
    return {medianOf(fb), medianOf(zero), medianOf(lt), medianOf(fu)};
}

void printParts(const StepParts& s) {
    std::printf("forward_backward %.3f zero_grad %.3f adamw_libtorch %.3f adamw_fused %.3f\n", s.forwardBackward,
                s.zeroGrad, s.adamwLibtorch, s.adamwFused);
}

int step(int threads, const std::string& precision, int dense1, int dense2) {
    printParts(stepParts(threads, precision, dense1, dense2));
    return 0;
}

int bound(int threads, const std::string& precision) {
    const taxo::SearchParams sp;
    constexpr int kEpochs = 13, kBatches = 337;  // 10,784 rows / 32
    double seconds = 0, libtorchSeconds = 0;
    for (const auto& t : taxo::drawTrials(sp.space, 20, sp.seed)) {
        const auto s = stepParts(threads, precision, t.head.dense1, t.head.dense2);
        std::printf("trial %d dense %d/%d ", t.trialId, t.head.dense1, t.head.dense2);
        printParts(s);
        seconds += kEpochs * kBatches * (s.forwardBackward + s.zeroGrad + s.adamwFused) / 1000;
        libtorchSeconds += kEpochs * kBatches * (s.forwardBackward + s.zeroGrad + s.adamwLibtorch) / 1000;
    }
    std::printf("bound_seconds %.1f (with LibTorch's AdamW step %.1f)\n", seconds, libtorchSeconds);
    return 0;
}

int backbone(const std::string& modelsDir, int threads) {
    torch::set_num_threads(threads);
    auto net = taxo::loadBackbone("mobilenet_v2_imagenet", modelsDir);
    if (!net) {
        std::cerr << net.error().message << "\n";
        return 1;
    }
    const auto x = torch::rand({32, 3, 224, 224});
    constexpr int kBatches = 3;
    (*net)->embed(x);  // warm-up
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kBatches; ++i) (*net)->embed(x);
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::printf("backbone_ms_per_photo %.2f\n", ms / (32 * kBatches));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string mode = argc > 1 ? argv[1] : "";
    try {
        if (mode == "head" && (argc == 5 || argc == 6))
            return head(argv[2], std::stoi(argv[3]), std::stoi(argv[4]), argc > 5 ? argv[5] : "fp32");
        if (mode == "search" && argc >= 6 && argc <= 8)
            return search(argv[2], std::stoi(argv[3]), std::stoi(argv[4]), std::stoi(argv[5]), argc > 6 ? argv[6] : "fp32",
                          argc > 7 ? std::stoi(argv[7]) : 1);
        if (mode == "backbone" && argc == 4) return backbone(argv[2], std::stoi(argv[3]));
        if (mode == "step" && (argc == 3 || argc == 4 || argc == 6))
            return step(std::stoi(argv[2]), argc > 3 ? argv[3] : "fp32", argc > 5 ? std::stoi(argv[4]) : 0,
                        argc > 5 ? std::stoi(argv[5]) : 0);
        if (mode == "bound" && (argc == 3 || argc == 4)) return bound(std::stoi(argv[2]), argc > 3 ? argv[3] : "fp32");
    } catch (const std::exception& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
    std::cerr << "usage: head_bench head DIR EPOCHS THREADS [PRECISION] | search DIR TRIALS EPOCHS THREADS [PRECISION [PARALLEL]] | backbone MODELS_DIR THREADS | step THREADS [PRECISION [DENSE1 DENSE2]] | bound THREADS [PRECISION]\n";
    return 2;
}
