#pragma once
// Random image augmentation with the strengths of Keras preprocessing layers, so the study's pipelines (Table 2
// of the rare-species report) can be named and reproduced. Deterministic for a seed: augment() draws from its
// own std::mt19937_64 seeded by the caller (no global state), and always draws every value in a fixed order, so
// switching one transform on or off does not change what the others do.
//
// Strengths (0 = off), each drawn uniformly per call:
//  horizontalFlip  mirror left-right with probability 1/2 (RandomFlip("horizontal"))
//  rotation        angle in [-r, r] full turns, i.e. r = 0.1 is +-36 degrees (RandomRotation(r), fill "reflect")
//  zoom            scale z in [1 - f, 1 + f] of the sampled area, z > 1 zooms out (RandomZoom(f), aspect kept)
//  translation     shift in [-t, t] of width and of height, independently (RandomTranslation(t, t))
//  contrast        per-channel (x - mean) * c + mean with c in [1 - f, 1 + f] (RandomContrast(f))
//  brightness      x + d * 255 with d in [-f, f] (RandomBrightness(f), value range 0..255)
//  saturation      grey + s * (x - grey) with s in [1 - f, 1 + f] (PIL ImageEnhance.Color; grey = Rec.601 luma)
//  sharpness       x + a * (x - smooth(x)) with a in [-f, f], smooth = PIL's 3x3 kernel [1 1 1; 1 5 1; 1 1 1] / 13
//                  (PIL ImageEnhance.Sharpness with factor 1 + a; keras_cv RandomSharpness blends the same kernel)
// Order: flip, one affine warp (rotation, zoom, translation; bilinear, border reflected), contrast, brightness,
// saturation, sharpness; values are clipped to 0..255 after each step, as the Keras layers do.
//
// Presets (rotation, translation and saturation are not in Table 2; the values below are our reading of the
// report's text: Aug 3 "minor rotations", Aug 2 "larger rotations ... saturation changes", Aug 1 the original
// pipeline that also had translation):
//  none    identity
//  light   = Augmentation 3: flip, rotation 0.02 (+-7.2 deg), zoom 0.2, translation 0.05, contrast 0.1,
//            brightness 0.075, saturation 0, sharpness 0.075
//  medium  = Augmentation 1: flip, rotation 0.05 (+-18 deg), zoom 0.35, translation 0.1, contrast 0.15,
//            brightness 0.3, saturation 0, sharpness 0.2
//  strong  = Augmentation 2: flip, rotation 0.1 (+-36 deg), zoom 0.4, translation 0.1, contrast 0.2,
//            brightness 0.15, saturation 0.2, sharpness 0.25
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "core/common/result.h"

namespace taxo {

struct AugmentParams {
    bool horizontalFlip = false;
    double rotation = 0;     // fraction of a full turn, 0..0.5
    double zoom = 0;         // 0..0.9
    double translation = 0;  // fraction of the image size, 0..1
    double contrast = 0;     // 0..1
    double brightness = 0;   // fraction of 255, 0..1
    double saturation = 0;   // 0..1
    double sharpness = 0;    // 0..1

    bool isIdentity() const;
    Status validate() const;  // ranges above; message names the field

    static Result<AugmentParams> preset(const std::string& name);
    static std::vector<std::string> presetNames();  // none, light, medium, strong

    nlohmann::json toJson() const;
    // Missing keys keep their default (off); unknown keys and out-of-range values are errors.
    static Result<AugmentParams> fromJson(const nlohmann::json& json);

    bool operator==(const AugmentParams& o) const;
};

// rgb8: CV_8UC3. Returns a new CV_8UC3 image of the same size; the input is untouched.
cv::Mat augment(const cv::Mat& rgb8, const AugmentParams& params, std::uint64_t seed);

}  // namespace taxo
