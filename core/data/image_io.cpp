#include "core/data/image_io.h"

#include <climits>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/common/atomic_file.h"

namespace taxo {

const char* imageFormatName(ImageFormat format) {
    switch (format) {
    case ImageFormat::Jpeg: return "JPEG";
    case ImageFormat::Png: return "PNG";
    case ImageFormat::Bmp: return "BMP";
    case ImageFormat::WebP: return "WebP";
    case ImageFormat::Tiff: return "TIFF";
    case ImageFormat::Other: return "other";
    case ImageFormat::Unknown: break;
    }
    return "unknown";
}

namespace {

// Every read of header bytes goes through this view, which refuses anything past the end: the probe is fed
// untrusted files and will be fuzzed.
class ByteView {
public:
    ByteView(const unsigned char* data, std::size_t size) : p_(data), n_(size) {}
    std::size_t size() const { return n_; }
    const unsigned char* data() const { return p_; }
    bool has(std::size_t offset, std::size_t length) const { return offset <= n_ && length <= n_ - offset; }
    unsigned u8(std::size_t o) const { return p_[o]; }
    unsigned be16(std::size_t o) const { return (unsigned(p_[o]) << 8) | p_[o + 1]; }
    unsigned le16(std::size_t o) const { return (unsigned(p_[o + 1]) << 8) | p_[o]; }
    std::uint32_t be32(std::size_t o) const { return (std::uint32_t(be16(o)) << 16) | be16(o + 2); }
    std::uint32_t le32(std::size_t o) const { return (std::uint32_t(le16(o + 2)) << 16) | le16(o); }
    bool equals(std::size_t o, const char* text, std::size_t length) const {
        return has(o, length) && std::memcmp(p_ + o, text, length) == 0;
    }
    ByteView sub(std::size_t offset, std::size_t length) const { return ByteView(p_ + offset, length); }

private:
    const unsigned char* p_;
    std::size_t n_;
};

// NeedMore: the buffer ended before the header did (probeImage then reads further; on a whole file it means
// the file is truncated).
enum class ProbeState { Ok, NotThisFormat, NeedMore, Bad };

struct Probe {
    ProbeState state = ProbeState::NotThisFormat;
    ImageInfo info;
    std::string problem;  // for Bad
};

Probe bad(std::string problem) {
    Probe p;
    p.state = ProbeState::Bad;
    p.problem = std::move(problem);
    return p;
}
Probe needMore() {
    Probe p;
    p.state = ProbeState::NeedMore;
    return p;
}

Probe okInfo(ImageFormat format, std::int64_t width, std::int64_t height, int channels, int bitDepth, int orientation = 1) {
    if (width <= 0 || height <= 0) return bad("invalid " + std::string(imageFormatName(format)) + " header (zero size)");
    Probe p;
    p.state = ProbeState::Ok;
    p.info.format = format;
    // Sizes past INT_MAX cannot be represented; they are over any pixel limit anyway, so report them saturated.
    p.info.width = int(std::min<std::int64_t>(width, INT_MAX));
    p.info.height = int(std::min<std::int64_t>(height, INT_MAX));
    p.info.channels = channels;
    p.info.bitDepth = bitDepth;
    p.info.exifOrientation = orientation >= 1 && orientation <= 8 ? orientation : 1;
    return p;
}

// The first image file directory of a TIFF structure (a TIFF file, or the payload of a JPEG's Exif APP1 segment).
struct TiffTags {
    std::int64_t width = -1, height = -1;
    int bitsPerSample = 1, samplesPerPixel = 1, orientation = 1;
};

ProbeState parseTiffIfd0(const ByteView& b, TiffTags& tags) {
    if (!b.has(0, 8)) return ProbeState::NeedMore;
    bool little;
    if (b.equals(0, "II*\0", 4)) little = true;
    else if (b.equals(0, "MM\0*", 4)) little = false;
    else return ProbeState::NotThisFormat;
    auto u16 = [&](std::size_t o) { return little ? b.le16(o) : b.be16(o); };
    auto u32 = [&](std::size_t o) { return little ? b.le32(o) : b.be32(o); };
    const std::size_t ifd = u32(4);
    if (!b.has(ifd, 2)) return ProbeState::NeedMore;
    const std::size_t count = u16(ifd);
    if (!b.has(ifd + 2, count * 12)) return ProbeState::NeedMore;
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t e = ifd + 2 + i * 12;
        const unsigned tag = u16(e), type = u16(e + 2);
        const std::uint32_t n = u32(e + 4);
        // SHORT (3) and LONG (4) are the only types these tags use; a single value sits inline at e + 8.
        std::int64_t value = -1;
        if (type == 3) value = u16(e + 8);
        else if (type == 4) value = u32(e + 8);
        if (value < 0 || n == 0) continue;
        switch (tag) {
        case 256: tags.width = value; break;
        case 257: tags.height = value; break;
        case 277: tags.samplesPerPixel = int(value); break;
        case 274: tags.orientation = int(value); break;
        case 258:
            if (type == 3 && n > 2) {  // array of shorts stored elsewhere; all samples share a depth in practice
                const std::size_t at = u32(e + 8);
                tags.bitsPerSample = b.has(at, 2) ? int(u16(at)) : 8;
            } else {
                tags.bitsPerSample = int(value);
            }
            break;
        default: break;
        }
    }
    return ProbeState::Ok;
}

bool isJpegSof(unsigned m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }
bool isStandaloneMarker(unsigned m) { return m == 0x01 || m == 0xD8 || (m >= 0xD0 && m <= 0xD7); }

Probe probeJpeg(const ByteView& b) {
    if (!(b.has(0, 3) && b.u8(0) == 0xFF && b.u8(1) == 0xD8 && b.u8(2) == 0xFF)) return {};
    int orientation = 1;
    bool haveSof = false;
    std::int64_t width = 0, height = 0;
    int channels = 0, precision = 0;
    std::size_t pos = 2;
    for (;;) {
        if (!b.has(pos, 2)) return needMore();
        if (b.u8(pos) != 0xFF) return bad("corrupt JPEG header (marker expected at byte " + std::to_string(pos) + ")");
        const unsigned m = b.u8(pos + 1);
        if (m == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        pos += 2;
        if (isStandaloneMarker(m)) continue;
        if (m == 0xD9) return bad("corrupt JPEG (end marker before any image data)");
        if (!b.has(pos, 2)) return needMore();
        const std::size_t length = b.be16(pos);
        if (length < 2) return bad("corrupt JPEG header (segment length " + std::to_string(length) + ")");
        if (m == 0xDA) break;  // start of scan: everything needed comes before it
        if (!b.has(pos, length)) return needMore();
        const ByteView seg = b.sub(pos + 2, length - 2);
        if (m == 0xE1 && seg.equals(0, "Exif\0\0", 6)) {
            TiffTags tags;
            // A malformed Exif block only loses the orientation; libjpeg ignores APP segments too.
            if (parseTiffIfd0(seg.sub(6, seg.size() - 6), tags) == ProbeState::Ok) orientation = tags.orientation;
        } else if (isJpegSof(m)) {
            if (seg.size() < 6) return bad("corrupt JPEG header (short frame header)");
            precision = int(seg.u8(0));
            height = seg.be16(1);
            width = seg.be16(3);
            channels = int(seg.u8(5));
            haveSof = true;
        }
        pos += length;
    }
    if (!haveSof) return bad("corrupt JPEG (no frame header before the image data)");
    if (height == 0) return bad("unsupported JPEG (height defined after the image data, DNL marker)");
    return okInfo(ImageFormat::Jpeg, width, height, channels, precision, orientation);
}

Probe probePng(const ByteView& b) {
    static const char kSignature[] = "\x89PNG\r\n\x1a\n";
    if (!b.equals(0, kSignature, 8)) return {};
    if (!b.has(8, 25)) return needMore();
    if (b.be32(8) != 13 || !b.equals(12, "IHDR", 4)) return bad("corrupt PNG (first chunk is not a valid IHDR)");
    const unsigned depth = b.u8(24), colourType = b.u8(25);
    int channels = 0;
    switch (colourType) {
    case 0: channels = 1; break;
    case 2: channels = 3; break;
    case 3: channels = 3; break;  // palette
    case 4: channels = 2; break;
    case 6: channels = 4; break;
    default: return bad("corrupt PNG (colour type " + std::to_string(colourType) + ")");
    }
    if (depth != 1 && depth != 2 && depth != 4 && depth != 8 && depth != 16)
        return bad("corrupt PNG (bit depth " + std::to_string(depth) + ")");
    return okInfo(ImageFormat::Png, b.be32(16), b.be32(20), channels, int(depth));
}

Probe probeBmp(const ByteView& b) {
    if (!b.equals(0, "BM", 2)) return {};
    if (!b.has(14, 4)) return needMore();
    const std::uint32_t dib = b.le32(14);
    std::int64_t width, height;
    unsigned bpp;
    if (dib == 12) {
        if (!b.has(18, 8)) return needMore();
        width = b.le16(18);
        height = b.le16(20);
        bpp = b.le16(24);
    } else if (dib >= 40) {
        if (!b.has(18, 12)) return needMore();
        width = std::int32_t(b.le32(18));
        height = std::int32_t(b.le32(22));
        if (height < 0) height = -height;  // top-down rows
        bpp = b.le16(28);
    } else {
        return bad("corrupt BMP (header size " + std::to_string(dib) + ")");
    }
    const int channels = bpp == 32 ? 4 : 3;
    const int depth = bpp >= 16 ? 8 : int(bpp);
    return okInfo(ImageFormat::Bmp, width, height, channels, depth);
}

Probe probeWebP(const ByteView& b) {
    if (!(b.equals(0, "RIFF", 4) && b.equals(8, "WEBP", 4))) return {};
    if (!b.has(12, 18)) return needMore();
    if (b.equals(12, "VP8X", 4)) {
        const bool alpha = (b.u8(20) & 0x10) != 0;
        const std::int64_t w = 1 + (b.le32(24) & 0xFFFFFF), h = 1 + (b.le32(27) & 0xFFFFFF);
        return okInfo(ImageFormat::WebP, w, h, alpha ? 4 : 3, 8);
    }
    if (b.equals(12, "VP8 ", 4)) {
        if (!(b.u8(23) == 0x9D && b.u8(24) == 0x01 && b.u8(25) == 0x2A)) return bad("corrupt WebP (VP8 start code)");
        return okInfo(ImageFormat::WebP, b.le16(26) & 0x3FFF, b.le16(28) & 0x3FFF, 3, 8);
    }
    if (b.equals(12, "VP8L", 4)) {
        if (b.u8(20) != 0x2F) return bad("corrupt WebP (VP8L signature)");
        const std::uint32_t bits = b.le32(21);
        const bool alpha = ((bits >> 28) & 1u) != 0;
        return okInfo(ImageFormat::WebP, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1, alpha ? 4 : 3, 8);
    }
    return bad("corrupt WebP (unknown first chunk)");
}

Probe probeTiff(const ByteView& b) {
    TiffTags tags;
    const ProbeState state = parseTiffIfd0(b, tags);
    if (state == ProbeState::NotThisFormat) return {};
    if (state == ProbeState::NeedMore) return needMore();
    if (tags.width < 0 || tags.height < 0) return bad("corrupt TIFF (no image width/height tags)");
    // The orientation tag is reported as 1: decodeImage applies orientation to JPEGs only (see image_io.h).
    return okInfo(ImageFormat::Tiff, tags.width, tags.height, tags.samplesPerPixel, tags.bitsPerSample);
}

Probe probeHeader(const ByteView& b) {
    for (auto* fn : {probeJpeg, probePng, probeBmp, probeWebP, probeTiff}) {
        Probe p = fn(b);
        if (p.state != ProbeState::NotThisFormat) return p;
    }
    return {};
}

std::string sizeText(const ImageInfo& info) { return std::to_string(info.width) + "x" + std::to_string(info.height); }

// Probe of a complete file held in memory: running out of bytes now means the file is cut short.
Result<ImageInfo> probeComplete(const std::string& bytes, const std::string& name) {
    if (bytes.empty()) return makeError(ErrorCode::BadFormat, name + ": empty file (zero bytes)");
    const ByteView view(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    Probe p = probeHeader(view);
    switch (p.state) {
    case ProbeState::Ok: return p.info;
    case ProbeState::Bad: return makeError(ErrorCode::BadFormat, name + ": " + p.problem);
    case ProbeState::NeedMore:
        return makeError(ErrorCode::BadFormat, name + ": truncated file (ends inside the image header)");
    case ProbeState::NotThisFormat: break;
    }
    // No header parser for this format: let OpenCV try (its own CV_IO_MAX_IMAGE_PIXELS limit still applies).
    cv::Mat decoded;
    try {
        decoded = cv::imdecode(cv::Mat(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data())), cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception&) {
        decoded.release();
    }
    if (decoded.empty()) return makeError(ErrorCode::BadFormat, name + ": not an image (unknown format)");
    ImageInfo info;
    info.format = ImageFormat::Other;
    info.width = decoded.cols;
    info.height = decoded.rows;
    info.channels = decoded.channels();
    info.bitDepth = int(8 * decoded.elemSize1());
    info.fromHeader = false;
    return info;
}

// True when the entropy-coded data of every scan is followed by markers up to EOI. libjpeg itself only warns
// ("Premature end of JPEG file") and pads the missing part with grey, which would silently train on half photos.
bool jpegReachesEndMarker(const ByteView& b) {
    std::size_t pos = 2;
    while (b.has(pos, 2)) {
        if (b.u8(pos) != 0xFF) return false;
        const unsigned m = b.u8(pos + 1);
        if (m == 0xFF) {
            ++pos;
            continue;
        }
        if (m == 0xD9) return true;
        if (isStandaloneMarker(m)) {
            pos += 2;
            continue;
        }
        if (!b.has(pos + 2, 2)) return false;
        pos += 2 + b.be16(pos + 2);
        if (m != 0xDA) continue;
        // Skip entropy-coded bytes: 0xFF is followed by 0x00 (stuffing), RSTn or further 0xFF inside a scan.
        for (;;) {
            if (pos >= b.size()) return false;
            const void* hit = std::memchr(b.data() + pos, 0xFF, b.size() - pos);
            if (!hit) return false;
            const std::size_t q = std::size_t(static_cast<const unsigned char*>(hit) - b.data());
            if (q + 1 >= b.size()) return false;
            const unsigned next = b.u8(q + 1);
            if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                pos = q + 2;
            } else if (next == 0xFF) {
                pos = q + 1;
            } else {
                pos = q;
                break;
            }
        }
    }
    return false;
}

cv::Mat compositeOnWhite(const cv::Mat& colour, const cv::Mat& alpha8) {
    cv::Mat out(colour.size(), CV_8UC3);
    for (int y = 0; y < colour.rows; ++y) {
        const auto* c = colour.ptr<cv::Vec3b>(y);
        const auto* a = alpha8.ptr<std::uint8_t>(y);
        auto* o = out.ptr<cv::Vec3b>(y);
        for (int x = 0; x < colour.cols; ++x) {
            const int w = a[x];
            for (int k = 0; k < 3; ++k) o[x][k] = std::uint8_t((c[x][k] * w + 255 * (255 - w) + 127) / 255);
        }
    }
    return out;
}

// Any OpenCV IMREAD_UNCHANGED result -> 8-bit RGB, or an empty Mat for sample types we do not handle.
cv::Mat toRgb8(const cv::Mat& decoded) {
    cv::Mat m8;
    if (decoded.depth() == CV_8U) m8 = decoded;
    else if (decoded.depth() == CV_16U) decoded.convertTo(m8, CV_8U, 1.0 / 257.0);
    else return {};
    cv::Mat rgb;
    switch (m8.channels()) {
    case 1: cv::cvtColor(m8, rgb, cv::COLOR_GRAY2RGB); break;
    case 2: {
        cv::Mat planes[2];
        cv::split(m8, planes);
        cv::Mat grey3;
        cv::cvtColor(planes[0], grey3, cv::COLOR_GRAY2BGR);
        cv::cvtColor(compositeOnWhite(grey3, planes[1]), rgb, cv::COLOR_BGR2RGB);
        break;
    }
    case 3: cv::cvtColor(m8, rgb, cv::COLOR_BGR2RGB); break;
    case 4: {
        cv::Mat bgr, alpha;
        cv::cvtColor(m8, bgr, cv::COLOR_BGRA2BGR);
        cv::extractChannel(m8, alpha, 3);
        cv::cvtColor(compositeOnWhite(bgr, alpha), rgb, cv::COLOR_BGR2RGB);
        break;
    }
    default: return {};
    }
    return rgb;
}

int reducedJpegFlag(int factor) {
    switch (factor) {
    case 2: return cv::IMREAD_REDUCED_COLOR_2;
    case 4: return cv::IMREAD_REDUCED_COLOR_4;
    case 8: return cv::IMREAD_REDUCED_COLOR_8;
    default: return cv::IMREAD_COLOR;
    }
}

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

Status checkRegularFile(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) return makeError(ErrorCode::NotFound, path + ": no such file");
    if (!std::filesystem::is_regular_file(status)) return makeError(ErrorCode::BadFormat, path + ": not a file");
    return {};
}

}  // namespace

