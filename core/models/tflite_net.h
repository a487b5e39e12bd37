#pragma once
// Torch-internal (include only from core .cpp files): a float LibTorch rebuild of a parsed TFLite graph.
// Weights are dequantised once; activations run NCHW in float, so QUANTIZE / DEQUANTIZE are identities and
// the network's quantised input (uint8, scale 1/128, zero point 128) becomes a float input already mapped to [-1, 1).
//
// Blocks (for freezing / "last N blocks" fine-tuning) follow the depthwise-separable structure:
// every DEPTHWISE_CONV_2D opens a block unless its input comes from a 1x1 "expand" convolution that already did;
// a CONV_2D that reads a depthwise output (project / pointwise) and an ADD (residual) join the current block.
// MobileNetV2: block 0 = stem + first bottleneck, blocks 1..16 = inverted residuals, block 17 = the final 1x1 conv (1280).
// MobileNetV1: block 0 = stem + first depthwise-separable pair, then one block per pair (13 in all).
// Operators after the global pool (the classifier) form no block; they stay frozen by setTrainableBlocks.
#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/models/tflite_reader.h"

namespace taxo {

struct TfliteOutputs {
    torch::Tensor logits;       // [N, classes] before softmax; undefined when the graph has no classifier
    torch::Tensor embedding;    // [N, D] the globally pooled features feeding the classifier
    torch::Tensor featureMap;   // [N, C, H, W] input of the global pool (last conv block), when requested
};

class TfliteNet : public torch::nn::Module {
public:
    // Builds from a parsed model; fails with a message naming the model and operator when an op is unsupported.
    static Result<std::shared_ptr<TfliteNet>> build(const tflite::Model& model);

    // x: [N, 3, H, W] float on the module's device, normalised as the model expects ((pixel - 128) / 128 here).
    // keepFeatureMap: also return the last feature map; when the parameters are frozen and grad mode is on, the map
    // is made a leaf that requires grad so Grad-CAM can differentiate the logits with respect to it.
    // Throws c10::Error on a wrong input shape (callers in core catch it).
    TfliteOutputs forward(const torch::Tensor& x, bool keepFeatureMap = false);

    int blockCount() const { return blockCount_; }
    // Freezes everything, then lets the last n feature blocks train (n <= 0: all frozen; n >= blockCount: all blocks).
    void setTrainableBlocks(int n);
    int64_t embeddingDim() const { return embeddingDim_; }
    int64_t classCount() const { return classCount_; }
    int inputHeight() const { return inputH_; }
    int inputWidth() const { return inputW_; }

private:
    struct Step {
        int code = 0;
        std::vector<int32_t> inputs, outputs;
        tflite::OpOptions options;
        torch::Tensor weight, bias;  // registered parameters (conv / fc)
        std::vector<int64_t> targetShape;  // RESHAPE / SQUEEZE output shape as stored (NHWC), batch first
        std::vector<int64_t> axes;         // MEAN axes (NHWC)
        int block = -1;
    };
    TfliteNet() = default;
    torch::Tensor run(const Step& s, std::vector<torch::Tensor>& values) const;

    std::vector<Step> steps_;
    std::vector<int> tensorRank_;  // rank of each tensor as stored, to map NHWC axes
    std::vector<int> lastUse_;     // last step reading each tensor, so no-grad passes free activations early
    int32_t input_ = -1;
    int32_t logitsTensor_ = -1, embeddingTensor_ = -1, featureTensor_ = -1;
    int lastStep_ = -1;  // the step producing the logits (or the embedding when there is no classifier)
    int blockCount_ = 0;
    int64_t embeddingDim_ = 0, classCount_ = 0;
    int inputH_ = 0, inputW_ = 0;
};
}  // namespace taxo
