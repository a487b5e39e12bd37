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

#include <jpeglib.h>

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

Bytes cmykJpeg(int w, int h) {
    std::vector<unsigned char> cmyk(std::size_t(w * h * 4));
    for (std::size_t i = 0; i < cmyk.size(); ++i) cmyk[i] = static_cast<unsigned char>((i * 29) % 256);
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
    jpeg_start_compress(&cinfo, TRUE);
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW row = &cmyk[std::size_t(cinfo.next_scanline) * std::size_t(w) * 4];
        jpeg_write_scanlines(&cinfo, &row, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    Bytes bytes(out, out + outSize);
    std::free(out);
    return bytes;
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
    images["cmyk.jpg"] = cmykJpeg(8, 8);
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

// ---- TFLite ------------------------------------------------------------------------------------------------
// A forward flatbuffer writer: a parent is written before its children, with 4-byte placeholders that are
// patched once the child's position is known (flatbuffer uoffsets point forward, vtable offsets may point back).
struct Flat {
    Bytes b;
    void pad(std::size_t align, std::size_t extra = 0) {
        while ((b.size() + extra) % align) b.push_back(0);
    }
    std::size_t put32(uint32_t v) {
        const std::size_t at = b.size();
        b.resize(at + 4);
        std::memcpy(&b[at], &v, 4);
        return at;
    }
    void patch(std::size_t at, std::size_t target) {
        const uint32_t off = uint32_t(target - at);
        std::memcpy(&b[at], &off, 4);
    }
    // Every field gets a 4-byte slot (scalars narrower than 4 bytes sit in its low bytes, little-endian).
    // Returns the slot position of each field id, for patching references.
    std::map<int, std::size_t> table(const std::map<int, uint32_t>& fields, std::size_t* tablePos = nullptr) {
        int maxId = -1;
        for (const auto& f : fields) maxId = std::max(maxId, f.first);
        pad(4);
        const std::size_t vt = b.size();
        std::vector<uint16_t> vtable(std::size_t(maxId + 1) + 2, 0);
        vtable[0] = uint16_t(vtable.size() * 2);
        vtable[1] = uint16_t(4 + 4 * fields.size());
        int slot = 0;
        for (const auto& f : fields) vtable[std::size_t(f.first) + 2] = uint16_t(4 + 4 * slot++);
        for (uint16_t v : vtable) {
            b.push_back(uint8_t(v));
            b.push_back(uint8_t(v >> 8));
        }
        pad(4);
        const std::size_t table = put32(0);
        const int32_t toVtable = int32_t(table - vt);
        std::memcpy(&b[table], &toVtable, 4);
        std::map<int, std::size_t> slots;
        for (const auto& f : fields) slots[f.first] = put32(f.second);
        if (tablePos) *tablePos = table;
        return slots;
    }
    template <typename T>
    std::size_t vector(const std::vector<T>& items) {
        pad(sizeof(T) > 4 ? sizeof(T) : 4, 4);
        const std::size_t at = put32(uint32_t(items.size()));
        for (const T& item : items) {
            const std::size_t p = b.size();
            b.resize(p + sizeof(T));
            std::memcpy(&b[p], &item, sizeof(T));
        }
        return at;
    }
    std::size_t string(const std::string& s) {
        pad(4);
        const std::size_t at = put32(uint32_t(s.size()));
        b.insert(b.end(), s.begin(), s.end());
        b.push_back(0);
        return at;
    }
    // A vector of tables referenced from refSlot: returns the element slots, to be patched to each table.
    std::vector<std::size_t> tableVector(std::size_t refSlot, std::size_t count) {
        pad(4);
        patch(refSlot, put32(uint32_t(count)));
        std::vector<std::size_t> slots;
        for (std::size_t i = 0; i < count; ++i) slots.push_back(put32(0));
        return slots;
    }
};

// input (1x4x4x1 float) -> CONV_2D with 2 uint8 per-channel-quantised 1x1 filters -> output (1x4x4x2) -> RESHAPE.
Bytes tinyTflite() {
    Flat f;
    const std::size_t root = f.put32(0);
    f.b.insert(f.b.end(), {'T', 'F', 'L', '3'});
    std::size_t modelPos = 0;
    auto model = f.table({{0, 3}, {1, 0}, {2, 0}, {3, 0}, {4, 0}}, &modelPos);
    f.patch(root, modelPos);

    f.patch(model[3], f.string("tiny seed model"));

    auto opcodeSlots = f.tableVector(model[1], 2);
    std::size_t t = 0;
    f.table({{0, 3}, {3, 3}}, &t);
    f.patch(opcodeSlots[0], t);
    f.table({{0, 22}, {3, 22}}, &t);
    f.patch(opcodeSlots[1], t);

    auto bufferSlots = f.tableVector(model[4], 3);
    f.table({}, &t);
    f.patch(bufferSlots[0], t);
    auto buf1 = f.table({{0, 0}}, &t);
    f.patch(bufferSlots[1], t);
    f.patch(buf1[0], f.vector(std::vector<uint8_t>{10, 200}));
    auto buf2 = f.table({{0, 0}}, &t);
    f.patch(bufferSlots[2], t);
    const int32_t newShape[] = {1, 32};  // buffer data is a [ubyte] vector: the int32 values' bytes
    f.patch(buf2[0], f.vector(Bytes(reinterpret_cast<const uint8_t*>(newShape), reinterpret_cast<const uint8_t*>(newShape) + 8)));

    auto subgraphSlots = f.tableVector(model[2], 1);
    auto sg = f.table({{0, 0}, {1, 0}, {2, 0}, {3, 0}}, &t);
    f.patch(subgraphSlots[0], t);
    f.patch(sg[1], f.vector(std::vector<int32_t>{0}));
    f.patch(sg[2], f.vector(std::vector<int32_t>{4}));

    auto tensorSlots = f.tableVector(sg[0], 5);
    struct T { std::vector<int32_t> shape; uint32_t type, buffer; std::string name; bool quant; };
    const std::vector<T> tensors = {{{1, 4, 4, 1}, 0, 0, "input", false},
                                    {{2, 1, 1, 1}, 3, 1, "weights", true},
                                    {{1, 4, 4, 2}, 0, 0, "conv", false},
                                    {{2}, 2, 2, "shape", false},
                                    {{1, 32}, 0, 0, "output", false}};
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        std::map<int, uint32_t> fields = {{0, 0}, {1, tensors[i].type}, {2, tensors[i].buffer}, {3, 0}};
        if (tensors[i].quant) fields[4] = 0;
        auto slots = f.table(fields, &t);
        f.patch(tensorSlots[i], t);
        f.patch(slots[0], f.vector(tensors[i].shape));
        f.patch(slots[3], f.string(tensors[i].name));
        if (tensors[i].quant) {
            auto q = f.table({{2, 0}, {3, 0}, {6, 0}}, &t);
            f.patch(slots[4], t);
            f.patch(q[2], f.vector(std::vector<float>{0.5f, 0.25f}));
            f.patch(q[3], f.vector(std::vector<int64_t>{128, 0}));
        }
    }

    auto operatorSlots = f.tableVector(sg[3], 2);
    auto conv = f.table({{0, 0}, {1, 0}, {2, 0}, {3, 1}, {4, 0}}, &t);
    f.patch(operatorSlots[0], t);
    f.patch(conv[1], f.vector(std::vector<int32_t>{0, 1, -1}));
    f.patch(conv[2], f.vector(std::vector<int32_t>{2}));
    f.table({{0, 1}, {1, 1}, {2, 1}, {3, 1}}, &t);  // Conv2DOptions: VALID, stride 1x1, RELU
    f.patch(conv[4], t);
    auto reshape = f.table({{0, 1}, {1, 0}, {2, 0}, {3, 17}, {4, 0}}, &t);
    f.patch(operatorSlots[1], t);
    f.patch(reshape[1], f.vector(std::vector<int32_t>{2, 3}));
    f.patch(reshape[2], f.vector(std::vector<int32_t>{4}));
    auto reshapeOptions = f.table({{0, 0}}, &t);
    f.patch(reshape[4], t);
    f.patch(reshapeOptions[0], f.vector(std::vector<int32_t>{1, 32}));
    return f.b;
}

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
