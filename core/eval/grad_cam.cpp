#include "core/eval/grad_cam.h"

#include <algorithm>
#include <mutex>

#include <opencv2/imgproc.hpp>

#include "core/data/image_io.h"
#include "core/eval/grad_cam_impl.h"
#include "core/models/backbone_preprocess.h"
#include "core/train/trained_head_impl.h"

namespace taxo {

namespace {

// The photo region that the network input (and so the feature grid) spans, mirroring resizeForModel.
cv::Rect2d coverageOf(int photoW, int photoH, const PreprocessSpec& spec) {
    switch (spec.resize) {
    case ResizeMode::Stretch:
        break;
    case ResizeMode::CenterCrop: {
        const double scale = std::max(double(spec.width) / photoW, double(spec.height) / photoH);
        const double w = spec.width / scale, h = spec.height / scale;
        return {(photoW - w) / 2, (photoH - h) / 2, w, h};
    }
    case ResizeMode::Letterbox: {
        const double scale = std::min(double(spec.width) / photoW, double(spec.height) / photoH);
        const double w = spec.width / scale, h = spec.height / scale;
        return {(photoW - w) / 2, (photoH - h) / 2, w, h};
    }
    }
    return {0, 0, double(photoW), double(photoH)};
}

// Eval-mode head forward with grad, restoring the module's mode.
torch::Tensor headForward(HeadImpl& module, const torch::Tensor& embedding) {
    const bool wasTraining = module.is_training();
    module.eval();
    torch::Tensor logits = module.forward(embedding);
    if (wasTraining) module.train();
    return logits;
}

}  // namespace

Result<GradCam> explain(Backbone& backbone, const TrainedHead* head, const cv::Mat& rgb, int targetClass,
                        ResizeMode resize) {
    auto spec = preprocessSpecFor(backbone.info(), resize);
    if (!spec) return spec.error();
    return explain(backbone, head, rgb, targetClass, *spec);
}

Result<GradCam> explain(Backbone& backbone, const TrainedHead* head, const cv::Mat& rgb, int targetClass,
                        const PreprocessSpec& spec) {
    const BackboneInfo& info = backbone.info();
    if (rgb.empty() || rgb.type() != CV_8UC3)
        return makeError(ErrorCode::InvalidArgument, "explain: the photo must be 8-bit RGB");
    if (!head && !backbone.hasClassifier())
        return makeError(ErrorCode::InvalidArgument, "explain: backbone " + info.id +
                                                         " has no classifier of its own; give a trained head");
    if (head && head->embeddingDim() != info.embeddingDim)
        return makeError(ErrorCode::InvalidArgument, "explain: the head reads " + std::to_string(head->embeddingDim()) +
                                                         "-value embeddings but backbone " + info.id + " gives " +
                                                         std::to_string(info.embeddingDim));
    auto backboneSpec = preprocessSpecFor(info, spec.resize);
    if (!backboneSpec) return backboneSpec.error();
    if (!(*backboneSpec == spec))
        return makeError(ErrorCode::InvalidArgument, "explain: preprocessing " + spec.key() + " does not fit backbone " + info.id +
                                                         " (it takes " + backboneSpec->key() + ")");

    GradCam cam;
    cam.photoWidth = rgb.cols;
    cam.photoHeight = rgb.rows;
    cam.coverage = coverageOf(rgb.cols, rgb.rows, spec);
    try {
        std::vector<float> input(std::size_t(3) * std::size_t(spec.width) * std::size_t(spec.height));
        toModelInput(rgb, spec, input.data());  // exactly as Predictor (loadForModelInto) feeds the backbone
        const torch::Tensor x = torch::from_blob(input.data(), {1, 3, spec.height, spec.width}, torch::kFloat32);

        torch::AutoGradMode gradOn(true);
        backbone.train(false);  // BatchNorm statistics and dropout as in prediction
        BackboneOutputs out = backbone.forwardWithFeatures(x, true);
        if (!out.featureMap.defined() || out.featureMap.dim() != 4)
            return makeError(ErrorCode::InvalidArgument, "explain: backbone " + info.id +
                                                             " does not expose a convolutional feature map");
        torch::Tensor logits;
        if (head) {
            std::lock_guard<std::mutex> lock(head->impl()->mutex);
            logits = headForward(*head->impl()->module, out.embedding.to(head->impl()->device));
        } else {
            logits = out.logits;
        }
        const std::int64_t classes = logits.size(1);
        if (targetClass >= classes)
            return makeError(ErrorCode::InvalidArgument, "explain: class " + std::to_string(targetClass) +
                                                             " is out of range (the classifier has " +
                                                             std::to_string(classes) + " classes)");
        const torch::Tensor probs = torch::softmax(logits.detach(), 1)[0].to(torch::kCPU);
        cam.predictedClass = static_cast<int>(probs.argmax().item<std::int64_t>());
        cam.predictedProbability = probs[cam.predictedClass].item<float>();
        cam.targetClass = targetClass < 0 ? cam.predictedClass : targetClass;
        cam.targetProbability = probs[cam.targetClass].item<float>();
        if (!head && static_cast<std::size_t>(cam.targetClass) < backbone.labels().size())
            cam.targetLabel = backbone.labels()[static_cast<std::size_t>(cam.targetClass)];

        const torch::Tensor grad = torch::autograd::grad({logits[0][cam.targetClass]}, {out.featureMap})[0];
        const torch::Tensor weights = grad.mean({2, 3}, true);  // [1, C, 1, 1]: one weight per channel
        torch::Tensor map = torch::relu((weights * out.featureMap.detach()).sum(1))[0].to(torch::kCPU);
        const float peak = map.max().item<float>();
        if (peak > 0) map = map / peak;
        map = map.contiguous();
        cam.height = static_cast<int>(map.size(0));
        cam.width = static_cast<int>(map.size(1));
        cam.heat.assign(map.data_ptr<float>(), map.data_ptr<float>() + map.numel());
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::Internal, std::string("explain: ") + e.what_without_backtrace());
    }
    return cam;
}

