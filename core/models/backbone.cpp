#include "core/models/backbone.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

namespace taxo {

namespace fs = std::filesystem;

namespace {

const char* const kCoralLicense = "Apache-2.0 (Google LLC / Coral, google-coral/test_data)";

BackboneInfo tfliteMobileNet(const std::string& dir, std::string id, std::string name, std::string file, std::string sha,
                             int embeddingDim, std::string labels, int classes) {
    BackboneInfo b;
    b.id = std::move(id);
    b.displayName = std::move(name);
    b.kind = "tflite";
    b.normalization = "tflite_uint8";
    b.embeddingDim = embeddingDim;
    b.modelFile = (fs::path(dir) / file).string();
    b.sha256 = std::move(sha);
    b.labelsFile = labels.empty() ? std::string() : (fs::path(dir) / labels).string();
    b.numClasses = classes;
    b.license = kCoralLicense;
    std::error_code ec;
    b.installed = fs::is_regular_file(b.modelFile, ec);
    return b;
}

}  // namespace

std::vector<BackboneInfo> knownBackbones(const std::string& dir) {
    // sha256 values: shared/models/coral/SOURCE.md (google-coral/test_data commit 104342d2).
    std::vector<BackboneInfo> out = {
        tfliteMobileNet(dir, "mobilenet_v2_imagenet", "MobileNetV2 (ImageNet)", "mobilenet_v2_1.0_224_quant.tflite",
                        "7aad0c74c5e3c06e5eb3c827e13304fdd68a83da6087d92ee169c24ff9fd4776", 1280, "imagenet_labels.txt", 1001),
        tfliteMobileNet(dir, "mobilenet_v2_inat_bird", "MobileNetV2 (iNaturalist birds)", "mobilenet_v2_1.0_224_inat_bird_quant.tflite",
                        "350fcd8cf1df1560060d464595dfed8b174b05792788052896004848d9ad04f9", 1280, "inat_bird_labels.txt", 965),
        tfliteMobileNet(dir, "mobilenet_v2_inat_insect", "MobileNetV2 (iNaturalist insects)",
                        "mobilenet_v2_1.0_224_inat_insect_quant.tflite",
                        "0ebaeb474dccf56b8b818b014f0d6a8e22b35a45b491a659f0b5405c9c838282", 1280, "inat_insect_labels.txt", 1022),
        tfliteMobileNet(dir, "mobilenet_v1_embedding", "MobileNetV1 embedding (ImageNet)",
                        "mobilenet_v1_1.0_224_quant_embedding_extractor.tflite",
                        "f409ef4f73fcbb9667841965623c5c8524aac33d41b9bf5f3667161fb4a76319", 1024, "", 0),
    };
    std::error_code ec;
    std::vector<fs::path> folders;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->is_directory(ec) && fs::is_regular_file(it->path() / "manifest.json", ec)) folders.push_back(it->path());
    std::sort(folders.begin(), folders.end());  // directory order is arbitrary; the list should not be
    for (const fs::path& f : folders)
        if (auto info = readBackboneManifest(f.string())) out.push_back(std::move(*info));
    return out;
}

