// End-to-end training on photos: a backbone whose last blocks may be unfrozen plus one of the study's heads, or a
// from-scratch CNN. Photos are decoded, resized, augmented and normalised on loader threads while the previous batch
// trains; everything random is a function of (seed, epoch, position), so a resumed run continues bit for bit.
#include "core/models/backbone_preprocess.h"
#include "core/train/image_trainer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <mutex>
#include <thread>

#include <ATen/CPUGeneratorImpl.h>

#include "core/common/content_hash.h"
#include "core/data/augment.h"
#include "core/data/image_io.h"
#include "core/data/preprocess.h"
#include "core/models/backbone.h"
#include "core/models/backbone_net.h"
#include "core/models/heads.h"
#include "core/models/scratch_cnn.h"
#include "core/train/compute_setup.h"
#include "core/train/train_loop.h"
#include "core/train/trained_head_impl.h"

namespace taxo {

using namespace trainloop;

namespace {

constexpr int kModelFileFormat = 1;
constexpr int kDefaultScratchInput = 224;

using State = std::vector<std::pair<std::string, torch::Tensor>>;


// ---- input pipeline -------------------------------------------------------------------------------------------

struct InputPipeline {
    PreprocessSpec spec;
    AugmentParams augment;  // identity for validation and prediction
};

std::string modelsDirOf(const std::string& dir) { return dir.empty() ? defaultModelsDir() : dir; }

Result<InputPipeline> pipelineFor(const ImageTrainParams& p) {
    InputPipeline pipe;
    auto aug = AugmentParams::preset(p.augmentation);
    if (!aug) return aug.error();
    pipe.augment = *aug;
    pipe.spec.resize = ResizeMode::Stretch;  // as the study's image_dataset_from_directory
    if (!p.scratchModel.empty()) {
        pipe.spec.width = pipe.spec.height = p.scratchInputSize > 0 ? p.scratchInputSize : kDefaultScratchInput;
        pipe.spec.norm = Normalization::ZeroToOne;
        return pipe;
    }
    auto info = findBackbone(p.backboneId, modelsDirOf(p.modelsDir));
    if (!info) return info.error();
    auto spec = preprocessSpecFor(*info);
    if (!spec) return spec.error();
    pipe.spec = *spec;
    return pipe;
}

std::size_t planeFloats(const PreprocessSpec& s) { return std::size_t(3) * std::size_t(s.width) * std::size_t(s.height); }

// Decodes samples[order[i]] for i in [from, to) into out (CHW per photo) on `threads` threads. augmentSeed is used
// only when the pipeline augments: photo i gets mix(augmentSeed, i, order[i]). The error of the lowest failing
// position is returned, so the message does not depend on thread timing.
Status loadInto(const std::vector<ImageSample>& samples, const std::vector<std::int64_t>& order, std::int64_t from,
                std::int64_t to, const InputPipeline& pipe, std::uint64_t augmentSeed, int threads, float* out) {
    const std::size_t plane = planeFloats(pipe.spec);
    const bool augmenting = !pipe.augment.isIdentity();
    std::atomic<std::int64_t> next{from};
    std::mutex errorMutex;
    std::int64_t errorAt = to;
    Error error{ErrorCode::Internal, ""};
    auto work = [&] {
        for (std::int64_t i = next++; i < to; i = next++) {
            const auto index = order[static_cast<std::size_t>(i)];
            const ImageSample& s = samples[static_cast<std::size_t>(index)];
            auto decoded = decodeForModel(s.path, pipe.spec);  // as prediction and Grad-CAM decode it
            if (!decoded) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (i < errorAt) {
                    errorAt = i;
                    error = decoded.error();
                }
                continue;
            }
            // Keras applies its augmentation layers to the resized batch; so do we (and it is cheaper).
            cv::Mat resized = resizeForModel(*decoded, pipe.spec);
            if (augmenting)
                resized = augment(resized, pipe.augment, mix(augmentSeed, static_cast<std::uint64_t>(i), static_cast<std::uint64_t>(index)));
            toPlanarFloat(resized, pipe.spec.norm, out + static_cast<std::size_t>(i - from) * plane);
        }
    };
    const int n = static_cast<int>(std::min<std::int64_t>(resolveThreadCount(threads), to - from));
    if (n <= 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (int t = 0; t < n; ++t) pool.emplace_back(work);
        for (auto& t : pool) t.join();
    }
    if (errorAt < to) return error;
    return {};
}

std::vector<std::int64_t> identityOrder(std::size_t n) {
    std::vector<std::int64_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = static_cast<std::int64_t>(i);
    return order;
}

std::uint64_t epochAugmentSeed(std::uint64_t seed, int epoch) { return mix(seed, static_cast<std::uint64_t>(epoch), 3); }

torch::Tensor batchTensor(std::vector<float>& values, const PreprocessSpec& spec, const torch::Device& device) {
    const auto n = static_cast<std::int64_t>(values.size() / planeFloats(spec));
    auto cpu = torch::from_blob(values.data(), {n, 3, spec.height, spec.width}, torch::kFloat32);
    return device.is_cpu() ? cpu.clone() : cpu.to(device);
}

// ---- the network ----------------------------------------------------------------------------------------------

// Backbone + head, or a scratch CNN, with the bookkeeping training, checkpoints and model files need.
struct ImageNetwork {
    std::shared_ptr<Backbone> backbone;
    int unfrozen = 0;
    Head head{nullptr};
    std::shared_ptr<ScratchCnn> scratch;