Result<GradCam> explain(const ExplainParams& params) {
    const std::string modelsDir = params.modelsDir.empty() ? defaultModelsDir() : params.modelsDir;
    auto backbone = loadBackbone(params.backboneId, modelsDir);
    if (!backbone) return backbone.error();
    TrainedHead head;
    if (!params.headPath.empty()) {
        auto loaded = loadHead(params.headPath, params.device);
        if (!loaded) return loaded.error();
        head = *loaded;
    }
    if (params.device != "cpu") {
        auto device = resolveDevice(params.device);
        if (!device) return device.error();
        (*backbone)->to(*device);
    }
    PreprocessSpec spec;
    if (params.preprocess) {
        spec = *params.preprocess;
    } else {
        auto own = preprocessSpecFor((*backbone)->info(), params.resize);
        if (!own) return own.error();
        spec = *own;
    }
    // Decoded as prediction decodes it (reduced-size for big photos): a full-size decode fed the network a
    // differently filtered input, and could rank another class first than the run did for the same photo.
    auto rgb = decodeForModel(params.photoPath, spec);
    if (!rgb) return rgb.error();
    auto cam = explain(**backbone, head.valid() ? &head : nullptr, *rgb, params.targetClass, spec);
    if (!cam) return cam;
    // Report the photo's own size (after EXIF orientation), not the reduced decode's, for overlays on the full photo.
    if (auto info = probeImage(params.photoPath); info && info->displayWidth() > 0 && info->displayHeight() > 0) {
        const double sx = double(info->displayWidth()) / rgb->cols, sy = double(info->displayHeight()) / rgb->rows;
        cam->coverage = cv::Rect2d(cam->coverage.x * sx, cam->coverage.y * sy, cam->coverage.width * sx, cam->coverage.height * sy);
        cam->photoWidth = info->displayWidth();
        cam->photoHeight = info->displayHeight();
    }
    return cam;
}

cv::Mat heatImage(const GradCam& cam) {
    if (cam.heat.empty()) return {};
    cv::Mat heat(cam.height, cam.width, CV_32F, const_cast<float*>(cam.heat.data()));
    cv::Mat out;
    heat.convertTo(out, CV_8U, 255.0);
    return out;
}

cv::Mat overlay(const cv::Mat& rgb, const GradCam& cam, double alpha) {
    if (rgb.empty()) return {};
    cv::Mat base;
    if (rgb.type() == CV_8UC3) base = rgb;
    else if (rgb.type() == CV_8UC1) cv::cvtColor(rgb, base, cv::COLOR_GRAY2RGB);
    else return {};
    if (cam.heat.empty() || cam.width <= 0 || cam.height <= 0) return base.clone();

    // Feature cell centres map to the centres of their coverage cells (half-pixel convention of cv::resize).
    const double fx = cam.photoWidth > 0 ? double(base.cols) / cam.photoWidth : 1.0;
    const double fy = cam.photoHeight > 0 ? double(base.rows) / cam.photoHeight : 1.0;
    const double sx = cam.coverage.width * fx / cam.width, sy = cam.coverage.height * fy / cam.height;
    const double tx = cam.coverage.x * fx + 0.5 * sx - 0.5, ty = cam.coverage.y * fy + 0.5 * sy - 0.5;
    const cv::Mat m = (cv::Mat_<double>(2, 3) << sx, 0, tx, 0, sy, ty);
    const cv::Mat heat(cam.height, cam.width, CV_32F, const_cast<float*>(cam.heat.data()));
    cv::Mat big, heat8, colourBgr, colour, out;
    cv::warpAffine(heat, big, m, base.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    big.convertTo(heat8, CV_8U, 255.0);
    cv::applyColorMap(heat8, colourBgr, cv::COLORMAP_JET);  // OpenCV colour maps are BGR
    cv::cvtColor(colourBgr, colour, cv::COLOR_BGR2RGB);
    const double a = std::clamp(alpha, 0.0, 1.0);
    cv::addWeighted(colour, a, base, 1.0 - a, 0.0, out);
    return out;
}

}  // namespace taxo
