#pragma once
// The preprocessing a backbone expects: its input size and normalisation, with the study's bilinear resize by
// default. One place, so extraction, prediction and explanations feed a backbone identically.
#include "core/common/result.h"
#include "core/data/preprocess.h"
#include "core/models/backbone.h"

namespace taxo {

// BackboneInfo::normalization ("tflite_uint8") -> PreprocessSpec ("224x224/stretch/tflite-uint8").
Result<PreprocessSpec> preprocessSpecFor(const BackboneInfo& info, ResizeMode resize = ResizeMode::Stretch);

}  // namespace taxo
