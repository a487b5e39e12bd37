// TorchScript backbones: manifests are validated with clear errors, and a module exported by
// scripts/export-backbone.py gives in C++ the embedding PyTorch gave (random weights, offline).
#include <QtTest>

#include "test_registry.h"

#include <QProcess>
#include <fstream>
#include <torch/torch.h>

#include "core/models/backbone.h"
#include "core/models/backbone_net.h"
#include "test_support.h"

using namespace taxo;

namespace {

void writeTextFile(const QString& path, const std::string& text) {
    std::ofstream(path.toStdString()) << text;
}

std::vector<float> readFloats(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    const QByteArray a = f.readAll();
    std::vector<float> v(static_cast<std::size_t>(a.size()) / sizeof(float));
    std::memcpy(v.data(), a.constData(), v.size() * sizeof(float));
    return v;
}

const char* kGoodManifest = R"({"format": "taxoscope-backbone", "version": 1, "id": "toy", "model": "model.pt",
  "inputWidth": 32, "inputHeight": 32, "normalization": "imagenet", "embeddingDim": 8, "output": "embedding"})";

}  // namespace

class TestTorchScriptBackbone : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }

    void manifestErrorsNameTheField() {
        QTemporaryDir dir;
        const QString m = dir.filePath("manifest.json");
        const std::string good = kGoodManifest;
        struct Case {
            std::string from, to, expect;
        } cases[] = {
            {"\"imagenet\"", "\"bgr\"", "\"normalization\""},
            {"\"embedding\"", "\"logits\"", "\"output\""},
            {"\"embeddingDim\": 8", "\"embeddingDim\": -3", "\"embeddingDim\""},
            {"\"inputWidth\": 32", "\"inputWidth\": \"32\"", "\"inputWidth\""},
            {"\"model.pt\"", "\"../../etc/passwd\"", "\"model\""},
            {"\"version\": 1", "\"version\": 7", "\"version\""},
            {"{", "[", "not a JSON object"},
        };
        for (const Case& c : cases) {
            std::string text = good;
            text.replace(text.find(c.from), c.from.size(), c.to);
            writeTextFile(m, text);
            auto r = readBackboneManifest(dir.path().toStdString());
            QVERIFY2(!r, c.to.c_str());
            QVERIFY2(r.error().message.find("manifest.json: ") != std::string::npos, r.error().message.c_str());
            QVERIFY2(r.error().message.find(c.expect) != std::string::npos, r.error().message.c_str());
        }
        writeTextFile(m, good);
        auto ok = readBackboneManifest(dir.path().toStdString());
        QVERIFY2(ok, ok ? "" : ok.error().message.c_str());
        QCOMPARE(ok->embeddingDim, 8);
        QCOMPARE(ok->kind, std::string("torchscript"));
        QVERIFY(!ok->installed);

        // A manifest next to a file that is not TorchScript.
        writeTextFile(dir.filePath("model.pt"), "not a zip archive");
        auto info = readBackboneManifest(dir.path().toStdString());
        QVERIFY(info && info->installed);
        auto loaded = loadBackbone(*info);
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.find("model.pt: not a loadable TorchScript module") != std::string::npos,
                 loaded.error().message.c_str());
    }

    void exportedModuleMatchesPython() {
        const QString python = "/usr/bin/python3";
        QProcess probe;
        probe.start(python, {"-c", "import torch, torchvision"});
        if (!probe.waitForFinished(60000) || probe.exitCode() != 0)
            QSKIP("/usr/bin/python3 lacks torch/torchvision; skipping the export round trip");
        QTemporaryDir models;
        const QString out = models.filePath("resnet18");
        QProcess exporter;
        exporter.setProcessChannelMode(QProcess::MergedChannels);
        // resnet18: with random weights its embedding keeps an O(1) scale (a random MobileNetV2's collapses to ~1e-9,
        // which would make the comparison vacuous).
        exporter.start(python, {QString(TAXOSCOPE_SOURCE_DIR) + "/scripts/export-backbone.py", "resnet18", "--weights", "random",
                                "--size", "96", "--seed", "5", "--reference", "--out", out});
        QVERIFY(exporter.waitForFinished(180000));
        QVERIFY2(exporter.exitCode() == 0, exporter.readAll().constData());

        // The registry finds it by the manifest's id.
        auto info = findBackbone("torchvision_resnet18_random", models.path().toStdString());
        QVERIFY2(info, info ? "" : info.error().message.c_str());
        QCOMPARE(info->embeddingDim, 512);
        QCOMPARE(info->inputWidth, 96);
        auto b = loadBackbone(*info);
        QVERIFY2(b, b ? "" : b.error().message.c_str());

        const std::vector<float> in = readFloats(out + "/reference_input.bin");
        const std::vector<float> want = readFloats(out + "/reference_output.bin");
        QCOMPARE(in.size(), std::size_t(2 * 3 * 96 * 96));
        QCOMPARE(want.size(), std::size_t(2 * 512));
        const auto x = torch::from_blob(const_cast<float*>(in.data()), {2, 3, 96, 96}, torch::kFloat32).clone();
        const auto expected = torch::from_blob(const_cast<float*>(want.data()), {2, 512}, torch::kFloat32).clone();
        const auto got = (*b)->embed(x);
        QCOMPARE(got.sizes().vec(), (std::vector<int64_t>{2, 512}));
        const float diff = (got - expected).abs().max().item<float>();
        qInfo("max |C++ - Python| = %g (embedding scale %g)", diff, expected.abs().max().item<float>());
        QVERIFY(expected.std().item<float>() > 0.1f);  // a real signal, not a collapsed one
        QVERIFY(diff < 1e-4f);
        QVERIFY(!(*b)->hasClassifier());
        QVERIFY((*b)->trainableParameters().empty());
        (*b)->setTrainableBlocks(1);
        QVERIFY(!(*b)->trainableParameters().empty());

        // A manifest whose embeddingDim lies is caught at load time.
        std::ifstream mf((out + "/manifest.json").toStdString());
        std::string text((std::istreambuf_iterator<char>(mf)), {});
        const std::string dimField = "\"embeddingDim\": 512";
        QVERIFY(text.find(dimField) != std::string::npos);
        text.replace(text.find(dimField), dimField.size(), "\"embeddingDim\": 1000");
        writeTextFile(out + "/manifest.json", text);
        auto lying = loadBackbone(*readBackboneManifest(out.toStdString()));
        QVERIFY(!lying);
        QVERIFY2(lying.error().message.find("embeddingDim 1000") != std::string::npos, lying.error().message.c_str());
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestTorchScriptBackbone)
#include "test_torchscript_backbone.moc"
