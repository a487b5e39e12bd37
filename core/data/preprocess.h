#pragma once
// Turning a decoded photo into a backbone's input: resize to the model's size, then normalise to floats in the
// range the backbone was trained with. The spec's key() is part of feature-cache keys, so changing how a mode
// or normalisation behaves must change its name.
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/common/result.h"

namespace taxo {

enum class ResizeMode {
    Stretch,     // bilinear to W x H ignoring aspect ratio, as the study's Keras image_dataset_from_directory
    CenterCrop,  // scale so the image covers W x H, keep the centre
    Letterbox,   // scale so the image fits inside W x H, pad the rest with grey 128
};

enum class Normalization {
    ImageNet,       // (x/255 - mean) / std, mean (0.485, 0.456, 0.406), std (0.229, 0.224, 0.225); torchvision
    MinusOneToOne,  // x/127.5 - 1; Keras Inception / MobileNet preprocess_input
    TfliteUint8,    // (x - 128) / 128; the quantised TFLite MobileNet input zero point and scale
    Raw255,         // x unchanged (0..255); Keras ConvNeXt (normalisation is inside the model)
    ZeroToOne,      // x / 255
};

const char* resizeModeName(ResizeMode mode);            // "stretch", "center-crop", "letterbox"
const char* normalizationName(Normalization norm);      // "imagenet", "minus-one-to-one", "tflite-uint8", "raw255", "zero-to-one"
Result<ResizeMode> parseResizeMode(const std::string& name);
Result<Normalization> parseNormalization(const std::string& name);

struct PreprocessSpec {
    int width = 224;   // pixels
    int height = 224;  // pixels
    ResizeMode resize = ResizeMode::Stretch;
    Normalization norm = Normalization::ImageNet;

    // Stable text for cache keys and run configs, e.g. "224x224/stretch/imagenet".
    std::string key() const;
    static Result<PreprocessSpec> parse(const std::string& key);
    bool operator==(const PreprocessSpec& o) const {
        return width == o.width && height == o.height && resize == o.resize && norm == o.norm;
    }
};

// 8-bit RGB of any size -> 8-bit RGB of spec.width x spec.height (CV_8UC3, continuous, new buffer).
// Stretch uses INTER_LINEAR (TensorFlow's bilinear with half-pixel centres); CenterCrop and Letterbox use
// INTER_AREA when shrinking and INTER_LINEAR when enlarging.
cv::Mat resizeForModel(const cv::Mat& rgb, const PreprocessSpec& spec);

// Writes 3 * rows * cols floats in planar CHW order (R plane, G plane, B plane) to out, which the caller owns.
void toPlanarFloat(const cv::Mat& rgb8, Normalization norm, float* out);
// Same values in interleaved HWC order (R, G, B of each pixel in turn): the channels-last layout oneDNN convolutions
// read natively, and a straight pass over the decoded pixels.
void toInterleavedFloat(const cv::Mat& rgb8, Normalization norm, float* out);

enum class PixelLayout { Planar /* CHW */, Interleaved /* HWC */ };

// The decode every model path shares (extraction, training, prediction, Grad-CAM), so a photo gives the network
// the same input whichever of them asks: 8-bit RGB (decodeImage's conventions), decoded at a reduced size (1/2,
// 1/4 or 1/8, in the JPEG's DCT) when each reduced side stays at least max(spec.width, spec.height) pixels.
Result<cv::Mat> decodeForModel(const std::string& path, const PreprocessSpec& spec);
// A photo as decodeForModel gives it -> the network input: resizeForModel, then the spec's normalisation, into
// 3 * spec.height * spec.width floats at out (caller-owned) in the given layout.
void toModelInput(const cv::Mat& rgb, const PreprocessSpec& spec, float* out, PixelLayout layout = PixelLayout::Planar);

// decodeForModel + toModelInput: decode (at reduced size when the photo's short side is at least twice what the spec needs), resize, normalise.
// The DCT-domain reduction averages like an area filter, so results differ slightly from the study's Keras
// pipeline, which resized the full-size photo with plain (aliasing) bilinear; features are keyed by spec.key().
// The vector holds 3 * height * width floats, CHW.
Result<std::vector<float>> loadForModel(const std::string& path, const PreprocessSpec& spec);
// Same, into a caller-owned slot of a batch buffer holding at least 3 * height * width floats, in either layout.
Status loadForModelInto(const std::string& path, const PreprocessSpec& spec, float* out, PixelLayout layout = PixelLayout::Planar);

}  // namespace taxo
