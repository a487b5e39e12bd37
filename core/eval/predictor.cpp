#include "core/eval/predictor.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <thread>

#include "core/common/atomic_file.h"
#include "core/data/csv.h"
#include "core/data/folder_import.h"
#include "core/data/image_io.h"
#include "core/data/preprocess.h"
#include "core/models/backbone_net.h"
#include "core/train/compute_setup.h"
#include "core/train/image_trainer.h"
#include "core/train/trained_head_impl.h"

namespace taxo {

namespace {

// One photo runs on one intra-op thread. MobileNetV2 on a single 224x224 image gains little from a second core, and
// when the cores are busy (a training run in the same app, other programs) OpenMP's barriers make every layer wait
// for a descheduled thread: classifying one 12 MP JPEG on the shared 2-core machine took p50 231 ms and 54 ms of CPU
// with 1 thread against 3,299 ms and 768 ms of CPU with 2 (bench/cases/interactive.sh). The setting is the calling
// thread's (OpenMP's nthreads ICV) and is restored afterwards.
class OneThreadForOnePhoto {
public:
    explicit OneThreadForOnePhoto(std::size_t photos) : saved_(photos == 1 ? torch::get_num_threads() : 0) {
        if (saved_ > 1) torch::set_num_threads(1);
    }
    ~OneThreadForOnePhoto() {
        if (saved_ > 1) torch::set_num_threads(saved_);
    }
    OneThreadForOnePhoto(const OneThreadForOnePhoto&) = delete;
    OneThreadForOnePhoto& operator=(const OneThreadForOnePhoto&) = delete;

private:
    int saved_;
};

}  // namespace

struct Predictor::Impl {
    ModelBundle bundle;
    PreprocessSpec spec;
    std::shared_ptr<Backbone> backbone;
    TrainedHead head;
    std::optional<TrainedImageModel> imageModel;  // set for fine-tuned and from-scratch models
    torch::Device device{torch::kCPU};