int reducedScaleFor(int width, int height, int targetShortSide) {
    if (targetShortSide <= 0) return 1;
    const int shortSide = std::min(width, height);
    for (int f : {8, 4, 2})
        if (ceilDiv(shortSide, f) >= targetShortSide) return f;
    return 1;
}

cv::Mat applyExifOrientation(const cv::Mat& image, int orientation) {
    cv::Mat out;
    switch (orientation) {
    case 2: cv::flip(image, out, 1); break;
    case 3: cv::rotate(image, out, cv::ROTATE_180); break;
    case 4: cv::flip(image, out, 0); break;
    case 5: cv::transpose(image, out); break;
    case 6: cv::rotate(image, out, cv::ROTATE_90_CLOCKWISE); break;
    case 7:
        cv::transpose(image, out);
        cv::rotate(out, out, cv::ROTATE_180);
        break;
    case 8: cv::rotate(image, out, cv::ROTATE_90_COUNTERCLOCKWISE); break;
    default: return image;
    }
    return out;
}

Result<ImageInfo> probeImageBytes(const std::string& bytes, const std::string& nameForErrors) {
    return probeComplete(bytes, nameForErrors);
}

Result<ImageInfo> probeImage(const std::string& path) {
    Status present = checkRegularFile(path);
    if (!present) return present.error();
    std::error_code ec;
    const auto fileSize = std::filesystem::file_size(path, ec);
    if (ec) return makeError(ErrorCode::Io, path + ": cannot read (" + ec.message() + ")");
    if (fileSize == 0) return makeError(ErrorCode::BadFormat, path + ": empty file (zero bytes)");
    constexpr std::size_t kHead = std::size_t(1) << 20;
    if (fileSize > kHead) {
        std::ifstream in(path, std::ios::binary);
        if (!in) return makeError(ErrorCode::Io, path + ": cannot open");
        std::string head(kHead, '\0');
        in.read(head.data(), std::streamsize(kHead));
        head.resize(std::size_t(in.gcount()));
        const Probe p = probeHeader(ByteView(reinterpret_cast<const unsigned char*>(head.data()), head.size()));
        if (p.state == ProbeState::Ok) return p.info;
        if (p.state == ProbeState::Bad) return makeError(ErrorCode::BadFormat, path + ": " + p.problem);
        // NeedMore or a format without a header parser: fall through to the whole file.
    }
    Result<std::string> bytes = readWholeFile(path);
    if (!bytes) return bytes.error();
    return probeComplete(*bytes, path);
}

