#include "core/models/backbone_preprocess.h"

#include <algorithm>

namespace taxo {

Result<PreprocessSpec> preprocessSpecFor(const BackboneInfo& info, ResizeMode resize) {
    std::string name = info.normalization;
    std::replace(name.begin(), name.end(), '_', '-');
    auto norm = parseNormalization(name);
    if (!norm) return makeError(ErrorCode::BadFormat, "backbone " + info.id + ": " + norm.error().message);
    PreprocessSpec spec;
    spec.width = info.inputWidth;
    spec.height = info.inputHeight;
    spec.resize = resize;
    spec.norm = *norm;
    return spec;
}

}  // namespace taxo