    bool isScratch() const { return scratch != nullptr; }

    torch::Tensor forward(const torch::Tensor& x) {
        if (scratch) return scratch->forward(x);
        torch::Tensor embedding;
        if (unfrozen == 0) {
            // A frozen backbone needs no graph: this saves the memory and time of recording one.
            torch::NoGradGuard noGrad;
            embedding = backbone->forwardWithFeatures(x, false).embedding;
        } else {
            embedding = backbone->forwardWithFeatures(x, false).embedding;
        }
        return head->forward(embedding);
    }

    std::vector<L2Term> l2Terms() const { return head ? head->l2Terms() : std::vector<L2Term>{}; }

    torch::Device device() const {
        if (scratch) {
            auto params = scratch->parameters();
            return params.empty() ? torch::Device(torch::kCPU) : params.front().device();
        }
        return backbone->device();
    }

    void to(const torch::Device& d) {
        if (scratch) {
            scratch->to(d);
            return;
        }
        backbone->to(d);
        head->to(d);
    }

    void setTraining(bool on) {
        if (scratch) {
            scratch->train(on);
            return;
        }
        head->train(on);
        // Modes are per backbone, not per block: frozen blocks must stay in inference mode (Keras), so the backbone
        // trains only when every block is unfrozen. The MobileNets have folded batch norm and no dropout, so for
        // them this changes nothing.
        backbone->train(on && unfrozen > 0 && unfrozen >= backbone->blockCount());
    }

    std::vector<torch::Tensor> ownParameters() { return scratch ? scratch->parameters() : head->parameters(); }
    std::vector<torch::Tensor> backboneParameters() {
        return scratch ? std::vector<torch::Tensor>{} : backbone->trainableParameters();
    }

    // Everything that training can change, by name.
    State state() {
        torch::NoGradGuard noGrad;
        if (scratch) return snapshotState(*scratch);
        // Someone holding the backbone may have changed which blocks train; what the model owns is its own N.
        backbone->setTrainableBlocks(unfrozen);
        State s;
        const auto bb = backbone->trainableParameters();
        for (std::size_t i = 0; i < bb.size(); ++i) s.emplace_back("backbone." + std::to_string(i), bb[i].detach().clone());
        for (auto& [name, t] : snapshotState(*head)) s.emplace_back("head." + name, t);
        return s;
    }

