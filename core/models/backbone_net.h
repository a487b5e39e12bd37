#pragma once
// Torch-internal (include only from core .cpp files): a loaded backbone network.
// Inputs are float NCHW tensors already normalised as info().normalization says; outputs live on the backbone's device.
// Loading reports errors as values; the tensor methods throw c10::Error on a wrongly shaped input (a programming
// error), which core jobs catch at their boundary.
#include <torch/torch.h>

#include <memory>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/models/backbone.h"

namespace taxo {

struct BackboneOutputs {
    torch::Tensor logits;      // [N, numClasses] before softmax; undefined without a classifier
    torch::Tensor embedding;   // [N, embeddingDim]
    torch::Tensor featureMap;  // [N, C, H, W] last convolutional features, when requested (see forwardWithFeatures)
};

class Backbone {
public:
    virtual ~Backbone() = default;

    virtual const BackboneInfo& info() const = 0;
    // Pooled features, computed without grad in eval mode: [N, embeddingDim].
    virtual torch::Tensor embed(const torch::Tensor& nchwFloat) = 0;
    // Forward pass in the current train/eval mode and grad mode, for fine-tuning and Grad-CAM. With keepFeatureMap and
    // frozen parameters under grad mode, featureMap is a leaf requiring grad so d(logit)/d(featureMap) exists.
    virtual BackboneOutputs forwardWithFeatures(const torch::Tensor& nchwFloat, bool keepFeatureMap) = 0;
    // Class logits [N, numClasses] (no grad, eval mode); undefined tensor when the backbone has no classifier.
    virtual torch::Tensor classify(const torch::Tensor& nchwFloat) = 0;
    bool hasClassifier() const { return info().numClasses > 0; }
    // Class names of the built-in classifier (empty without one); index i names logit i.
    virtual const std::vector<std::string>& labels() const = 0;

    virtual void to(const torch::Device& device) = 0;
    virtual torch::Device device() const = 0;
    // Number of blocks setTrainableBlocks counts in (see tflite_net.h for how MobileNets are cut into blocks).
    virtual int blockCount() const = 0;
    // Freezes all feature parameters except those of the last n blocks (0 = fully frozen, the default after loading).
    virtual void setTrainableBlocks(int n) = 0;
    virtual std::vector<torch::Tensor> trainableParameters() = 0;
    virtual void train(bool on) = 0;
};

// Loads a known backbone from modelsDir (its file's SHA-256 is verified when the registry knows it).
Result<std::shared_ptr<Backbone>> loadBackbone(const std::string& id, const std::string& modelsDir);
Result<std::shared_ptr<Backbone>> loadBackbone(const BackboneInfo& info);
// A TorchScript backbone described by a manifest (readBackboneManifest); checks the embedding size with one pass.
Result<std::shared_ptr<Backbone>> loadTorchScriptBackbone(const BackboneInfo& info);

}  // namespace taxo
