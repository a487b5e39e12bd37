#pragma once
// Grad-CAM (Selvaraju et al. 2017): which parts of a photo drove a class score. The gradient of the class logit
// with respect to the backbone's last convolutional feature map, averaged over each channel, weights that channel;
// the ReLU of the weighted sum is the heatmap. No LibTorch in this header (the UI includes it).
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/common/result.h"
#include "core/data/preprocess.h"

namespace taxo {

struct ExplainParams {
    std::string photoPath;
    std::string backboneId;   // e.g. "mobilenet_v2_imagenet"
    std::string modelsDir;    // empty = defaultModelsDir()
    // A head file written by saveHead, trained on this backbone's pooled embedding; empty = the backbone's own
    // classifier (an error for embedding-only backbones).
    std::string headPath;
    int targetClass = -1;     // class index to explain; -1 = the predicted class
    // The run's preprocessing (PreprocessSpec::parse of ModelBundle::preprocessKey), so the network gets exactly the
    // input the run's predictions got; it must have the backbone's input size and normalisation.
    // Unset: the backbone's own, fitted by `resize`.
    std::optional<PreprocessSpec> preprocess;
    ResizeMode resize = ResizeMode::Stretch;
    std::string device = "cpu";  // cpu | cuda | auto
};

struct GradCam {
    int width = 0, height = 0;  // cells of the feature map (7 x 7 for 224-pixel MobileNets)
    std::vector<float> heat;    // height x width, row-major, 0..1 (divided by its maximum; all 0 when nothing
                                // positively supports the class)
    int targetClass = 0;            // the class explained
    float targetProbability = 0;    // its softmax probability, 0..1
    int predictedClass = 0;         // argmax
    float predictedProbability = 0;
    std::string targetLabel;        // class name when known (the backbone's own classifier), else empty
    int photoWidth = 0, photoHeight = 0;  // pixels of the decoded photo (after EXIF orientation)
    // The photo region the feature grid spans, in photo pixels: the whole photo for Stretch, the centred crop for
    // CenterCrop, more than the photo (negative x / y) for Letterbox.
    cv::Rect2d coverage;
};

// Decodes the photo as prediction does (decodeForModel), so the predicted class and probabilities are the
// Predictor's for the same model and photo.
Result<GradCam> explain(const ExplainParams& params);

// The heatmap on the photo: heat resized (bilinear) to the coverage region, JET colour map, blended as
// alpha * colour + (1 - alpha) * photo. rgb: CV_8UC3 RGB (as decodeImage gives) of photoWidth x photoHeight;
// another size is scaled to fit. Returns a new CV_8UC3 RGB image of rgb's size; empty when rgb is empty.
cv::Mat overlay(const cv::Mat& rgb, const GradCam& cam, double alpha = 0.45);

// Heat as an 8-bit single-channel image of the feature grid (0..255), for tests and exports.
cv::Mat heatImage(const GradCam& cam);

}  // namespace taxo