    Status setState(const State& s, const std::string& where) {
        torch::NoGradGuard noGrad;
        std::map<std::string, torch::Tensor> byName(s.begin(), s.end());
        auto take = [&](const std::string& name, torch::Tensor& target) -> Status {
            auto it = byName.find(name);
            if (it == byName.end()) return makeError(ErrorCode::BadFormat, where + ": weights for '" + name + "' are missing");
            if (it->second.sizes() != target.sizes())
                return makeError(ErrorCode::BadFormat, where + ": weights for '" + name + "' have the wrong shape");
            target.copy_(it->second);
            return {};
        };
        auto module = [&](torch::nn::Module& m, const std::string& prefix) -> Status {
            for (auto& p : m.named_parameters())
                if (auto st = take(prefix + p.key(), p.value()); !st) return st;
            for (auto& b : m.named_buffers())
                if (auto st = take(prefix + b.key(), b.value()); !st) return st;
            return {};
        };
        if (scratch) return module(*scratch, "");
        backbone->setTrainableBlocks(unfrozen);
        auto bb = backbone->trainableParameters();
        std::size_t stored = 0;
        for (const auto& entry : s) stored += entry.first.rfind("backbone.", 0) == 0;
        if (stored != bb.size())
            return makeError(ErrorCode::BadFormat, where + ": holds " + std::to_string(stored) + " backbone tensors, the model has " +
                                                       std::to_string(bb.size()) + " trainable ones");
        for (std::size_t i = 0; i < bb.size(); ++i)
            if (auto st = take("backbone." + std::to_string(i), bb[i]); !st) return st;
        return module(*head, "head.");
    }
};

// Named tensors in an archive: names as one JSON string, tensors under t0, t1, ... (archive keys must be plain).
void writeState(torch::serialize::OutputArchive& archive, const std::string& key, const State& state) {
    torch::serialize::OutputArchive sub;
    auto names = nlohmann::json::array();
    for (std::size_t i = 0; i < state.size(); ++i) {
        names.push_back(state[i].first);
        sub.write("t" + std::to_string(i), state[i].second);
    }
    sub.write("names", c10::IValue(names.dump()));
    archive.write(key, sub);
}

State readState(torch::serialize::InputArchive& archive, const std::string& key) {
    torch::serialize::InputArchive sub;
    archive.read(key, sub);
    c10::IValue namesValue;
    sub.read("names", namesValue);
    const auto names = nlohmann::json::parse(namesValue.toStringRef());
    State state;
    for (std::size_t i = 0; i < names.size(); ++i) {
        torch::Tensor t;
        sub.read("t" + std::to_string(i), t);
        state.emplace_back(names[i].get<std::string>(), t);
    }
    return state;
}

// What a model file must record to rebuild the network.
struct NetworkDescription {
    std::string scratchModel;  // empty for backbone + head
    int scratchInputSize = kDefaultScratchInput;
    std::string backboneId;
    int unfreezeBlocks = 0;
    HeadConfig head;
    int numClasses = 0;
    std::string preprocessKey;

