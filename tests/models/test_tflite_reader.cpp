// The TFLite reader: real coral files (integration, when ../shared is there) and generated broken buffers (unit).
#include <QtTest>

#include "test_registry.h"

#include <cmath>
#include <cstring>
#include <random>

#include "core/models/backbone.h"
#include "core/models/tflite_reader.h"
#include "test_support.h"

using namespace taxo;
using namespace taxo::tflite;

namespace {

void put32(std::vector<uint8_t>& b, std::size_t pos, uint32_t v) { std::memcpy(b.data() + pos, &v, 4); }
void put16(std::vector<uint8_t>& b, std::size_t pos, uint16_t v) { std::memcpy(b.data() + pos, &v, 2); }

// A minimal, well-formed Model table (version 3, nothing else): root -> table at 16, vtable at 8.
std::vector<uint8_t> minimalModel(uint32_t version = 3) {
    std::vector<uint8_t> b(24, 0);
    put32(b, 0, 16);
    std::memcpy(b.data() + 4, "TFL3", 4);
    put16(b, 8, 6);   // vtable size
    put16(b, 10, 8);  // table size
    put16(b, 12, 4);  // field 0 (version) at table + 4
    put32(b, 16, 8);  // soffset: table - vtable
    put32(b, 20, version);
    return b;
}

std::vector<uint8_t> readBytes(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray a = f.readAll();
    return std::vector<uint8_t>(a.begin(), a.end());
}

// A parse must either succeed or fail with BadFormat/TooLarge and a message naming the source.
void expectCleanOutcome(const std::vector<uint8_t>& bytes, const char* name) {
    auto r = parseModel(bytes, name);
    if (r) {
        for (const Tensor& t : r->tensors)
            if (t.data) (void)dequantize(t);
        return;
    }
    QVERIFY2(r.error().code == ErrorCode::BadFormat || r.error().code == ErrorCode::TooLarge, r.error().message.c_str());
    QVERIFY2(r.error().message.rfind(name, 0) == 0, r.error().message.c_str());
}

const char* kModels[] = {"mobilenet_v2_1.0_224_quant.tflite", "mobilenet_v2_1.0_224_inat_bird_quant.tflite",
                         "mobilenet_v2_1.0_224_inat_insect_quant.tflite", "mobilenet_v1_1.0_224_quant_embedding_extractor.tflite"};

}  // namespace

class TestTfliteReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rejectsGeneratedGarbage() {
        auto empty = parseModel({}, "empty.tflite");
        QVERIFY(!empty);
        QVERIFY2(empty.error().message.find("empty.tflite: too short") == 0, empty.error().message.c_str());