Result<BackboneInfo> readBackboneManifest(const std::string& dir) {
    const std::string path = (fs::path(dir) / "manifest.json").string();
    std::ifstream in(path);
    if (!in) return makeError(ErrorCode::NotFound, path + ": cannot open the backbone manifest");
    const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return makeError(ErrorCode::BadFormat, path + ": not a JSON object");
    auto bad = [&](const std::string& what) { return makeError(ErrorCode::BadFormat, path + ": " + what); };
    auto str = [&](const char* key, std::string& out) -> bool {
        auto it = j.find(key);
        if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) return false;
        out = it->get<std::string>();
        return true;
    };
    auto positive = [&](const char* key, int& out, int max) -> bool {
        auto it = j.find(key);
        if (it == j.end() || !it->is_number_integer()) return false;
        const int64_t v = it->get<int64_t>();
        if (v < 1 || v > max) return false;
        out = static_cast<int>(v);
        return true;
    };
    std::string format, output, model;
    if (!str("format", format) || format != "taxoscope-backbone") return bad("\"format\" must be \"taxoscope-backbone\"");
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<int64_t>() != 1)
        return bad("\"version\" must be 1");
    BackboneInfo b;
    b.kind = "torchscript";
    if (!str("id", b.id)) return bad("\"id\" is missing or not a string");
    if (!str("displayName", b.displayName)) b.displayName = b.id;
    if (!str("model", model)) return bad("\"model\" (the TorchScript file name) is missing");
    if (model.find("..") != std::string::npos || fs::path(model).is_absolute()) return bad("\"model\" must be a file inside the folder");
    if (!positive("inputWidth", b.inputWidth, 4096) || !positive("inputHeight", b.inputHeight, 4096))
        return bad("\"inputWidth\" and \"inputHeight\" must be integers in 1..4096");
    static const char* const norms[] = {"tflite_uint8", "imagenet", "minus_one_to_one", "raw255", "zero_to_one"};
    if (!str("normalization", b.normalization) || std::find(std::begin(norms), std::end(norms), b.normalization) == std::end(norms))
        return bad("\"normalization\" must be one of tflite_uint8, imagenet, minus_one_to_one, raw255, zero_to_one");
    if (!positive("embeddingDim", b.embeddingDim, 1 << 20)) return bad("\"embeddingDim\" must be a positive integer");
    if (!str("output", output) || output != "embedding") return bad("\"output\" must be \"embedding\"");
    str("license", b.license);
    b.modelFile = (fs::path(dir) / model).string();
    std::error_code ec;
    b.installed = fs::is_regular_file(b.modelFile, ec);
    return b;
}

Result<BackboneInfo> findBackbone(const std::string& id, const std::string& modelsDir) {
    std::string known;
    for (BackboneInfo& b : knownBackbones(modelsDir)) {
        if (b.id == id) return b;
        known += (known.empty() ? "" : ", ") + b.id;
    }
    return makeError(ErrorCode::NotFound, "unknown backbone '" + id + "' (known: " + known + ")");
}

std::string defaultModelsDir() {
    if (const char* env = std::getenv("TAXOSCOPE_MODELS"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path() / ".." / "share" / "taxoscope" / "models";
        if (fs::is_directory(installed, ec)) return fs::weakly_canonical(installed, ec).string();
    }
    return (fs::current_path(ec) / "models").string();
}

Result<std::string> sha256File(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::NotFound, path + ": cannot open the file");
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        return makeError(ErrorCode::Internal, "OpenSSL: cannot start SHA-256");
    std::vector<char> chunk(1 << 16);
    while (in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) return makeError(ErrorCode::Io, path + ": read error");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(ctx.get(), digest, &len);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < len; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

Status verifyModelFile(const std::string& path, const std::string& expectedSha256) {
    auto actual = sha256File(path);
    if (!actual) return actual.error();
    std::string expected = expectedSha256;
    std::transform(expected.begin(), expected.end(), expected.begin(), [](unsigned char c) { return std::tolower(c); });
    if (*actual != expected)
        return makeError(ErrorCode::BadFormat, path + ": SHA-256 " + *actual + " differs from the expected " + expected +
                                                   " (corrupt or different model file)");
    return {};
}

Result<std::vector<std::string>> readLabels(const std::string& path) {
    std::ifstream in(path);
    if (!in) return makeError(ErrorCode::NotFound, path + ": cannot open the labels file");
    std::vector<std::string> labels;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
        labels.push_back(line);
    }
    while (!labels.empty() && labels.back().empty()) labels.pop_back();
    if (labels.empty()) return makeError(ErrorCode::BadFormat, path + ": no labels");
    return labels;
}

}  // namespace taxo