    nlohmann::json toJson() const {
        return {{"scratchModel", scratchModel}, {"scratchInputSize", scratchInputSize}, {"backboneId", backboneId},
                {"unfreezeBlocks", unfreezeBlocks}, {"head", taxo::toJson(head)}, {"numClasses", numClasses},
                {"preprocess", preprocessKey}};
    }
};

Result<std::shared_ptr<ScratchCnn>> makeScratch(const std::string& id, int numClasses, int inputSize) {
    // The sequential baseline's dense layer depends on the input size; makeScratchCnn assumes 224.
    if (id == "scratch_sequential" && inputSize != kDefaultScratchInput) {
        if (numClasses < 2) return makeError(ErrorCode::InvalidArgument, "scratch CNN '" + id + "': needs at least 2 classes");
        return std::shared_ptr<ScratchCnn>(std::make_shared<SequentialBaseline>(numClasses, inputSize));
    }
    return makeScratchCnn(id, numClasses);
}

// Builds the network on the CPU with seeded initial weights (head: its own generator; scratch CNNs: the process-wide
// one, which their layers draw from, seeded only when seedScratch so that loading a model leaves it alone).
Result<ImageNetwork> buildNetwork(const NetworkDescription& d, const std::string& modelsDir, std::uint64_t initSeed,
                                  bool seedScratch) {
    ImageNetwork net;
    if (!d.scratchModel.empty()) {
        if (seedScratch) torch::manual_seed(initSeed);
        auto cnn = makeScratch(d.scratchModel, d.numClasses, d.scratchInputSize);
        if (!cnn) return cnn.error();
        net.scratch = *cnn;
        return net;
    }
    auto backbone = loadBackbone(d.backboneId, modelsDirOf(modelsDir));
    if (!backbone) return backbone.error();
    net.backbone = *backbone;
    const int blocks = net.backbone->blockCount();
    if (d.unfreezeBlocks > blocks)
        return makeError(ErrorCode::InvalidArgument, "backbone '" + d.backboneId + "' has " + std::to_string(blocks) +
                                                         " blocks; cannot unfreeze " + std::to_string(d.unfreezeBlocks));
    net.unfrozen = d.unfreezeBlocks;
    net.backbone->setTrainableBlocks(d.unfreezeBlocks);
    const int dim = net.backbone->info().embeddingDim;
    if (dim <= 0) return makeError(ErrorCode::BadFormat, "backbone '" + d.backboneId + "': unknown embedding size");
    HeadConfig config = d.head;
    config.kind = canonicalHeadKind(config.kind);
    auto gen = at::detail::createCPUGenerator(initSeed);
    net.head = Head(config, dim, d.numClasses, gen);
    return net;
}

NetworkDescription describe(const ImageTrainParams& p, int numClasses, const InputPipeline& pipe) {
    NetworkDescription d;
    d.scratchModel = p.scratchModel;
    d.scratchInputSize = p.scratchInputSize > 0 ? p.scratchInputSize : kDefaultScratchInput;
    d.backboneId = p.scratchModel.empty() ? p.backboneId : std::string();
    d.unfreezeBlocks = p.scratchModel.empty() ? p.unfreezeBlocks : 0;
    d.head = p.base.head;
    d.numClasses = numClasses;
    d.preprocessKey = pipe.spec.key();
    return d;
}

Status validateSamples(const std::vector<ImageSample>& samples, int numClasses, const std::string& name) {
    if (samples.empty()) return makeError(ErrorCode::InvalidArgument, name + ": no photos given");
    for (std::size_t i = 0; i < samples.size(); ++i) {
        if (samples[i].label < 0 || samples[i].label >= numClasses)
            return makeError(ErrorCode::InvalidArgument, name + ": photo " + samples[i].path + " has label " +
                                                             std::to_string(samples[i].label) + ", outside 0.." +
                                                             std::to_string(numClasses - 1));
        if (samples[i].path.empty()) return makeError(ErrorCode::InvalidArgument, name + ": photo " + std::to_string(i) + " has no path");
    }
    return {};
}

std::string fingerprint(const std::vector<ImageSample>& train, const std::vector<ImageSample>& val, int numClasses,
                        const ImageTrainParams& p) {
    auto j = toJson(p);
    // precision: always fp32 here, and absent from checkpoints written before it existed.
    for (const char* k : {"epochs", "threads", "device", "checkpointDir", "resume", "precision"}) j["base"].erase(k);
    for (const char* k : {"modelsDir", "loaderThreads"}) j.erase(k);
    j["numClasses"] = numClasses;
    auto listHash = [](const std::vector<ImageSample>& s) {
        std::string bytes;
        for (const auto& x : s) bytes += x.path + '\n' + std::to_string(x.label) + '\n';
        return hashBytes(bytes.data(), bytes.size());
    };
    j["train"] = listHash(train);
    j["val"] = listHash(val);
    return j.dump();
}

Status saveCheckpoint(const std::string& dir, const std::string& print, const LoopState& s, ImageNetwork& net,
                      const State& best, torch::optim::AdamW& optimizer) {
    return saveCheckpointFile(dir, imageCheckpointPath(dir), print, s, [&](torch::serialize::OutputArchive& archive) {
        torch::serialize::OutputArchive o;
        writeState(archive, "model", net.state());
        writeState(archive, "best", best);
        optimizer.save(o);
        archive.write("optimizer", o);
    });
}

// Returns false (no error) when there is no checkpoint to resume.
Result<bool> loadCheckpoint(const std::string& dir, const std::string& print, const torch::Device& device, LoopState& s,
                            ImageNetwork& net, State& best, torch::optim::AdamW& optimizer) {
    const std::string path = imageCheckpointPath(dir);
    return loadCheckpointFile(path, print, device, "image training checkpoint", "photos", s,
                              [&](torch::serialize::InputArchive& archive) -> Status {
                                  if (auto st = net.setState(readState(archive, "model"), path); !st) return st;
                                  best = readState(archive, "best");
                                  torch::serialize::InputArchive o;
                                  archive.read("optimizer", o);
                                  optimizer.load(o);
                                  return {};
                              });
}

torch::optim::AdamWOptions optionsFor(double lr, double wd) {
    // Keras' AdamW: decoupled decay on every variable, epsilon 1e-7.
    return torch::optim::AdamWOptions(lr).weight_decay(wd).eps(1e-7);
}

}  // namespace

