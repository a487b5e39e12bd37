#pragma once
// A CMYK JPEG written with libjpeg's own API (OpenCV cannot encode CMYK), for the image tests, the bad-input corpus
// and the fuzz seeds. The including target links libjpeg.
#include <cstddef>
#include <cstdio>  // before jpeglib.h, which needs FILE and size_t
#include <cstdlib>
#include <string>
#include <vector>

#include <jpeglib.h>

namespace taxo::test {

// `cmyk`: w x h x 4 ink values, row-major (Adobe convention as libjpeg writes it: 255 = no ink). Returns the file's bytes.
inline std::string encodeCmykJpeg(const std::vector<unsigned char>& cmyk, int w, int h, int quality = 75) {
    jpeg_compress_struct cinfo{};
    jpeg_error_mgr jerr{};
    cinfo.err = jpeg_std_error(&jerr);
    jpeg_create_compress(&cinfo);
    unsigned char* out = nullptr;
    unsigned long outSize = 0;
    jpeg_mem_dest(&cinfo, &out, &outSize);
    cinfo.image_width = JDIMENSION(w);
    cinfo.image_height = JDIMENSION(h);
    cinfo.input_components = 4;
    cinfo.in_color_space = JCS_CMYK;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        auto row = const_cast<JSAMPROW>(&cmyk[std::size_t(cinfo.next_scanline) * std::size_t(w) * 4]);
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    std::string bytes(reinterpret_cast<char*>(out), outSize);
    std::free(out);
    return bytes;
}

// A w x h CMYK JPEG of a deterministic ink pattern (step: the pattern's multiplier, any odd number).
inline std::string patternCmykJpeg(int w, int h, unsigned step = 31) {
    std::vector<unsigned char> cmyk(std::size_t(w) * std::size_t(h) * 4);
    for (std::size_t i = 0; i < cmyk.size(); ++i) cmyk[i] = static_cast<unsigned char>((i * step) % 256);
    return encodeCmykJpeg(cmyk, w, h);
}

}  // namespace taxo::test
