#include "core/data/augment.h"

#include <cmath>
#include <random>

#include <opencv2/imgproc.hpp>

namespace taxo {

namespace {

struct Field {
    const char* name;
    double AugmentParams::*member;
    double max;
};

const Field kFields[] = {
    {"rotation", &AugmentParams::rotation, 0.5},     {"zoom", &AugmentParams::zoom, 0.9},
    {"translation", &AugmentParams::translation, 1}, {"contrast", &AugmentParams::contrast, 1},
    {"brightness", &AugmentParams::brightness, 1},   {"saturation", &AugmentParams::saturation, 1},
    {"sharpness", &AugmentParams::sharpness, 1},
};

// Our own mapping from 64 random bits to [0, 1): std::uniform_real_distribution differs between standard libraries,
// and an augmented epoch must be reproducible on every platform.
class Draws {
public:
    explicit Draws(std::uint64_t seed) : gen_(seed) {}
    double unit() { return double(gen_() >> 11) * 0x1.0p-53; }
    double symmetric(double strength) { return strength * (2.0 * unit() - 1.0); }

private:
    std::mt19937_64 gen_;
};

void clip255(cv::Mat& m) { cv::min(cv::max(m, 0.0), 255.0, m); }

}  // namespace

bool AugmentParams::isIdentity() const {
    if (horizontalFlip) return false;
    for (const Field& f : kFields)
        if (this->*f.member != 0) return false;
    return true;
}

Status AugmentParams::validate() const {
    for (const Field& f : kFields) {
        const double v = this->*f.member;
        if (!(v >= 0 && v <= f.max))
            return makeError(ErrorCode::InvalidArgument, std::string("augmentation ") + f.name + " = " + std::to_string(v) +
                                                             ": out of range 0.." + std::to_string(f.max));
    }
    return {};
}

bool AugmentParams::operator==(const AugmentParams& o) const {
    if (horizontalFlip != o.horizontalFlip) return false;
    for (const Field& f : kFields)
        if (this->*f.member != o.*f.member) return false;
    return true;
}

std::vector<std::string> AugmentParams::presetNames() { return {"none", "light", "medium", "strong"}; }

Result<AugmentParams> AugmentParams::preset(const std::string& name) {
    AugmentParams p;
    if (name == "none") return p;
    p.horizontalFlip = true;
    if (name == "light") {  // study's Augmentation 3
        p.rotation = 0.02, p.zoom = 0.2, p.translation = 0.05, p.contrast = 0.1, p.brightness = 0.075,
        p.saturation = 0, p.sharpness = 0.075;
    } else if (name == "medium") {  // Augmentation 1
        p.rotation = 0.05, p.zoom = 0.35, p.translation = 0.1, p.contrast = 0.15, p.brightness = 0.3,
        p.saturation = 0, p.sharpness = 0.2;
    } else if (name == "strong") {  // Augmentation 2
        p.rotation = 0.1, p.zoom = 0.4, p.translation = 0.1, p.contrast = 0.2, p.brightness = 0.15,
        p.saturation = 0.2, p.sharpness = 0.25;
    } else {
        return makeError(ErrorCode::InvalidArgument,
                         "augmentation preset '" + name + "': unknown (expected none, light, medium or strong)");
    }
    return p;
}

nlohmann::json AugmentParams::toJson() const {
    nlohmann::json j;
    j["horizontalFlip"] = horizontalFlip;
    for (const Field& f : kFields) j[f.name] = this->*f.member;
    return j;
}

Result<AugmentParams> AugmentParams::fromJson(const nlohmann::json& json) {
    if (!json.is_object()) return makeError(ErrorCode::BadFormat, "augmentation: expected a JSON object");
    AugmentParams p;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const std::string& key = it.key();
        if (key == "horizontalFlip") {
            if (!it->is_boolean()) return makeError(ErrorCode::BadFormat, "augmentation horizontalFlip: expected true or false");
            p.horizontalFlip = it->get<bool>();
            continue;
        }
        const Field* field = nullptr;
        for (const Field& f : kFields)
            if (key == f.name) field = &f;
        if (!field) return makeError(ErrorCode::BadFormat, "augmentation: unknown key '" + key + "'");
        if (!it->is_number()) return makeError(ErrorCode::BadFormat, "augmentation " + key + ": expected a number");
        p.*(field->member) = it->get<double>();
    }
    Status ok = p.validate();
    if (!ok) return ok.error();
    return p;
}

cv::Mat augment(const cv::Mat& rgb8, const AugmentParams& params, std::uint64_t seed) {
    CV_Assert(rgb8.type() == CV_8UC3);
    Draws draws(seed);
    // Every value is drawn, used or not, so the stream position of each transform never depends on the others.
    const bool flip = draws.unit() < 0.5;
    const double angle = draws.symmetric(params.rotation) * 2.0 * CV_PI;
    const double zoom = 1.0 + draws.symmetric(params.zoom);
    const double shiftX = draws.symmetric(params.translation) * rgb8.cols;
    const double shiftY = draws.symmetric(params.translation) * rgb8.rows;
    const double contrast = 1.0 + draws.symmetric(params.contrast);
    const double brightness = draws.symmetric(params.brightness) * 255.0;
    const double saturation = 1.0 + draws.symmetric(params.saturation);
    const double sharpness = draws.symmetric(params.sharpness);

    cv::Mat img = rgb8.clone();
    if (params.horizontalFlip && flip) cv::flip(img, img, 1);

    if (params.rotation > 0 || params.zoom > 0 || params.translation > 0) {
        // Inverse map, output pixel -> input position, about the image centre (as Keras' transform matrices).
        const double cx = (img.cols - 1) / 2.0, cy = (img.rows - 1) / 2.0;
        const double c = std::cos(angle) * zoom, s = std::sin(angle) * zoom;
        const cv::Matx23d inverse(c, -s, cx - c * cx + s * cy - shiftX,  //
                                  s, c, cy - s * cx - c * cy - shiftY);
        cv::Mat warped;
        cv::warpAffine(img, warped, cv::Mat(inverse), img.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                       cv::BORDER_REFLECT);
        img = warped;
    }

    const bool photometric = params.contrast > 0 || params.brightness > 0 || params.saturation > 0 || params.sharpness > 0;
    if (!photometric) return img;

    cv::Mat f;
    img.convertTo(f, CV_32FC3);
    if (params.contrast > 0) {
        const cv::Scalar mean = cv::mean(f);
        f = (f - mean) * contrast + mean;
        clip255(f);
    }
    if (params.brightness > 0) {
        f += cv::Scalar::all(brightness);
        clip255(f);
    }
    if (params.saturation > 0) {
        cv::Mat grey;
        cv::transform(f, grey, cv::Matx13f(0.299f, 0.587f, 0.114f));
        cv::Mat grey3;
        cv::cvtColor(grey, grey3, cv::COLOR_GRAY2RGB);
        f = grey3 + (f - grey3) * saturation;
        clip255(f);
    }
    if (params.sharpness > 0) {
        const cv::Matx33f kernel(1, 1, 1, 1, 5, 1, 1, 1, 1);
        cv::Mat smooth;
        cv::filter2D(f, smooth, -1, cv::Mat(kernel * (1.0f / 13.0f)), cv::Point(-1, -1), 0, cv::BORDER_REFLECT);
        f = f + (f - smooth) * sharpness;
        clip255(f);
    }
    cv::Mat out;
    f.convertTo(out, CV_8UC3);
    return out;
}

}  // namespace taxo