// ---- the trained model ----------------------------------------------------------------------------------------

struct TrainedImageModel::Impl {
    Impl(ImageNetwork n, NetworkDescription d, InputPipeline p, torch::Device dev)
        : net(std::move(n)), description(std::move(d)), pipeline(std::move(p)), device(dev) {}
    ImageNetwork net;
    NetworkDescription description;
    InputPipeline pipeline;  // augmentation off
    torch::Device device;
    std::mutex mutex;  // forward passes share the modules
};

TrainedImageModel::TrainedImageModel() = default;
TrainedImageModel::~TrainedImageModel() = default;
TrainedImageModel::TrainedImageModel(const TrainedImageModel&) = default;
TrainedImageModel& TrainedImageModel::operator=(const TrainedImageModel&) = default;
TrainedImageModel::TrainedImageModel(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

bool TrainedImageModel::valid() const { return impl_ != nullptr; }
int TrainedImageModel::numClasses() const { return impl_ ? impl_->description.numClasses : 0; }
std::string TrainedImageModel::kind() const { return impl_ ? (impl_->net.isScratch() ? "scratch" : "backbone") : ""; }
std::string TrainedImageModel::modelName() const {
    if (!impl_) return {};
    return impl_->net.isScratch() ? impl_->description.scratchModel : impl_->description.backboneId;
}
std::string TrainedImageModel::preprocessKey() const { return impl_ ? impl_->pipeline.spec.key() : ""; }

namespace {

// Eval-mode logits of samples, batch by batch (loading the next batch while the current one runs).
Result<torch::Tensor> evalLogits(ImageNetwork& net, const std::vector<ImageSample>& samples, const InputPipeline& pipe,
                                 int batchSize, int threads, const torch::Device& device, JobControl* control) {
    torch::NoGradGuard noGrad;
    net.setTraining(false);
    const auto order = identityOrder(samples.size());
    const auto ranges = batchRanges(static_cast<std::int64_t>(samples.size()), batchSize);
    auto launch = [&](std::size_t b) {
        return std::async(std::launch::async, [&, b]() -> Result<std::vector<float>> {
            std::vector<float> values(static_cast<std::size_t>(ranges[b].second - ranges[b].first) * planeFloats(pipe.spec));
            if (auto st = loadInto(samples, order, ranges[b].first, ranges[b].second, pipe, 0, threads, values.data()); !st)
                return st.error();
            return values;
        });
    };
    std::vector<torch::Tensor> parts;
    auto pending = launch(0);
    for (std::size_t b = 0; b < ranges.size(); ++b) {
        auto values = pending.get();
        if (b + 1 < ranges.size()) pending = launch(b + 1);
        if (!values) return values.error();
        if (control && !control->checkpoint()) return makeError(ErrorCode::Cancelled, "cancelled");
        parts.push_back(net.forward(batchTensor(*values, pipe.spec, device)));
    }
    return torch::cat(parts, 0);
}

}  // namespace

Result<std::vector<float>> TrainedImageModel::predictProbabilities(const std::vector<std::string>& paths, int batchSize,
                                                                   int threads) const {
    if (!impl_) return makeError(ErrorCode::InvalidArgument, "predict: the model is empty (not trained or loaded)");
    if (paths.empty()) return std::vector<float>{};
    if (batchSize < 1) return makeError(ErrorCode::InvalidArgument, "predict: batch size must be at least 1");
    std::vector<ImageSample> samples;
    for (const auto& p : paths) samples.push_back({p, 0});
    std::lock_guard<std::mutex> lock(impl_->mutex);
    try {
        auto logits = evalLogits(impl_->net, samples, impl_->pipeline, batchSize, threads, impl_->device, nullptr);
        if (!logits) return logits.error();
        return toHost(torch::softmax(*logits, 1));
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, std::string("predict: ") + e.what_without_backtrace());
    }
}

