// libFuzzer target for the image header probe and decoder (probeImageBytes, decodeImageBytes).
// The first byte picks the decode options (reduced-size decoding and EXIF orientation on or off), the rest is
// the file. A successful decode must honour the documented result: continuous, non-empty CV_8UC3.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/data/image_io.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const uint8_t selector = data[0];
    const std::string bytes(reinterpret_cast<const char*>(data + 1), size - 1);

    taxo::Result<taxo::ImageInfo> info = taxo::probeImageBytes(bytes, "fuzz.img");
    if (info && (info->width <= 0 || info->height <= 0)) std::abort();

    taxo::DecodeOptions options;
    static const int kTargets[] = {0, 16, 64, 224};
    options.targetShortSide = kTargets[selector & 3];
    options.applyExifOrientation = (selector & 4) != 0;
    options.maxPixels = 4'000'000;  // keeps each run's memory small; the limit check itself is under test
    taxo::Result<cv::Mat> image = taxo::decodeImageBytes(bytes, "fuzz.img", options);
    if (image) {
        if (image->empty() || image->type() != CV_8UC3 || !image->isContinuous()) std::abort();
        if (std::int64_t(image->cols) * image->rows > options.maxPixels) std::abort();
    }
    return 0;
}
