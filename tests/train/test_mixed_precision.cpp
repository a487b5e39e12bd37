// TrainParams::precision: bf16 mixed precision for head training on the CPU, and its JSON/validation.
#include <QtTest>

#include "test_registry.h"

#include "core/train/head_trainer.h"
#include "core/train/image_trainer.h"
#include "train_fixtures.h"

using namespace taxo;

class TestMixedPrecision : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void bf16LearnsAsWellAsFp32();
    void precisionJsonRoundTripAndValidation();
};

namespace {

TrainParams smallFull(const std::string& precision) {
    TrainParams p;
    p.head = HeadConfig::forKind("full");
    p.head.dense1 = 128;
    p.head.dense2 = 64;
    p.learningRate = 1e-3;
    p.epochs = 8;
    p.patience = 0;
    p.threads = 1;
    p.device = "cpu";
    p.precision = precision;
    return p;
}

}  // namespace

void TestMixedPrecision::bf16LearnsAsWellAsFp32() {
    const auto data = test::gaussianClusters(12, 30, 10, 96, 1.5, 11);
    auto fp32 = trainHead(data.train, data.val, data.numClasses, smallFull("fp32"));
    auto bf16 = trainHead(data.train, data.val, data.numClasses, smallFull("bf16"));
    QVERIFY2(fp32.ok(), fp32.ok() ? "" : fp32.error().message.c_str());
    QVERIFY2(bf16.ok(), bf16.ok() ? "" : bf16.error().message.c_str());
    const double f32 = fp32->bestScore, b16 = bf16->bestScore;
    qInfo("val macro-F1: fp32 %.4f, bf16 %.4f; last train loss fp32 %.5f, bf16 %.5f", f32, b16,
          fp32->history.back().train.loss, bf16->history.back().train.loss);
    QVERIFY2(f32 > 0.8, qPrintable(QString("fp32 val macro-F1 %1").arg(f32)));
    QVERIFY2(std::abs(b16 - f32) <= 0.05, qPrintable(QString("bf16 %1 vs fp32 %2").arg(b16).arg(f32)));
    QVERIFY(bf16->history.front().train.loss > bf16->history.back().train.loss);
    // bf16 products really ran: the losses are close to fp32's but not bit-identical.
    const double l32 = fp32->history.front().train.loss, l16 = bf16->history.front().train.loss;
    QVERIFY(l32 != l16);
    QVERIFY(std::abs(l32 - l16) < 0.05 * l32);
    // The trained head keeps float32 weights and predicts like any other.
    auto probs = bf16->head.predictProbabilities(data.val);
    QVERIFY(probs.ok());
    QCOMPARE(probs->size(), std::size_t(data.val.rows) * std::size_t(data.numClasses));
    // Same seed, same bf16 run.
    auto again = trainHead(data.train, data.val, data.numClasses, smallFull("bf16"));
    QVERIFY(again.ok());
    QCOMPARE(again->history.back().train.loss, bf16->history.back().train.loss);
}

void TestMixedPrecision::precisionJsonRoundTripAndValidation() {
    TrainParams p;
    QCOMPARE(p.precision, std::string("fp32"));
    p.precision = "bf16";
    const auto json = toJson(p);
    QCOMPARE(json.at("precision").get<std::string>(), std::string("bf16"));
    auto back = trainParamsFromJson(nlohmann::json::parse(json.dump()));
    QVERIFY(back.ok());
    QCOMPARE(back->precision, std::string("bf16"));
    QCOMPARE(toJson(*back).dump(), json.dump());
    auto old = trainParamsFromJson(nlohmann::json{{"epochs", 3}});  // written before the option: fp32
    QVERIFY(old.ok());
    QCOMPARE(old->precision, std::string("fp32"));
    QVERIFY(!trainParamsFromJson(nlohmann::json{{"precision", "fp16"}}).ok());
    TrainParams cuda;
    cuda.precision = "bf16";
    cuda.device = "cuda";
    auto s = validateTrainParams(cuda);
    QVERIFY(!s.ok());
    QVERIFY(s.error().message.find("CPU only") != std::string::npos);
    ImageTrainParams image;
    image.backboneId = "mobilenet_v2_imagenet";
    image.base.device = "cpu";
    QVERIFY(validateImageTrainParams(image).ok());
    image.base.precision = "bf16";  // end-to-end training stays fp32
    QVERIFY(!validateImageTrainParams(image).ok());
}

TAXOSCOPE_TEST_GUILESS_MAIN(TestMixedPrecision)
#include "test_mixed_precision.moc"