Status saveImageModel(const TrainedImageModel& model, const std::string& path) {
    if (!model.valid()) return makeError(ErrorCode::InvalidArgument, path + ": cannot save an empty model");
    std::lock_guard<std::mutex> lock(model.impl()->mutex);
    return saveModelFile(path, "taxoscope_image_model", model.impl()->description.toJson(), kModelFileFormat, "image model",
                         [&](torch::serialize::OutputArchive& archive) {
                             writeState(archive, "weights", model.impl()->net.state());
                         });
}

Status saveImageModel(const ImageTrainOutcome& outcome, const std::string& path) { return saveImageModel(outcome.model, path); }

Result<TrainedImageModel> loadImageModel(const std::string& path, const std::string& modelsDir, const std::string& deviceName) {
    auto device = resolveDevice(deviceName);
    if (!device) return device.error();
    try {
        torch::serialize::InputArchive archive;
        auto meta = openModelFile(path, "taxoscope_image_model", kModelFileFormat, torch::Device(torch::kCPU),
                                  "image model file", archive);
        if (!meta) return meta.error();
        NetworkDescription d;
        d.scratchModel = meta->at("scratchModel").get<std::string>();
        d.scratchInputSize = meta->at("scratchInputSize").get<int>();
        d.backboneId = meta->at("backboneId").get<std::string>();
        d.unfreezeBlocks = meta->at("unfreezeBlocks").get<int>();
        auto head = headConfigFromJson(meta->at("head"));
        if (!head) return makeError(ErrorCode::BadFormat, path + ": " + head.error().message);
        d.head = *head;
        d.numClasses = meta->at("numClasses").get<int>();
        d.preprocessKey = meta->at("preprocess").get<std::string>();
        if (d.numClasses < 1) return makeError(ErrorCode::BadFormat, path + ": bad class count");
        auto spec = PreprocessSpec::parse(d.preprocessKey);
        if (!spec) return makeError(ErrorCode::BadFormat, path + ": " + spec.error().message);
        auto net = buildNetwork(d, modelsDir, 0, false);
        if (!net) return net.error();
        if (auto st = net->setState(readState(archive, "weights"), path); !st) return st.error();
        net->to(*device);
        net->setTraining(false);
        InputPipeline pipe;
        pipe.spec = *spec;
        return TrainedImageModel(std::make_shared<TrainedImageModel::Impl>(std::move(*net), d, pipe, *device));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::BadFormat, path + ": cannot read the image model: " + e.what());
    }
}

Result<std::vector<float>> loadTrainingBatch(const std::vector<ImageSample>& samples, const std::vector<std::int64_t>& order,
                                             std::int64_t from, std::int64_t to, int epoch, const ImageTrainParams& params) {
    if (from < 0 || to < from || to > static_cast<std::int64_t>(order.size()))
        return makeError(ErrorCode::InvalidArgument, "training batch: range outside the sample order");
    for (std::int64_t i = from; i < to; ++i)
        if (order[static_cast<std::size_t>(i)] < 0 || order[static_cast<std::size_t>(i)] >= static_cast<std::int64_t>(samples.size()))
            return makeError(ErrorCode::InvalidArgument, "training batch: sample index out of range");
    auto pipe = pipelineFor(params);
    if (!pipe) return pipe.error();
    std::vector<float> values(static_cast<std::size_t>(to - from) * planeFloats(pipe->spec));
    if (auto st = loadInto(samples, order, from, to, *pipe, epochAugmentSeed(params.base.seed, epoch), params.loaderThreads,
                           values.data());
        !st)
        return st.error();
    return values;
}

