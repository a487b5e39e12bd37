// Untrusted model files: a corrupted, truncated or wrong-kind TFLite model, TorchScript backbone, head (head.pt),
// image model (image_model.pt), model bundle (bundle.json) or backbone manifest gives an error value whose message
// names the file and the problem; nothing crashes. A TFLite file whose offsets point outside it is rejected, and one
// that still parses after any 4-byte word is redirected never hands out a data view beyond the file.
#include <QtTest>

#include "test_registry.h"

#include <filesystem>
#include <functional>
#include <fstream>
#include <random>

#include "../cli/cli_runner.h"
#include "../fuzz/tiny_tflite.h"
#include "core/eval/model_bundle.h"
#include "core/eval/predictor.h"
#include "core/models/backbone.h"
#include "core/models/backbone_net.h"
#include "core/models/backbone_preprocess.h"
#include "core/models/tflite_reader.h"
#include "core/train/head_trainer.h"
#include "core/train/image_trainer.h"
#include "test_support.h"
#include "toy_project.h"

using namespace taxo;
namespace fs = std::filesystem;
using Bytes = std::vector<uint8_t>;

namespace {

Bytes readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return Bytes((std::istreambuf_iterator<char>(in)), {});
}
void writeBytes(const std::string& path, const Bytes& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
}
void writeText(const std::string& path, const std::string& text) { writeBytes(path, Bytes(text.begin(), text.end())); }
Bytes cut(const Bytes& b, std::size_t n) { return Bytes(b.begin(), b.begin() + std::ptrdiff_t(std::min(n, b.size()))); }
Bytes randomBytes(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    Bytes b(n);
    for (auto& c : b) c = uint8_t(rng());
    return b;
}

// The result must be an error whose message names `file` (a path or a file name) and contains `problem` (when given).
template <typename T>
bool isClearError(const Result<T>& r, const std::string& file, const std::string& problem, std::string* why) {
    if (r) { *why = "accepted a broken " + file; return false; }
    const std::string& m = r.error().message;
    if (m.find(file) == std::string::npos) { *why = "message does not name " + file + ": " + m; return false; }
    if (!problem.empty() && m.find(problem) == std::string::npos) { *why = "message lacks \"" + problem + "\": " + m; return false; }
    return true;
}
#define EXPECT_CLEAR_ERROR(result, file, problem)                                   \
    do {                                                                            \
        std::string why_;                                                           \
        QVERIFY2(isClearError((result), (file), (problem), &why_), why_.c_str());   \
        ++errorsChecked_;                                                           \
    } while (0)

}  // namespace

class TestModelFiles : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::string models_, bundleDir_, photo_;
    Bytes headBytes_, backboneBytes_, bundleText_, tflite_;
    int errorsChecked_ = 0;

    // A fresh copy of the good bundle, for one corruption.
    std::string bundleCopy(const std::string& name) {
        const std::string dir = tmp_.filePath(QString::fromStdString(name)).toStdString();
        fs::create_directories(dir);
        fs::copy(bundleDir_, dir, fs::copy_options::overwrite_existing | fs::copy_options::recursive);
        return dir;
    }
    // A models folder whose toy backbone has the given model.pt bytes (or manifest text).
    std::string modelsWith(const std::string& name, const Bytes* modelPt, const std::string* manifest = nullptr) {
        const std::string dir = tmp_.filePath(QString::fromStdString(name)).toStdString();
        fs::create_directories(dir);
        fs::copy(models_, dir, fs::copy_options::overwrite_existing | fs::copy_options::recursive);
        if (modelPt) writeBytes(dir + "/toy_pool/model.pt", *modelPt);
        if (manifest) writeText(dir + "/toy_pool/manifest.json", *manifest);
        return dir;
    }

