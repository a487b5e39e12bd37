#include "core/models/scratch_cnn.h"

namespace taxo {

namespace nn = torch::nn;

namespace {

int64_t convOut(int64_t in) { return (in - 3) / 2 + 1; }  // 3x3, stride 2, no padding

nn::Sequential convBlock(int64_t in, int64_t out) {
    auto conv = [](int64_t i, int64_t o) { return nn::Conv2d(nn::Conv2dOptions(i, o, 3).padding(1).bias(false)); };
    return nn::Sequential(conv(in, out), nn::BatchNorm2d(out), nn::ReLU(), conv(out, out), nn::BatchNorm2d(out), nn::ReLU(),
                          nn::MaxPool2d(nn::MaxPool2dOptions(2)));
}

}  // namespace

SequentialBaseline::SequentialBaseline(int64_t numClasses, int64_t inputSize) {
    conv1_ = register_module("conv1", nn::Conv2d(nn::Conv2dOptions(3, 32, 3).stride(2)));
    conv2_ = register_module("conv2", nn::Conv2d(nn::Conv2dOptions(32, 64, 3).stride(2)));
    conv3_ = register_module("conv3", nn::Conv2d(nn::Conv2dOptions(64, 128, 3).stride(2)));
    const int64_t side = convOut(convOut(convOut(inputSize)));
    fc_ = register_module("fc", nn::Linear(128 * side * side, numClasses));
}

torch::Tensor SequentialBaseline::features(torch::Tensor x) {
    x = torch::relu(conv1_->forward(x));
    x = torch::relu(conv2_->forward(x));
    x = torch::relu(conv3_->forward(x));
    return x.flatten(1);
}

torch::Tensor SequentialBaseline::forward(torch::Tensor x) { return fc_->forward(features(x)); }

TwoBlockCnn::TwoBlockCnn(int64_t numClasses, double dropout) {
    block1_ = register_module("block1", convBlock(3, 32));
    block2_ = register_module("block2", convBlock(32, 64));
    dense_ = register_module("dense", nn::Linear(64, 256));
    dropout_ = register_module("dropout", nn::Dropout(dropout));
    out_ = register_module("out", nn::Linear(256, numClasses));
}

torch::Tensor TwoBlockCnn::features(torch::Tensor x) {
    return block2_->forward(block1_->forward(x)).mean({2, 3});
}

torch::Tensor TwoBlockCnn::forward(torch::Tensor x) {
    return out_->forward(dropout_->forward(torch::relu(dense_->forward(features(x)))));
}

Result<std::shared_ptr<ScratchCnn>> makeScratchCnn(const std::string& id, int64_t numClasses) {
    if (numClasses < 2) return makeError(ErrorCode::InvalidArgument, "scratch CNN '" + id + "': needs at least 2 classes");
    if (id == "scratch_sequential") return std::shared_ptr<ScratchCnn>(std::make_shared<SequentialBaseline>(numClasses));
    if (id == "scratch_cnn2") return std::shared_ptr<ScratchCnn>(std::make_shared<TwoBlockCnn>(numClasses));
    return makeError(ErrorCode::InvalidArgument, "unknown scratch CNN '" + id + "' (known: scratch_sequential, scratch_cnn2)");
}

}  // namespace taxo