// ---- training -------------------------------------------------------------------------------------------------

Result<ImageTrainOutcome> trainOnImages(const std::vector<ImageSample>& train, const std::vector<ImageSample>& val,
                                        int numClasses, const ImageTrainParams& params, const TrainCallbacks& callbacks,
                                        JobControl* control) {
    if (numClasses < 1) return makeError(ErrorCode::InvalidArgument, "training: the class count must be positive");
    if (auto s = validateImageTrainParams(params); !s) return s.error();
    if (auto s = validateSamples(train, numClasses, "training photos"); !s) return s.error();
    if (auto s = validateSamples(val, numClasses, "validation photos"); !s) return s.error();
    if (train.size() < 2) return makeError(ErrorCode::InvalidArgument, "training photos: batch norm needs at least 2 photos");
    const TrainParams& base = params.base;
    auto device = resolveDevice(base.device);
    if (!device) return device.error();
    auto pipe = pipelineFor(params);
    if (!pipe) return pipe.error();
    InputPipeline valPipe = *pipe;
    valPipe.augment = AugmentParams{};

    // epochSampleOrder and the class weights read only the labels.
    FeatureSet labelsOnly;
    labelsOnly.rows = static_cast<std::int64_t>(train.size());
    for (const auto& s : train) labelsOnly.labels.push_back(s.label);
    std::vector<std::int32_t> valLabels;
    for (const auto& s : val) valLabels.push_back(s.label);
    auto weights = classWeightsFor(labelsOnly.labels, numClasses, base.classWeights, base.effectiveBeta);
    if (!weights) return weights.error();

    if (auto compute = setUpCompute(base.device, base.threads); !compute) return compute.error();
    try {
        const auto description = describe(params, numClasses, *pipe);
        auto built = buildNetwork(description, params.modelsDir, mix(base.seed, 0, 0), true);
        if (!built) return built.error();
        ImageNetwork net = std::move(*built);
        net.to(*device);
        auto dropoutGen = at::detail::createCPUGenerator(0);
        if (net.head) net.head->setDropoutGenerator(&dropoutGen);

        std::vector<torch::optim::OptimizerParamGroup> groups;
        groups.emplace_back(net.ownParameters(), std::make_unique<torch::optim::AdamWOptions>(
                                                     optionsFor(base.learningRate, base.weightDecay)));
        const auto backboneParams = net.backboneParameters();
        if (!backboneParams.empty())
            groups.emplace_back(backboneParams, std::make_unique<torch::optim::AdamWOptions>(
                                                    optionsFor(params.backboneLearningRate, base.weightDecay)));
        torch::optim::AdamW optimizer(std::move(groups), optionsFor(base.learningRate, base.weightDecay));

        const auto classWeight = torch::tensor(std::vector<float>(weights->begin(), weights->end()), torch::kFloat32).to(*device);
        const std::string print = base.checkpointDir.empty() ? std::string() : fingerprint(train, val, numClasses, params);
        LoopState state;
        State best = net.state();
        bool resumed = false;
        if (base.resume) {
            auto loaded = loadCheckpoint(base.checkpointDir, print, *device, state, net, best, optimizer);
            if (!loaded) return loaded.error();
            resumed = *loaded;
        }
        const auto ranges = batchRanges(labelsOnly.rows, base.batchSize);
        ProgressReporter progress(callbacks.progress, "training on photos",
                                  static_cast<std::int64_t>(ranges.size()) * base.epochs);
        const std::size_t plane = planeFloats(pipe->spec);

        for (int epoch = state.epochsDone + 1; epoch <= base.epochs && !state.stoppedEarly; ++epoch) {
            const auto start = std::chrono::steady_clock::now();
            const auto order = epochSampleOrder(labelsOnly, numClasses, base, epoch);
            const std::uint64_t augmentSeed = epochAugmentSeed(base.seed, epoch);
            dropoutGen.set_current_seed(mix(base.seed, static_cast<std::uint64_t>(epoch), 2));
            // Scratch CNNs use torch::nn::Dropout, which draws from the process-wide generator: seeding it per epoch
            // keeps resume exact as long as no other job draws from it meanwhile.
            if (net.isScratch()) torch::manual_seed(mix(base.seed, static_cast<std::uint64_t>(epoch), 2));
            net.setTraining(true);

            auto launch = [&](std::size_t b) {
                return std::async(std::launch::async, [&, b]() -> Result<std::vector<float>> {
                    std::vector<float> values(static_cast<std::size_t>(ranges[b].second - ranges[b].first) * plane);
                    if (auto st = loadInto(train, order, ranges[b].first, ranges[b].second, *pipe, augmentSeed,
                                           params.loaderThreads, values.data());
                        !st)
                        return st.error();
                    return values;
                });
            };

            EpochAccumulator seen;
            auto pending = launch(0);
            for (std::size_t b = 0; b < ranges.size(); ++b) {
                auto values = pending.get();
                if (b + 1 < ranges.size()) pending = launch(b + 1);
                if (!values) return values.error();
                if (control && !control->checkpoint())
                    return makeError(ErrorCode::Cancelled, "training cancelled in epoch " + std::to_string(epoch));
                const auto [from, to] = ranges[b];
                std::vector<std::int32_t> labels;
                for (std::int64_t i = from; i < to; ++i) labels.push_back(train[static_cast<std::size_t>(order[static_cast<std::size_t>(i)])].label);
                const auto yb = torch::tensor(std::vector<std::int64_t>(labels.begin(), labels.end()), torch::kInt64).to(*device);
                const auto logits = net.forward(batchTensor(*values, pipe->spec, *device));
                auto value = trainStep(optimizer, logits, yb, classWeight, net.l2Terms(), base.labelSmoothing, epoch,
                                       b + 1, "a learning rate too high?");
                if (!value) return value.error();
                seen.add(*value, logits, labels);
                if (callbacks.onBatch) callbacks.onBatch(epoch, static_cast<int>(b + 1), *value);
                progress.update(static_cast<std::int64_t>((epoch - 1) * ranges.size() + b + 1),
                                "epoch " + std::to_string(epoch) + " of " + std::to_string(base.epochs));
            }

            EpochRecord record;
            record.epoch = epoch;
            record.train = seen.metrics(numClasses);
            {
                auto logits = evalLogits(net, val, valPipe, base.batchSize, params.loaderThreads, *device, control);
                if (!logits) {
                    if (logits.error().code == ErrorCode::Cancelled)
                        return makeError(ErrorCode::Cancelled, "training cancelled in epoch " + std::to_string(epoch));
                    return logits.error();
                }
                torch::NoGradGuard noGrad;
                auto valMetrics = validationMetrics(*logits, valLabels, net.l2Terms(), base.labelSmoothing, numClasses, epoch, "");
                if (!valMetrics) return valMetrics.error();
                record.val = *valMetrics;
            }
            record.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            if (state.record(record, base)) best = net.state();
            if (!base.checkpointDir.empty())
                if (auto s = saveCheckpoint(base.checkpointDir, print, state, net, best, optimizer); !s) return s.error();
            if (callbacks.onEpoch) callbacks.onEpoch(epoch, record.train, record.val);
        }

        if (auto s = net.setState(best, "best weights"); !s) return s.error();
        if (net.head) net.head->setDropoutGenerator(nullptr);
        net.setTraining(false);
        ImageTrainOutcome outcome;
        outcome.history = state.history;
        outcome.bestEpoch = state.bestEpoch;
        outcome.bestScore = state.bestScore;
        outcome.stoppedEarly = state.stoppedEarly;
        outcome.resumed = resumed;
        valPipe.augment = AugmentParams{};
        outcome.model = TrainedImageModel(std::make_shared<TrainedImageModel::Impl>(std::move(net), description, valPipe, *device));
        progress.finish();
        return outcome;
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, std::string("training on photos: ") + e.what_without_backtrace());
    }
}

}  // namespace taxo

#include "core/train/image_model_impl.h"

namespace taxo {

std::shared_ptr<Backbone> trainedBackbone(const TrainedImageModel& model) {
    return model.valid() ? model.impl()->net.backbone : nullptr;
}

}  // namespace taxo