private Q_SLOTS:
    void initTestCase() {
        models_ = tmp_.filePath("models").toStdString();
        taxo::test::writeToyBackbone(models_);
        auto photos = taxo::test::writeToyPhotos(tmp_.filePath("photos").toStdString(), {"a"}, 1, 0, 5);
        photo_ = photos.front();
        // A real head on 48-value features, 3 classes, saved as a bundle for the toy backbone.
        FeatureSet train;
        train.dim = taxo::test::kToyEmbeddingDim;
        std::mt19937_64 rng(3);
        std::normal_distribution<float> n01;
        for (int i = 0; i < 30; ++i) {
            for (int d = 0; d < train.dim; ++d) train.values.push_back(n01(rng) + float(i % 3));
            train.labels.push_back(i % 3);
            ++train.rows;
        }
        TrainParams tp;
        tp.head = HeadConfig::forKind("mini");
        tp.epochs = 2;
        tp.threads = 1;
        auto trained = trainHead(train, train, 3, tp);
        QVERIFY(trained);
        auto info = findBackbone("toy_pool", models_);
        QVERIFY2(info, info ? "" : info.error().message.c_str());
        auto spec = preprocessSpecFor(*info);
        QVERIFY(spec);
        ModelBundle b;
        b.dir = tmp_.filePath("bundle").toStdString();
        fs::create_directories(b.dir);
        b.backboneId = "toy_pool";
        b.preprocessKey = spec->key();
        b.embeddingDim = taxo::test::kToyEmbeddingDim;
        b.classNames = {"chordata_ardeidae", "chordata_balaenidae", "mollusca_unionidae"};
        b.head = tp.head;
        QVERIFY(saveHead(trained->head, b.headPath()));
        QVERIFY(writeModelBundle(b));
        bundleDir_ = b.dir;
        headBytes_ = readBytes(b.headPath());
        backboneBytes_ = readBytes(models_ + "/toy_pool/model.pt");
        bundleText_ = readBytes(bundleDir_ + "/bundle.json");
        tflite_ = taxo::tiny_tflite::tinyTflite();
        QVERIFY(headBytes_.size() > 1000 && backboneBytes_.size() > 100);

        // The good bundle predicts: the corruptions below are what breaks it.
        auto predictor = Predictor::load(bundleDir_, models_, "cpu", 1);
        QVERIFY2(predictor, predictor ? "" : predictor.error().message.c_str());
        auto predicted = (*predictor)->predict({photo_});
        QVERIFY(predicted && predicted->size() == 1 && predicted->front().error.empty());
        auto parsed = tflite::parseModel(tflite_, "tiny.tflite");
        QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->operators.size(), std::size_t(2));
    }

    void tfliteOffsetsOutsideTheFileAreRejected() {
        // Every aligned 4-byte word in turn redirected just past the end, far past it, and to a negative offset.
        int rejected = 0, parsed = 0;
        for (std::size_t pos = 0; pos + 4 <= tflite_.size(); pos += 4) {
            for (uint32_t value : {uint32_t(tflite_.size() - pos + 4), 0x7ffffff0u, 0xfffffff0u}) {
                Bytes b = tflite_;
                std::memcpy(b.data() + pos, &value, 4);
                auto r = tflite::parseModel(b, "redirected.tflite");
                if (!r) {
                    ++rejected;
                    QVERIFY2(r.error().message.rfind("redirected.tflite: ", 0) == 0, r.error().message.c_str());
                    continue;
                }
                ++parsed;  // the word was a scalar (a shape, an index, a quantisation value...)
                const uint8_t* begin = r->bytes->data();
                const uint8_t* end = begin + r->bytes->size();
                for (const auto& t : r->tensors) {
                    if (!t.data) continue;
                    QVERIFY2(t.data >= begin && t.data + t.dataSize <= end, qPrintable(QString("word at %1 = %2").arg(pos).arg(value)));
                    (void)tflite::dequantize(t);
                }
            }
        }
        qInfo("tiny.tflite (%zu bytes): %d redirected words rejected, %d parsed with every data view inside the file",
              tflite_.size(), rejected, parsed);
        QVERIFY(rejected > parsed);

        // A constant buffer whose length runs past the end: its [ubyte] vector {2, 0, 0, 0, 10, 200} becomes 2^30 long.
        const Bytes needle = {2, 0, 0, 0, 10, 200};
        auto at = std::search(tflite_.begin(), tflite_.end(), needle.begin(), needle.end());
        QVERIFY(at != tflite_.end());
        Bytes longBuffer = tflite_;
        const uint32_t huge = 1u << 30;
        std::memcpy(longBuffer.data() + (at - tflite_.begin()), &huge, 4);
        EXPECT_CLEAR_ERROR(tflite::parseModel(longBuffer, "long.tflite"), "long.tflite", "");
    }

    void tfliteFilesOfTheWrongKindOrTruncated() {
        const std::string dir = tmp_.filePath("tflite").toStdString();
        fs::create_directories(dir);
        struct Case { std::string name; Bytes bytes; std::string problem; } cases[] = {
            {"empty.tflite", {}, "too short"},
            {"half.tflite", cut(tflite_, tflite_.size() / 2), ""},
            {"photo.tflite", readBytes(photo_), "not a TFLite model"},
            {"torchscript.tflite", backboneBytes_, "not a TFLite model"},
            {"head.tflite", headBytes_, "not a TFLite model"},
            {"noise.tflite", randomBytes(5000, 9), ""},
        };
        for (const auto& c : cases) {
            writeBytes(dir + "/" + c.name, c.bytes);
            EXPECT_CLEAR_ERROR(tflite::readModel(dir + "/" + c.name), dir + "/" + c.name, c.problem);
        }
        EXPECT_CLEAR_ERROR(tflite::readModel(dir + "/absent.tflite"), dir + "/absent.tflite", "");

        // Through the backbone registry: a built-in backbone whose file is the wrong model or a truncated one.
        for (const auto& [label, bytes] : {std::pair<std::string, Bytes>{"tiny", tflite_}, {"cut", cut(tflite_, 40)}, {"photo", readBytes(photo_)}}) {
            const std::string m = tmp_.filePath(QString::fromStdString("coral_" + label)).toStdString();
            fs::create_directories(m);
            auto info = findBackbone("mobilenet_v2_imagenet", m);
            QVERIFY(info);
            writeBytes(info->modelFile, bytes);
            EXPECT_CLEAR_ERROR(loadBackbone("mobilenet_v2_imagenet", m), fs::path(info->modelFile).filename().string(), "");
        }
    }

    void torchScriptBackboneFiles() {
        struct Case { std::string name; Bytes bytes; std::string problem; } cases[] = {
            {"empty", {}, "not a loadable TorchScript module"},
            {"half", cut(backboneBytes_, backboneBytes_.size() / 2), "not a loadable TorchScript module"},
            {"tail_cut", cut(backboneBytes_, backboneBytes_.size() - 30), "not a loadable TorchScript module"},
            {"noise", randomBytes(4000, 11), "not a loadable TorchScript module"},
            {"tflite", tflite_, "not a loadable TorchScript module"},
            {"head", headBytes_, ""},  // a zip archive of tensors but no forward(): fails on its test input
        };
        for (const auto& c : cases) {
            const std::string m = modelsWith("ts_" + c.name, &c.bytes);
            auto info = findBackbone("toy_pool", m);
            QVERIFY2(info, c.name.c_str());
            EXPECT_CLEAR_ERROR(loadBackbone(*info), "toy_pool/model.pt", c.problem);
            // A bundle on that backbone refuses to load with the same message.
            EXPECT_CLEAR_ERROR(Predictor::load(bundleDir_, m, "cpu", 1), "toy_pool/model.pt", "");
        }
        // Corrupted bytes in the middle of the archive (its tensors or code): an error or a working backbone.
        for (int i = 0; i < 20; ++i) {
            Bytes b = backboneBytes_;
            std::mt19937_64 rng(100 + std::uint64_t(i));
            for (int j = 0; j < 8; ++j) b[rng() % b.size()] = uint8_t(rng());
            const std::string m = modelsWith("ts_flip", &b);
            auto loaded = loadBackbone(*findBackbone("toy_pool", m));
            if (!loaded) QVERIFY2(loaded.error().message.find("toy_pool/model.pt") != std::string::npos, loaded.error().message.c_str());
        }
    }

    void backboneManifests() {
        const Bytes manifest = readBytes(models_ + "/toy_pool/manifest.json");
        const std::string good(manifest.begin(), manifest.end());
        const std::string dimField = "\"embeddingDim\": 48";
        std::string lyingDim = good;
        lyingDim.replace(lyingDim.find(dimField), dimField.size(), "\"embeddingDim\": 1280");
        std::string missingModel = good;
        missingModel.replace(missingModel.find("\"model.pt\""), 10, "\"gone.pt\"");
        struct Case { std::string name, text, problem; } cases[] = {
            {"empty", "", "manifest.json"},
            {"truncated", good.substr(0, good.size() / 2), "manifest.json"},
            {"array", "[1, 2]", "not a JSON object"},
            {"binary", std::string(reinterpret_cast<const char*>(headBytes_.data()), 300), "manifest.json"},
            {"wrong_format", "{\"format\": \"keras\", \"version\": 1}", "\"format\""},
        };
        for (const auto& c : cases) {
            const std::string m = modelsWith("mf_" + c.name, nullptr, &c.text);
            EXPECT_CLEAR_ERROR(readBackboneManifest(m + "/toy_pool"), "toy_pool/manifest.json", c.problem);
            // An invalid manifest is left out of the registry: the id is then unknown, named in the error.
            EXPECT_CLEAR_ERROR(findBackbone("toy_pool", m), "toy_pool", "");
        }
        const std::string lying = modelsWith("mf_dim", nullptr, &lyingDim);
        EXPECT_CLEAR_ERROR(loadBackbone("toy_pool", lying), "model.pt", "embeddingDim 1280");
        const std::string gone = modelsWith("mf_gone", nullptr, &missingModel);
        auto info = readBackboneManifest(gone + "/toy_pool");
        QVERIFY(info && !info->installed);
        EXPECT_CLEAR_ERROR(loadBackbone(*info), "gone.pt", "");
    }

    void headFiles() {
        struct Case { std::string name; Bytes bytes; std::string problem; } cases[] = {
            {"empty", {}, ""},
            {"half", cut(headBytes_, headBytes_.size() / 2), ""},
            {"tail_cut", cut(headBytes_, headBytes_.size() - 22), ""},
            {"noise", randomBytes(headBytes_.size(), 13), ""},
            {"torchscript", backboneBytes_, "not a Taxoscope head file"},  // a TorchScript module: the wrong kind of archive
            {"tflite", tflite_, ""},
            {"json", bundleText_, ""},
        };
        for (const auto& c : cases) {
            const std::string dir = bundleCopy("head_" + c.name);
            writeBytes(dir + "/head.pt", c.bytes);
            EXPECT_CLEAR_ERROR(loadHead(dir + "/head.pt", "cpu"), dir + "/head.pt", c.problem);
            EXPECT_CLEAR_ERROR(Predictor::load(dir, models_, "cpu", 1), "head.pt", "");
        }
        // Flipped bytes inside the archive: an error naming head.pt, or a head that still predicts.
        int failed = 0;
        for (int i = 0; i < 30; ++i) {
            Bytes b = headBytes_;
            std::mt19937_64 rng(200 + std::uint64_t(i));
            for (int j = 0; j < 4; ++j) b[rng() % b.size()] = uint8_t(rng());
            const std::string dir = bundleCopy("head_flip");
            writeBytes(dir + "/head.pt", b);
            auto p = Predictor::load(dir, models_, "cpu", 1);
            if (!p) {
                ++failed;
                QVERIFY2(p.error().message.find("head.pt") != std::string::npos, p.error().message.c_str());
            } else {
                QVERIFY((*p)->predict({photo_}).ok());
            }
        }
        qInfo("head.pt with 4 flipped bytes: %d of 30 refused (the rest flip tensor values and still predict)", failed);
        EXPECT_CLEAR_ERROR(loadHead(tmp_.filePath("nowhere/head.pt").toStdString(), "cpu"), "nowhere/head.pt", "");
    }

    void imageModelFiles() {
        for (const auto& [name, bytes] : {std::pair<std::string, Bytes>{"head", headBytes_}, {"half", cut(headBytes_, headBytes_.size() / 2)},
                                          {"torchscript", backboneBytes_}, {"empty", {}}, {"noise", randomBytes(3000, 17)}}) {
            const std::string dir = bundleCopy("image_" + name);
            std::string text(bundleText_.begin(), bundleText_.end());
            text.replace(text.find("\"kind\": \"head\""), 14, "\"kind\": \"image\"");
            writeText(dir + "/bundle.json", text);
            writeBytes(dir + "/image_model.pt", bytes);
            EXPECT_CLEAR_ERROR(loadImageModel(dir + "/image_model.pt", models_, "cpu"), dir + "/image_model.pt", "");
            EXPECT_CLEAR_ERROR(Predictor::load(dir, models_, "cpu", 1), "image_model.pt", "");
        }
        // A head bundle that lost its head.pt, an image bundle without image_model.pt.
        const std::string noHead = bundleCopy("no_head");
        fs::remove(noHead + "/head.pt");
        EXPECT_CLEAR_ERROR(Predictor::load(noHead, models_, "cpu", 1), "head.pt", "");
    }

    void bundleManifests() {
        const std::string good(bundleText_.begin(), bundleText_.end());
        const nlohmann::json json = nlohmann::json::parse(good);
        auto edit = [&](const std::function<void(nlohmann::json&)>& change) {
            nlohmann::json j = json;
            change(j);
            return j.dump(2);
        };
        using J = nlohmann::json;
        struct Case { std::string name, text, file, problem; } cases[] = {
            {"empty", "", "bundle.json", "not valid JSON"},
            {"truncated", good.substr(0, good.size() / 2), "bundle.json", "not valid JSON"},
            {"binary", std::string(reinterpret_cast<const char*>(headBytes_.data()), headBytes_.size()), "bundle.json", "not valid JSON"},
            {"array", "[]", "bundle.json", "not valid JSON"},
            {"format", edit([](J& j) { j["format"] = 9; }), "bundle.json", "\"format\""},
            {"no_format", edit([](J& j) { j.erase("format"); }), "bundle.json", "\"format\""},
            {"kind", edit([](J& j) { j["kind"] = "video"; }), "bundle.json", "\"kind\""},
            {"dim_type", edit([](J& j) { j["embedding_dim"] = "48"; }), "bundle.json", "\"embedding_dim\""},
            {"dim_negative", edit([](J& j) { j["embedding_dim"] = -48; }), "bundle.json", "\"embedding_dim\""},
            {"one_class", edit([](J& j) { j["class_names"] = {"chordata_ardeidae"}; }), "bundle.json", "\"class_names\""},
            {"class_type", edit([](J& j) { j["class_names"][0] = 7; }), "bundle.json", "\"class_names\""},
            {"no_head", edit([](J& j) { j.erase("head"); }), "bundle.json", "\"head\""},
            {"head_kind", edit([](J& j) { j["head"]["kind"] = "transformer"; }), "bundle.json", "\"head\""},
            {"backbone", edit([](J& j) { j["backbone"] = ""; }), "bundle.json", "\"backbone\""},
            // Valid JSON that disagrees with the files beside it.
            {"more_classes", edit([](J& j) { j["class_names"].push_back("porifera_spongillidae"); }), "bundle", "3 classes"},
            {"other_dim", edit([](J& j) { j["embedding_dim"] = 1280; }), "bundle", "1280"},
            {"unknown_backbone", edit([](J& j) { j["backbone"] = "convnext_huge"; }), "convnext_huge", ""},
            {"preprocess", edit([](J& j) { j["preprocess"] = "rotate-by-pi"; }), "bundle", "preprocess"},
        };
        for (const auto& c : cases) {
            const std::string dir = bundleCopy("bundle_" + c.name);
            writeText(dir + "/bundle.json", c.text);
            EXPECT_CLEAR_ERROR(Predictor::load(dir, models_, "cpu", 1), c.file, c.problem);
        }
        EXPECT_CLEAR_ERROR(readModelBundle(tmp_.filePath("photos").toStdString()), "photos", "not a Taxoscope model");
    }

    void cliReportsBrokenModelsWithoutCrashing() {
        const QString models = QString::fromStdString(models_);
        const std::string truncatedHead = bundleCopy("cli_head");
        writeBytes(truncatedHead + "/head.pt", cut(headBytes_, headBytes_.size() / 3));
        const std::string badBackbone = modelsWith("cli_ts", &tflite_);
        struct Case { std::string bundle, models, expect; } cases[] = {
            {truncatedHead, models_, "head.pt"},
            {bundleDir_, badBackbone, "model.pt"},
        };
        for (const auto& c : cases) {
            auto r = taxo::test::runCli({"predict", QString::fromStdString(photo_), "--model", QString::fromStdString(c.bundle), "--models",
                                         QString::fromStdString(c.models)});
            QVERIFY2(r.exitCode > 0, r.err.constData());  // -1 would be a crash
            QVERIFY2(r.err.contains(c.expect.c_str()), r.err.constData());
        }
        qInfo("%d broken model files gave clear errors", errorsChecked_);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestModelFiles)
#include "test_model_files.moc"