Result<cv::Mat> decodeImageBytes(const std::string& bytes, const std::string& name, const DecodeOptions& options) {
    Result<ImageInfo> probed = probeComplete(bytes, name);
    if (!probed) return probed.error();
    const ImageInfo& info = *probed;
    if (info.pixels() > options.maxPixels)
        return makeError(ErrorCode::TooLarge, name + ": " + sizeText(info) + " pixels exceeds the limit of " +
                                                  std::to_string(options.maxPixels));
    const ByteView view(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    const bool jpeg = info.format == ImageFormat::Jpeg;
    if (jpeg && !jpegReachesEndMarker(view))
        return makeError(ErrorCode::BadFormat, name + ": truncated or corrupt JPEG (image data does not reach the end marker)");

    const int factor = reducedScaleFor(info.width, info.height, options.targetShortSide);
    const cv::Mat buffer(1, int(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    cv::Mat rgb;
    try {
        if (jpeg) {
            // IGNORE_ORIENTATION: OpenCV 4.6 would otherwise rotate in imdecode itself; we rotate once, below.
            const cv::Mat bgr = cv::imdecode(buffer, reducedJpegFlag(factor) | cv::IMREAD_IGNORE_ORIENTATION);
            if (!bgr.empty()) cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        } else {
            // IMREAD_UNCHANGED (-1) keeps alpha and 16 bit and implies IMREAD_IGNORE_ORIENTATION.
            const cv::Mat raw = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
            if (!raw.empty()) {
                rgb = toRgb8(raw);
                if (rgb.empty())
                    return makeError(ErrorCode::BadFormat, name + ": unsupported sample type (" +
                                                               std::to_string(8 * raw.elemSize1()) + "-bit " +
                                                               (raw.depth() == CV_32F ? "float" : "integer") + ")");
                if (factor > 1)
                    cv::resize(rgb, rgb, cv::Size(ceilDiv(rgb.cols, factor), ceilDiv(rgb.rows, factor)), 0, 0, cv::INTER_AREA);
            }
        }
    } catch (const cv::Exception& e) {
        return makeError(ErrorCode::BadFormat, name + ": corrupt " + imageFormatName(info.format) + " (" + e.err + ")");
    }
    if (rgb.empty())
        return makeError(ErrorCode::BadFormat, name + ": corrupt " + std::string(imageFormatName(info.format)) +
                                                   " (the decoder rejected the data)");
    if (jpeg && options.applyExifOrientation) rgb = applyExifOrientation(rgb, info.exifOrientation);
    if (!rgb.isContinuous()) rgb = rgb.clone();
    return rgb;
}

Result<cv::Mat> decodeImage(const std::string& path, const DecodeOptions& options) {
    Status present = checkRegularFile(path);
    if (!present) return present.error();
    Result<std::string> bytes = readWholeFile(path);
    if (!bytes) return bytes.error();
    return decodeImageBytes(*bytes, path, options);
}

Status verifyImage(const std::string& path) {
    DecodeOptions options;
    options.targetShortSide = 1;  // the smallest decode (1/8 for JPEG) still entropy-decodes every byte
    options.applyExifOrientation = false;
    Result<cv::Mat> decoded = decodeImage(path, options);
    if (!decoded) return decoded.error();
    return {};
}

}  // namespace taxo
