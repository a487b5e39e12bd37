// Writes the seed corpora of the fuzz targets into <out>/csv, <out>/image and <out>/tflite:
// small CSVs in the shapes met in the wild, tiny images of each format OpenCV writes (plus a libjpeg CMYK JPEG
// and an EXIF-rotated JPEG), a tiny hand-assembled TFLite model, and truncated copies of the binary seeds.
// Generated at fuzz time so the repository holds no binaries. Usage: make_seeds <out-dir>
#include <cstdint>
#include <cstdio>  // before jpeglib.h, which needs FILE and size_t
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>


#include "tests/cmyk_jpeg.h"
#include "tiny_tflite.h"

namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

void writeFile(const fs::path& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}
void writeText(const fs::path& path, const std::string& text) { writeFile(path, Bytes(text.begin(), text.end())); }

// ---- CSV ---------------------------------------------------------------------------------------------------
void csvSeeds(const fs::path& dir) {
    const std::string header = "rare_species_id,eol_content_id,eol_page_id,kingdom,phylum,family,file_path\n";
    writeText(dir / "plain.csv", header + "a1,1,2,Animalia,Chordata,Ardeidae,x/a.jpg\nb2,3,4,Animalia,Mollusca,Unionidae,x/b.jpg\n");
    writeText(dir / "bom_crlf.csv", "\xEF\xBB\xBFid,family,file_path\r\n1,Ardeidae,a.jpg\r\n2,Ardeidae,b.jpg\r\n");
    writeText(dir / "quotes.csv", "id,name,file_path\n1,\"Heron, grey\",a.jpg\n2,\"say \"\"hi\"\"\",b.jpg\n3,\"two\nlines\",c.jpg\n");
    writeText(dir / "ragged.csv", "id,family,file_path\n1,Ardeidae\n2,Ardeidae,b.jpg,,\n3,Ardeidae,c.jpg,extra\n\n\n4,,d.jpg\n");
    writeText(dir / "unterminated.csv", "id,family,file_path\n1,\"Ardeidae,a.jpg\n2,x,y\n");
    writeText(dir / "oversize.csv", "id,notes,file_path\n1," + std::string(200, 'n') + ",a.jpg\n2,ok,b.jpg\n");
    writeText(dir / "header_only.csv", "id,family,file_path");
    writeText(dir / "spaces.csv", "  Scientific Name ; id ,\tfile_path\n x ; 1 , a.jpg \n");
}

// ---- images ------------------------------------------------------------------------------------------------
cv::Mat pattern(int w, int h, int type) {
    cv::Mat m(h, w, type);
    const int channels = m.channels();
    const double scale = m.depth() == CV_16U ? 257.0 : 1.0;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            for (int c = 0; c < channels; ++c) {
                const double v = ((x * 37 + y * 91 + c * 53) % 256) * scale;
                if (m.depth() == CV_16U) m.ptr<uint16_t>(y)[x * channels + c] = uint16_t(v);
                else m.ptr<uint8_t>(y)[x * channels + c] = uint8_t(v);
            }
    return m;
}

Bytes encode(const std::string& ext, const cv::Mat& image) {
    Bytes out;
    cv::imencode(ext, image, out);
    return out;
}

// A JPEG with an EXIF APP1 segment (big-endian TIFF, one IFD entry: Orientation = 6) after SOI.
Bytes withExifOrientation(const Bytes& jpeg, uint16_t orientation) {
    const uint8_t tiff[] = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1,
                            uint8_t(orientation >> 8), uint8_t(orientation), 0, 0, 0, 0, 0, 0};
    Bytes app1 = {0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
    app1.insert(app1.end(), std::begin(tiff), std::end(tiff));
    const std::size_t len = app1.size() - 2;
    app1[2] = uint8_t(len >> 8);
    app1[3] = uint8_t(len);
    Bytes out(jpeg.begin(), jpeg.begin() + 2);
    out.insert(out.end(), app1.begin(), app1.end());
    out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
    return out;
}

void imageSeeds(const fs::path& dir) {
    std::map<std::string, Bytes> images;
    images["rgb.jpg"] = encode(".jpg", pattern(16, 12, CV_8UC3));
    images["gray.jpg"] = encode(".jpg", pattern(9, 7, CV_8UC1));
    std::vector<int> progressive = {cv::IMWRITE_JPEG_PROGRESSIVE, 1};
    Bytes prog;
    cv::imencode(".jpg", pattern(17, 9, CV_8UC3), prog, progressive);
    images["progressive.jpg"] = prog;
    images["exif6.jpg"] = withExifOrientation(images["rgb.jpg"], 6);
    {
        const std::string cmyk = taxo::test::patternCmykJpeg(8, 8, 29);
        images["cmyk.jpg"] = Bytes(cmyk.begin(), cmyk.end());
    }
    images["rgb.png"] = encode(".png", pattern(10, 6, CV_8UC3));
    images["rgba.png"] = encode(".png", pattern(6, 6, CV_8UC4));
    images["gray16.png"] = encode(".png", pattern(5, 4, CV_16UC1));
    images["rgb16.png"] = encode(".png", pattern(5, 4, CV_16UC3));
    images["rgb.bmp"] = encode(".bmp", pattern(7, 5, CV_8UC3));
    images["rgb.webp"] = encode(".webp", pattern(8, 8, CV_8UC3));
    images["rgb.tif"] = encode(".tiff", pattern(6, 5, CV_8UC3));
    images["rgb16.tif"] = encode(".tiff", pattern(4, 4, CV_16UC3));
    images["one.png"] = encode(".png", pattern(1, 1, CV_8UC3));
    int selector = 0;
    for (const auto& [name, bytes] : images) {
        if (bytes.empty()) continue;  // a codec this OpenCV lacks
        // The fuzz target reads the first byte as its decode options.
        Bytes whole = {uint8_t(selector++ & 7)};
        whole.insert(whole.end(), bytes.begin(), bytes.end());
        writeFile(dir / name, whole);
        writeFile(dir / ("cut_" + name), Bytes(whole.begin(), whole.begin() + std::ptrdiff_t(whole.size() * 2 / 3)));
    }
}

// ---- TFLite (the model itself: tiny_tflite.h) ----------------------------------------------------------------
using taxo::tiny_tflite::tinyTflite;

void tfliteSeeds(const fs::path& dir) {
    const Bytes model = tinyTflite();
    writeFile(dir / "tiny.tflite", model);
    for (std::size_t cut : {model.size() / 2, model.size() - 7, std::size_t(8)})
        writeFile(dir / ("cut" + std::to_string(cut) + ".tflite"), Bytes(model.begin(), model.begin() + std::ptrdiff_t(cut)));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <out-dir>\n", argv[0]);
        return 2;
    }
    const fs::path out = argv[1];
    for (const char* sub : {"csv", "image", "tflite"}) fs::create_directories(out / sub);
    csvSeeds(out / "csv");
    imageSeeds(out / "image");
    tfliteSeeds(out / "tflite");
    return 0;
}