        std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13};
        auto wrongKind = parseModel(png, "photo.png");
        QVERIFY(!wrongKind);
        QVERIFY2(wrongKind.error().message.find("not a TFLite model") != std::string::npos, wrongKind.error().message.c_str());

        auto noSubgraph = parseModel(minimalModel(), "min.tflite");
        QVERIFY(!noSubgraph);
        QVERIFY2(noSubgraph.error().message == "min.tflite: has no subgraph", noSubgraph.error().message.c_str());

        auto oldVersion = parseModel(minimalModel(2), "v2.tflite");
        QVERIFY(!oldVersion);
        QVERIFY2(oldVersion.error().message.find("schema version 2") != std::string::npos, oldVersion.error().message.c_str());

        auto rootOut = minimalModel();
        put32(rootOut, 0, 4000);
        auto r1 = parseModel(rootOut, "root.tflite");
        QVERIFY(!r1);
        QVERIFY2(r1.error().message.find("root offset points outside the file") != std::string::npos, r1.error().message.c_str());

        auto vtableOut = minimalModel();
        put32(vtableOut, 16, 0x80000000u);  // soffset to a vtable far beyond the file
        auto r2 = parseModel(vtableOut, "vt.tflite");
        QVERIFY(!r2);
        QVERIFY2(r2.error().message.find("vtable outside the file") != std::string::npos, r2.error().message.c_str());

        auto fieldOut = minimalModel();
        put16(fieldOut, 12, 200);  // field offset beyond its table
        auto r3 = parseModel(fieldOut, "field.tflite");
        QVERIFY(!r3);
        QVERIFY2(r3.error().message.find("outside its table") != std::string::npos, r3.error().message.c_str());

        auto truncated = minimalModel();
        truncated.resize(22);
        auto r4 = parseModel(truncated, "cut.tflite");
        QVERIFY(!r4);
        QVERIFY2(r4.error().message.find("past the end of the file") != std::string::npos, r4.error().message.c_str());

        std::mt19937 rng(7);
        for (int i = 0; i < 2000; ++i) {
            std::vector<uint8_t> junk(8 + rng() % 256);
            for (auto& c : junk) c = static_cast<uint8_t>(rng());
            if (i % 2) std::memcpy(junk.data() + 4, "TFL3", 4);
            expectCleanOutcome(junk, "junk.tflite");
        }
    }

    void missingFileIsNotFound() {
        auto r = readModel("/nonexistent/model.tflite");
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::NotFound);
        QVERIFY(r.error().message.find("/nonexistent/model.tflite") == 0);
    }

    void parsesCoralModels() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        const struct {
            const char* file;
            std::size_t tensors, ops;
            int32_t outputWidth;
        } expected[] = {{kModels[0], 174, 66, 1001}, {kModels[1], 172, 65, 965}, {kModels[2], 172, 65, 1022}, {kModels[3], 83, 28, 1024}};
        for (const auto& e : expected) {
            const std::string path = test::shared(QString("models/coral/") + e.file);
            auto m = readModel(path);
            QVERIFY2(m, m ? "" : m.error().message.c_str());
            QCOMPARE(m->tensors.size(), e.tensors);
            QCOMPARE(m->operators.size(), e.ops);
            QCOMPARE(m->inputs.size(), std::size_t(1));
            const Tensor& in = m->tensors[m->inputs[0]];
            QCOMPARE(in.shape, (std::vector<int32_t>{1, 224, 224, 3}));
            QCOMPARE(in.type, static_cast<int>(TensorType::UInt8));
            QCOMPARE(in.quant.scale.size(), std::size_t(1));
            QCOMPARE(in.quant.scale[0], 1.0f / 128.0f);
            QCOMPARE(in.quant.zeroPoint[0], int64_t(128));
            QCOMPARE(m->tensors[m->outputs[0]].shape.back(), e.outputWidth);

            // The stem: CONV_2D, stride 2, SAME, RELU6, 32 filters of 3x3x3 (OHWI).
            const Operator& stem = m->operators[0];
            QCOMPARE(stem.builtinCode, op::Conv2D);
            QCOMPARE(stem.options.strideW, 2);
            QCOMPARE(stem.options.padding, 0);
            QCOMPARE(stem.options.fusedActivation, static_cast<int>(Activation::Relu6));
            const Tensor& w = m->tensors[stem.inputs[1]];
            QCOMPARE(w.shape, (std::vector<int32_t>{32, 3, 3, 3}));
            QCOMPARE(w.dataSize, std::size_t(32 * 27));
            auto values = dequantize(w);
            QVERIFY(values);
            QCOMPARE(values->size(), std::size_t(32 * 27));
            for (std::size_t i : {std::size_t(0), std::size_t(100), std::size_t(863)}) {
                const float want = w.quant.scale[0] * (static_cast<float>(w.data[i]) - static_cast<float>(w.quant.zeroPoint[0]));
                QCOMPARE((*values)[i], want);
            }
            // Bias: int32 with its own scale; dequantised values stay small and finite.
            auto bias = dequantize(m->tensors[stem.inputs[2]]);
            QVERIFY(bias);
            QCOMPARE(bias->size(), std::size_t(32));
            for (float b : *bias) QVERIFY(std::isfinite(b) && std::fabs(b) < 100.0f);

            int depthwise = 0;
            for (const Operator& o : m->operators) depthwise += o.builtinCode == op::DepthwiseConv2D;
            QCOMPARE(depthwise, e.ops == 28 ? 13 : 17);
        }
    }

    void checksumsMatchSourceMd() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v2_1.0_224_quant.tflite");
        for (const BackboneInfo& b : knownBackbones(test::shared("models/coral"))) {
            QVERIFY(b.installed);
            const Status s = verifyModelFile(b.modelFile, b.sha256);
            QVERIFY2(s, s ? "" : s.error().message.c_str());
        }
        const std::string labels = test::shared("models/coral/imagenet_labels.txt");
        const Status wrong = verifyModelFile(labels, std::string(64, '0'));
        QVERIFY(!wrong);
        QVERIFY(wrong.error().message.find("imagenet_labels.txt: SHA-256") != std::string::npos);
        auto l = readLabels(labels);
        QVERIFY(l);
        QCOMPARE(l->size(), std::size_t(1001));
        QCOMPARE(l->front(), std::string("background"));
    }

    // Truncations and random corruptions of a real model: always a clean outcome, never a crash.
    void corruptedRealModelsFailCleanly() {
        TAXO_REQUIRE_SHARED("models/coral/mobilenet_v1_1.0_224_quant_embedding_extractor.tflite");
        const auto original = readBytes(test::shared(QString("models/coral/") + kModels[3]));
        QVERIFY(original.size() > 1000);
        for (std::size_t cut = 0; cut < 64; ++cut) {
            auto b = std::vector<uint8_t>(original.begin(), original.begin() + cut);
            auto r = parseModel(b, "cut.tflite");
            QVERIFY(!r);
        }
        for (int k = 1; k < 60; ++k) {
            const std::size_t cut = original.size() * k / 60;
            auto r = parseModel(std::vector<uint8_t>(original.begin(), original.begin() + cut), "cut.tflite");
            QVERIFY2(!r, "a truncated model must not parse");
            QVERIFY2(r.error().message.rfind("cut.tflite: ", 0) == 0, r.error().message.c_str());
        }
        // Corrupt bytes near the root tables (file start) and near the end, where flatbuffer builders put the first-built objects.
        std::mt19937 rng(42);
        int parsedAnyway = 0;
        for (int i = 0; i < 300; ++i) {
            auto b = original;
            for (int j = 0; j < 4; ++j) {
                const std::size_t pos = (j % 2 == 0) ? rng() % 4096 : b.size() - 1 - rng() % 16384;
                b[pos] = static_cast<uint8_t>(rng());
            }
            auto r = parseModel(b, "mutant.tflite");
            parsedAnyway += r.ok();
            expectCleanOutcome(b, "mutant.tflite");
        }
        qInfo("random corruptions that still parsed: %d of 300", parsedAnyway);
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestTfliteReader)
#include "test_tflite_reader.moc"
