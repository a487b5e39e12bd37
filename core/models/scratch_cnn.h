#pragma once
// Torch-internal (include only from core .cpp files): the study's two from-scratch CNNs (report section 3), trained end to end.
// The report gives only their outline; the sizes below are our reading of it, chosen to stay trainable on a CPU.
// Both take [N, 3, 224, 224] float input scaled to 0..1 ("zero_to_one" normalisation) and return class logits.
#include <torch/torch.h>

#include <string>

#include "core/common/result.h"

namespace taxo {

// Common face of the from-scratch classifiers.
class ScratchCnn : public torch::nn::Module {
public:
    virtual torch::Tensor forward(torch::Tensor x) = 0;   // logits [N, classes]
    virtual torch::Tensor features(torch::Tensor x) = 0;  // the input of the classification head
};

// "Three stacked Conv2D layers" (Sequential API), no regularisation: Conv(32) -> Conv(64) -> Conv(128), each 3x3 stride 2
// with ReLU, then Flatten -> Dense(classes). Stride 2 keeps the flattened 27x27x128 features (93k) of a 224 input tractable.
class SequentialBaseline : public ScratchCnn {
public:
    SequentialBaseline(int64_t numClasses, int64_t inputSize = 224);
    torch::Tensor forward(torch::Tensor x) override;
    torch::Tensor features(torch::Tensor x) override;  // flattened conv features [N, 93312] for 224 input

private:
    torch::nn::Conv2d conv1_{nullptr}, conv2_{nullptr}, conv3_{nullptr};
    torch::nn::Linear fc_{nullptr};
};

// "Two convolutional blocks with batch normalisation and max pooling, then a dense head":
// block(c) = [Conv 3x3 same -> BatchNorm -> ReLU] x2 -> MaxPool 2x2, with c = 32 then 64;
// head = GlobalAvgPool -> Dense(256, ReLU) -> Dropout(0.5) -> Dense(classes).
class TwoBlockCnn : public ScratchCnn {
public:
    explicit TwoBlockCnn(int64_t numClasses, double dropout = 0.5);
    torch::Tensor forward(torch::Tensor x) override;
    torch::Tensor features(torch::Tensor x) override;  // [N, 64] pooled features of the second block

private:
    torch::nn::Sequential block1_{nullptr}, block2_{nullptr};
    torch::nn::Linear dense_{nullptr}, out_{nullptr};
    torch::nn::Dropout dropout_{nullptr};
};

// "scratch_sequential" or "scratch_cnn2"; InvalidArgument for anything else or numClasses < 2.
Result<std::shared_ptr<ScratchCnn>> makeScratchCnn(const std::string& id, int64_t numClasses);

}  // namespace taxo
