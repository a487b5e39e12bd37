#include "core/train/trained_head_impl.h"
#include "core/train/train_loop.h"

#include <ATen/CPUGeneratorImpl.h>

namespace taxo {

using trainloop::openModelFile;
using trainloop::saveModelFile;

namespace {
constexpr int kHeadFileFormat = 1;
}

Result<torch::Device> resolveDevice(const std::string& name) {
    if (name == "cpu") return torch::Device(torch::kCPU);
    const bool cuda = torch::cuda::is_available();
    if (name == "cuda") {
        if (!cuda) return makeError(ErrorCode::InvalidArgument, "device 'cuda' requested but no CUDA device is available");
        return torch::Device(torch::kCUDA);
    }
    if (name == "auto" || name.empty()) return torch::Device(cuda ? torch::kCUDA : torch::kCPU);
    return makeError(ErrorCode::InvalidArgument, "device '" + name + "' is unknown (expected auto, cpu or cuda)");
}

torch::Tensor featuresToTensor(const FeatureSet& f, const torch::Device& device) {
    auto cpu = torch::from_blob(const_cast<float*>(f.values.data()), {f.rows, f.dim}, torch::kFloat32);
    return device.is_cpu() ? cpu.clone() : cpu.to(device);
}

torch::Tensor headLogits(HeadImpl& module, const torch::Tensor& features, std::int64_t chunk) {
    torch::NoGradGuard noGrad;
    const bool wasTraining = module.is_training();
    module.eval();
    std::vector<torch::Tensor> parts;
    for (std::int64_t start = 0; start < features.size(0); start += chunk)
        parts.push_back(module.forward(features.slice(0, start, std::min(start + chunk, features.size(0)))));
    if (wasTraining) module.train();
    return torch::cat(parts, 0);
}

TrainedHead::TrainedHead() = default;
TrainedHead::~TrainedHead() = default;
TrainedHead::TrainedHead(const TrainedHead&) = default;
TrainedHead& TrainedHead::operator=(const TrainedHead&) = default;
TrainedHead::TrainedHead(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

bool TrainedHead::valid() const { return impl_ != nullptr; }
const HeadConfig& TrainedHead::config() const { return impl_->module->config(); }
int TrainedHead::numClasses() const { return impl_->numClasses; }
std::int64_t TrainedHead::embeddingDim() const { return impl_->module->embeddingDim(); }

Result<std::vector<float>> TrainedHead::predictProbabilities(const FeatureSet& features) const {
    if (!impl_) return makeError(ErrorCode::InvalidArgument, "predict: the head is empty (not trained or loaded)");
    if (features.rows == 0) return std::vector<float>{};
    if (features.dim != embeddingDim())
        return makeError(ErrorCode::InvalidArgument, "predict: features have " + std::to_string(features.dim) +
                                                         " dims but the head expects " + std::to_string(embeddingDim()));
    if (static_cast<std::int64_t>(features.values.size()) != features.rows * features.dim)
        return makeError(ErrorCode::InvalidArgument, "predict: features hold " + std::to_string(features.values.size()) +
                                                         " values, expected rows x dim");
    std::lock_guard<std::mutex> lock(impl_->mutex);
    try {
        auto probs = torch::softmax(headLogits(*impl_->module, featuresToTensor(features, impl_->device)), 1)
                         .to(torch::kCPU)
                         .contiguous();
        const float* p = probs.data_ptr<float>();
        return std::vector<float>(p, p + probs.numel());
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, std::string("predict: ") + e.what_without_backtrace());
    }
}

Status saveHead(const TrainedHead& head, const std::string& path) {
    if (!head.valid()) return makeError(ErrorCode::InvalidArgument, path + ": cannot save an empty head");
    std::lock_guard<std::mutex> lock(head.impl()->mutex);
    const nlohmann::json meta{
        {"head", toJson(head.config())}, {"numClasses", head.numClasses()}, {"embeddingDim", head.embeddingDim()}};
    return saveModelFile(path, "taxoscope_head", meta, kHeadFileFormat, "head", [&](torch::serialize::OutputArchive& archive) {
        torch::serialize::OutputArchive weights;
        head.impl()->module->save(weights);
        archive.write("weights", weights);
    });
}

Result<TrainedHead> loadHead(const std::string& path, const std::string& deviceName) {
    auto device = resolveDevice(deviceName);
    if (!device) return device.error();
    try {
        torch::serialize::InputArchive archive;
        auto meta = openModelFile(path, "taxoscope_head", kHeadFileFormat, *device, "head file", archive);
        if (!meta) return meta.error();
        auto config = headConfigFromJson(meta->at("head"));
        if (!config) return makeError(ErrorCode::BadFormat, path + ": " + config.error().message);
        const int numClasses = meta->at("numClasses").get<int>();
        const std::int64_t dim = meta->at("embeddingDim").get<std::int64_t>();
        if (numClasses < 1 || dim < 1) return makeError(ErrorCode::BadFormat, path + ": bad class count or embedding size");
        auto gen = at::detail::createCPUGenerator(0);
        Head module(*config, dim, numClasses, gen);
        torch::serialize::InputArchive weights;
        archive.read("weights", weights);
        module->load(weights);
        module->to(*device);
        module->eval();
        return TrainedHead(std::make_shared<TrainedHead::Impl>(module, *device, numClasses));
    } catch (const std::exception& e) {
        return makeError(ErrorCode::BadFormat, path + ": cannot read the head: " + e.what());
    }
}

}  // namespace taxo