    // rows x classes probabilities of `count` preprocessed photos in `pixels` (head models) or of `paths` (image models).
    Result<torch::Tensor> probabilities(float* pixels, const std::vector<std::string>& paths) {
        OneThreadForOnePhoto threads(paths.size());
        if (imageModel) {
            auto probs = imageModel->predictProbabilities(paths);
            if (!probs) return probs.error();
            return torch::from_blob(probs->data(), {std::int64_t(paths.size()), std::int64_t(bundle.classNames.size())}, torch::kFloat32).clone();
        }
        torch::InferenceMode guard;
        torch::Tensor input = torch::from_blob(pixels, {std::int64_t(paths.size()), 3, spec.height, spec.width}, torch::kFloat32);
        torch::Tensor embedding = backbone->embed(input.to(device));
        std::lock_guard<std::mutex> lock(head.impl()->mutex);
        return torch::softmax(headLogits(*head.impl()->module, embedding), 1).to(torch::kCPU);
    }
};

Predictor::Predictor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Predictor::~Predictor() = default;
const ModelBundle& Predictor::bundle() const { return impl_->bundle; }

Result<std::shared_ptr<Predictor>> Predictor::load(const std::string& bundleDir, const std::string& modelsDir,
                                                   const std::string& device, int threads) {
    auto bundle = readModelBundle(bundleDir);
    if (!bundle) return bundle.error();
    auto spec = PreprocessSpec::parse(bundle->preprocessKey);
    if (!spec) return makeError(ErrorCode::BadFormat, bundleDir + ": bad preprocessing \"" + bundle->preprocessKey + "\"");
    auto dev = setUpCompute(device, threads);
    if (!dev) return dev.error();
    if (bundle->kind == ModelBundle::kImageKind) {
        auto model = loadImageModel(bundle->imageModelPath(), modelsDir, dev->is_cuda() ? "cuda" : "cpu");
        if (!model) return model.error();
        if (model->numClasses() != int(bundle->classNames.size()))
            return makeError(ErrorCode::BadFormat, bundleDir + ": the model has " + std::to_string(model->numClasses()) + " classes but the bundle names " +
                                                       std::to_string(bundle->classNames.size()));
        auto impl = std::make_unique<Impl>();
        impl->bundle = std::move(*bundle);
        impl->spec = *spec;
        impl->imageModel = std::move(*model);
        impl->device = *dev;
        return std::shared_ptr<Predictor>(new Predictor(std::move(impl)));
    }
    auto backbone = loadBackbone(bundle->backboneId, modelsDir.empty() ? defaultModelsDir() : modelsDir);
    if (!backbone) return backbone.error();
    if ((*backbone)->info().embeddingDim != bundle->embeddingDim)
        return makeError(ErrorCode::BadFormat, bundleDir + ": the model expects " + std::to_string(bundle->embeddingDim) +
                                                   "-d embeddings but backbone " + bundle->backboneId + " gives " +
                                                   std::to_string((*backbone)->info().embeddingDim));
    (*backbone)->to(*dev);
    auto head = loadHead(bundle->headPath(), dev->is_cuda() ? "cuda" : "cpu");
    if (!head) return head.error();
    if (head->numClasses() != int(bundle->classNames.size()))
        return makeError(ErrorCode::BadFormat, bundleDir + ": the head has " + std::to_string(head->numClasses()) + " classes but the bundle names " +
                                                   std::to_string(bundle->classNames.size()));
    auto impl = std::make_unique<Impl>();
    impl->bundle = std::move(*bundle);
    impl->spec = *spec;
    impl->backbone = std::move(*backbone);
    impl->head = std::move(*head);
    impl->device = *dev;
    return std::shared_ptr<Predictor>(new Predictor(std::move(impl)));
}

Result<std::vector<PhotoPrediction>> Predictor::predict(const std::vector<std::string>& paths, const PredictOptions& options) {
    Impl& d = *impl_;
    std::vector<PhotoPrediction> out(paths.size());
    const std::size_t plane = std::size_t(3) * d.spec.width * d.spec.height;
    const std::size_t batchSize = std::size_t(std::max(1, options.batchSize));
    const int loaders = options.loaderThreads > 0 ? options.loaderThreads : std::max(1, int(std::thread::hardware_concurrency()));
    const int k = std::max(1, std::min<int>(options.topK, int(d.bundle.classNames.size())));
    ProgressReporter reporter(options.progress, "classifying photos", std::int64_t(paths.size()));
    std::vector<float> pixels(batchSize * plane);
    for (std::size_t begin = 0; begin < paths.size(); begin += batchSize) {
        if (options.control && !options.control->checkpoint()) return makeError(ErrorCode::Cancelled, "classification cancelled");
        const std::size_t n = std::min(batchSize, paths.size() - begin);
        std::vector<std::string> errors(n);
        std::vector<std::thread> workers;
        const int w = std::min<int>(loaders, int(n));
        for (int t = 0; t < w; ++t)
            workers.emplace_back([&, t] {
                for (std::size_t i = std::size_t(t); i < n; i += std::size_t(w)) {
                    // Image models decode for themselves; a cheap check keeps one bad photo from failing the batch.
                    Status s = d.imageModel ? verifyImage(paths[begin + i]) : loadForModelInto(paths[begin + i], d.spec, pixels.data() + i * plane);
                    if (!s) errors[i] = s.error().message;
                }
            });
        for (auto& t : workers) t.join();
        std::vector<std::size_t> ok;
        for (std::size_t i = 0; i < n; ++i) {
            out[begin + i].path = paths[begin + i];
            if (errors[i].empty()) {
                if (ok.size() != i) std::copy_n(pixels.data() + i * plane, plane, pixels.data() + ok.size() * plane);
                ok.push_back(i);
            } else {
                out[begin + i].error = errors[i];
            }
        }
        if (!ok.empty()) {
            std::vector<std::string> okPaths;
            for (std::size_t i : ok) okPaths.push_back(paths[begin + i]);
            auto probs = d.probabilities(pixels.data(), okPaths);
            if (!probs) return probs.error();
            auto [values, indices] = probs->topk(k, 1);
            for (std::size_t r = 0; r < ok.size(); ++r) {
                auto& top = out[begin + ok[r]].top;
                for (int j = 0; j < k; ++j)
                    top.push_back({d.bundle.classNames[std::size_t(indices[std::int64_t(r)][j].item<std::int64_t>())],
                                   values[std::int64_t(r)][j].item<float>()});
            }
        }
        reporter.update(std::int64_t(begin + n));
    }
    return out;
}

Result<std::vector<std::string>> photosAt(const std::string& pathOrFolder) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(pathOrFolder, ec)) return makeError(ErrorCode::NotFound, pathOrFolder + ": no such file or folder");
    if (!fs::is_directory(pathOrFolder, ec)) return std::vector<std::string>{pathOrFolder};
    std::vector<std::string> photos;
    for (auto it = fs::recursive_directory_iterator(pathOrFolder, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && isPhotoFileName(it->path().filename().string())) photos.push_back(it->path().string());
    }
    std::sort(photos.begin(), photos.end());
    return photos;
}

std::string predictionsCsv(const std::vector<PhotoPrediction>& predictions, int topK) {
    std::vector<std::string> header{"path"};
    for (int i = 1; i <= topK; ++i) {
        header.push_back("rank" + std::to_string(i));
        header.push_back("p" + std::to_string(i));
    }
    header.push_back("error");
    std::string text = csvLine(header);
    for (const auto& p : predictions) {
        std::vector<std::string> row{p.path};
        for (int i = 0; i < topK; ++i) {
            if (std::size_t(i) < p.top.size()) {
                char prob[32];
                std::snprintf(prob, sizeof prob, "%.6f", double(p.top[std::size_t(i)].probability));
                row.push_back(p.top[std::size_t(i)].label);
                row.push_back(prob);
            } else {
                row.push_back("");
                row.push_back("");
            }
        }
        row.push_back(p.error);
        text += csvLine(row);
    }
    return text;
}

Status writePredictionsCsv(const std::string& path, const std::vector<PhotoPrediction>& predictions, int topK) {
    return writeFileAtomically(path, predictionsCsv(predictions, topK));
}

}  // namespace taxo
