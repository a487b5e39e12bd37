#include "core/data/preprocess.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include <opencv2/imgproc.hpp>

#include "core/data/image_io.h"

namespace taxo {

namespace {

constexpr ResizeMode kResizeModes[] = {ResizeMode::Stretch, ResizeMode::CenterCrop, ResizeMode::Letterbox};
constexpr Normalization kNormalizations[] = {Normalization::ImageNet, Normalization::MinusOneToOne,
                                             Normalization::TfliteUint8, Normalization::Raw255, Normalization::ZeroToOne};
constexpr int kLetterboxGrey = 128;

cv::Mat resizeTo(const cv::Mat& src, cv::Size size) {
    if (src.size() == size) return src.clone();
    const bool shrinking = size.width <= src.cols && size.height <= src.rows;
    cv::Mat out;
    cv::resize(src, out, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    return out;
}

using NormTable = std::array<std::array<float, 256>, 3>;

// Per-channel lookup tables: exact, and faster than arithmetic per sample.
NormTable makeNormalisationTable(Normalization norm) {
    static const float kMean[3] = {0.485f, 0.456f, 0.406f};
    static const float kStd[3] = {0.229f, 0.224f, 0.225f};
    std::array<std::array<float, 256>, 3> t{};
    for (int c = 0; c < 3; ++c) {
        for (int v = 0; v < 256; ++v) {
            const float x = float(v);
            float y = x;
            switch (norm) {
            case Normalization::ImageNet: y = (x / 255.0f - kMean[c]) / kStd[c]; break;
            case Normalization::MinusOneToOne: y = x / 127.5f - 1.0f; break;
            case Normalization::TfliteUint8: y = (x - 128.0f) / 128.0f; break;
            case Normalization::Raw255: y = x; break;
            case Normalization::ZeroToOne: y = x / 255.0f; break;
            }
            t[std::size_t(c)][std::size_t(v)] = y;
        }
    }
    return t;
}

// Built once (thread-safe static initialisation): extraction calls this for every photo from several threads.
const NormTable& normalisationTable(Normalization norm) {
    static const std::array<NormTable, 5> tables = [] {
        std::array<NormTable, 5> all{};
        for (Normalization n : kNormalizations) all[std::size_t(n)] = makeNormalisationTable(n);
        return all;
    }();
    return tables[std::size_t(norm)];
}

}  // namespace

const char* resizeModeName(ResizeMode mode) {
    switch (mode) {
    case ResizeMode::Stretch: return "stretch";
    case ResizeMode::CenterCrop: return "center-crop";
    case ResizeMode::Letterbox: return "letterbox";
    }
    return "stretch";
}

const char* normalizationName(Normalization norm) {
    switch (norm) {
    case Normalization::ImageNet: return "imagenet";
    case Normalization::MinusOneToOne: return "minus-one-to-one";
    case Normalization::TfliteUint8: return "tflite-uint8";
    case Normalization::Raw255: return "raw255";
    case Normalization::ZeroToOne: return "zero-to-one";
    }
    return "imagenet";
}

Result<ResizeMode> parseResizeMode(const std::string& name) {
    for (ResizeMode m : kResizeModes)
        if (name == resizeModeName(m)) return m;
    return makeError(ErrorCode::InvalidArgument,
                     "resize mode '" + name + "': unknown (expected stretch, center-crop or letterbox)");
}

Result<Normalization> parseNormalization(const std::string& name) {
    for (Normalization n : kNormalizations)
        if (name == normalizationName(n)) return n;
    return makeError(ErrorCode::InvalidArgument,
                     "normalisation '" + name +
                         "': unknown (expected imagenet, minus-one-to-one, tflite-uint8, raw255 or zero-to-one)");
}

std::string PreprocessSpec::key() const {
    return std::to_string(width) + "x" + std::to_string(height) + "/" + resizeModeName(resize) + "/" +
           normalizationName(norm);
}

Result<PreprocessSpec> PreprocessSpec::parse(const std::string& key) {
    const auto bad = [&] {
        return makeError(ErrorCode::InvalidArgument,
                         "preprocessing '" + key + "': expected WIDTHxHEIGHT/RESIZE/NORMALISATION, e.g. 224x224/stretch/imagenet");
    };
    const auto s1 = key.find('/');
    const auto s2 = s1 == std::string::npos ? std::string::npos : key.find('/', s1 + 1);
    if (s2 == std::string::npos) return bad();
    int w = 0, h = 0;
    char tail = 0;
    const std::string size = key.substr(0, s1);
    if (std::sscanf(size.c_str(), "%dx%d%c", &w, &h, &tail) != 2 || w < 1 || h < 1 || w > 8192 || h > 8192) return bad();
    Result<ResizeMode> mode = parseResizeMode(key.substr(s1 + 1, s2 - s1 - 1));
    if (!mode) return mode.error();
    Result<Normalization> norm = parseNormalization(key.substr(s2 + 1));
    if (!norm) return norm.error();
    PreprocessSpec spec;
    spec.width = w;
    spec.height = h;
    spec.resize = *mode;
    spec.norm = *norm;
    return spec;
}

cv::Mat resizeForModel(const cv::Mat& rgb, const PreprocessSpec& spec) {
    const cv::Size target(spec.width, spec.height);
    switch (spec.resize) {
    case ResizeMode::Stretch: {
        if (rgb.size() == target) return rgb.clone();
        cv::Mat out;
        cv::resize(rgb, out, target, 0, 0, cv::INTER_LINEAR);
        return out;
    }
    case ResizeMode::CenterCrop: {
        const double scale = std::max(double(spec.width) / rgb.cols, double(spec.height) / rgb.rows);
        const int w = std::max(spec.width, int(std::lround(rgb.cols * scale)));
        const int h = std::max(spec.height, int(std::lround(rgb.rows * scale)));
        const cv::Mat scaled = resizeTo(rgb, cv::Size(w, h));
        const cv::Rect centre((w - spec.width) / 2, (h - spec.height) / 2, spec.width, spec.height);
        return scaled(centre).clone();
    }
    case ResizeMode::Letterbox: {
        const double scale = std::min(double(spec.width) / rgb.cols, double(spec.height) / rgb.rows);
        const int w = std::clamp(int(std::lround(rgb.cols * scale)), 1, spec.width);
        const int h = std::clamp(int(std::lround(rgb.rows * scale)), 1, spec.height);
        cv::Mat out(target, CV_8UC3, cv::Scalar::all(kLetterboxGrey));
        resizeTo(rgb, cv::Size(w, h)).copyTo(out(cv::Rect((spec.width - w) / 2, (spec.height - h) / 2, w, h)));
        return out;
    }
    }
    return rgb.clone();
}

void toPlanarFloat(const cv::Mat& rgb8, Normalization norm, float* out) {
    CV_Assert(rgb8.type() == CV_8UC3);
    const NormTable& table = normalisationTable(norm);
    const std::size_t plane = std::size_t(rgb8.rows) * std::size_t(rgb8.cols);
    float* r = out;
    float* g = out + plane;
    float* b = out + 2 * plane;
    for (int y = 0; y < rgb8.rows; ++y) {
        const auto* px = rgb8.ptr<cv::Vec3b>(y);
        for (int x = 0; x < rgb8.cols; ++x) {
            *r++ = table[0][px[x][0]];
            *g++ = table[1][px[x][1]];
            *b++ = table[2][px[x][2]];
        }
    }
}

void toInterleavedFloat(const cv::Mat& rgb8, Normalization norm, float* out) {
    CV_Assert(rgb8.type() == CV_8UC3);
    const NormTable& table = normalisationTable(norm);
    const float* r = table[0].data();
    const float* g = table[1].data();
    const float* b = table[2].data();
    for (int y = 0; y < rgb8.rows; ++y) {
        const std::uint8_t* px = rgb8.ptr<std::uint8_t>(y);
        for (int x = 0; x < rgb8.cols; ++x, px += 3, out += 3) {
            out[0] = r[px[0]];
            out[1] = g[px[1]];
            out[2] = b[px[2]];
        }
    }
}

Result<cv::Mat> decodeForModel(const std::string& path, const PreprocessSpec& spec) {
    DecodeOptions options;
    // Each reduced dimension must stay at least the larger model dimension, whatever the resize mode; the
    // reduction then only kicks in for photos at least twice that.
    options.targetShortSide = std::max(spec.width, spec.height);
    return decodeImage(path, options);
}

void toModelInput(const cv::Mat& rgb, const PreprocessSpec& spec, float* out, PixelLayout layout) {
    const cv::Mat resized = resizeForModel(rgb, spec);
    if (layout == PixelLayout::Interleaved) toInterleavedFloat(resized, spec.norm, out);
    else toPlanarFloat(resized, spec.norm, out);
}

Status loadForModelInto(const std::string& path, const PreprocessSpec& spec, float* out, PixelLayout layout) {
    Result<cv::Mat> decoded = decodeForModel(path, spec);
    if (!decoded) return decoded.error();
    toModelInput(*decoded, spec, out, layout);
    return {};
}

Result<std::vector<float>> loadForModel(const std::string& path, const PreprocessSpec& spec) {
    std::vector<float> out(std::size_t(3) * std::size_t(spec.width) * std::size_t(spec.height));
    Status st = loadForModelInto(path, spec, out.data());
    if (!st) return st.error();
    return out;
}

}  // namespace taxo
