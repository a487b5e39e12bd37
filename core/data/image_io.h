#pragma once
// Reading photos: a cheap header probe (size, format, EXIF orientation) and a decoder that always hands back
// 8-bit RGB, with the decompression-bomb limit checked on the header before any pixel memory is allocated.
//
// Colour conventions of decodeImage / decodeImageBytes:
//  - the result is CV_8UC3 in RGB order (not OpenCV's BGR), continuous, owned by the returned cv::Mat;
//  - 16-bit samples are scaled to 8 bit (v / 257, rounded);
//  - grayscale is replicated to three channels; CMYK / YCCK JPEGs are converted by libjpeg + OpenCV;
//  - an alpha channel (PNG, WebP, TIFF) is composited on white: transparent backgrounds of cut-out specimen
//    photos are usually black underneath, and a black halo around the animal would be a spurious feature;
//  - the EXIF orientation of JPEGs is applied exactly once (OpenCV's own rotation is switched off with
//    IMREAD_IGNORE_ORIENTATION, so reduced-size decoding and the byte variant behave the same).
//    Other formats are returned as stored.
// All functions are reentrant (no shared state), so import and feature extraction may call them from many threads.
// Known limit: corrupt-but-complete JPEG data (libjpeg's "Corrupt JPEG data" warnings) still decodes; OpenCV does
// not expose libjpeg warnings. Truncation (the common case for failed downloads) is caught by the marker walk.
#include <cstdint>
#include <string>

#include <opencv2/core.hpp>

#include "core/common/result.h"

namespace taxo {

enum class ImageFormat { Unknown, Jpeg, Png, Bmp, WebP, Tiff, Other /* recognised only by OpenCV's decoder */ };

const char* imageFormatName(ImageFormat format);

struct ImageInfo {
    ImageFormat format = ImageFormat::Unknown;
    int width = 0;            // pixels, as stored (before EXIF orientation)
    int height = 0;           // pixels, as stored
    int channels = 0;         // samples per pixel in the file: 1 gray, 2 gray+alpha, 3 colour, 4 colour+alpha or CMYK
    int bitDepth = 0;         // bits per sample (8 or 16 usually; 1/4/8 for palette images)
    int exifOrientation = 1;  // 1..8 as in the EXIF/TIFF Orientation tag; 1 when absent or invalid
    bool fromHeader = true;   // false when the size came from a full decode (format without a header parser)

    // Size after the orientation is applied (orientations 5..8 swap width and height).
    int displayWidth() const { return exifOrientation >= 5 ? height : width; }
    int displayHeight() const { return exifOrientation >= 5 ? width : height; }
    std::int64_t pixels() const { return std::int64_t(width) * std::int64_t(height); }
};

// Reads the header only (the first MiB; more only when a JPEG's metadata or a TIFF's directory lies further in).
// Formats without a header parser here fall back to a full OpenCV decode (fromHeader = false).
Result<ImageInfo> probeImage(const std::string& path);
// Same on bytes already in memory; nameForErrors is used in messages.
Result<ImageInfo> probeImageBytes(const std::string& bytes, const std::string& nameForErrors);

struct DecodeOptions {
    // 0 = full size. Otherwise decode at 1/2, 1/4 or 1/8 scale (JPEG: in the DCT, IMREAD_REDUCED_COLOR_*; other
    // formats: full decode then INTER_AREA) choosing the largest factor whose reduced short side stays >= this (pixels).
    int targetShortSide = 0;
    // Decompression-bomb limit, checked against the header before decoding (pixels = width * height).
    std::int64_t maxPixels = 100'000'000;
    bool applyExifOrientation = true;
};

// The reduction factor (1, 2, 4 or 8) decodeImage uses for an image of this stored size.
int reducedScaleFor(int width, int height, int targetShortSide);

// Decodes a photo to CV_8UC3 RGB (see the conventions above). Errors (messages start with the path):
//  NotFound (missing), BadFormat (zero bytes, not an image / unknown format, truncated, corrupt), TooLarge (pixels).
Result<cv::Mat> decodeImage(const std::string& path, const DecodeOptions& options = {});
Result<cv::Mat> decodeImageBytes(const std::string& bytes, const std::string& nameForErrors,
                                 const DecodeOptions& options = {});

// Import check: probe, truncation check (JPEG: the entropy-coded data must reach an EOI marker) and a decode at
// 1/8 scale (enough to make libjpeg/libpng read every byte of compressed data).
Status verifyImage(const std::string& path);

// Applies an EXIF orientation (1..8) to an image in place of a copy; values outside 1..8 return the input.
cv::Mat applyExifOrientation(const cv::Mat& image, int orientation);

}  // namespace taxo
