// The study's from-scratch CNNs: shapes, and that they can learn (a tiny generated two-class problem).
#include <QtTest>

#include "test_registry.h"

#include <torch/torch.h>

#include "core/models/scratch_cnn.h"

using namespace taxo;

namespace {

// Two classes told apart by image brightness, with noise: learnable in a few steps.
// 64x64 keeps the test fast; the networks are size-agnostic apart from the baseline's Dense input.
constexpr int64_t kToySize = 64;
std::pair<torch::Tensor, torch::Tensor> toyBatch(int64_t n) {
    auto y = torch::arange(n) % 2;
    auto x = torch::rand({n, 3, kToySize, kToySize}) * 0.5 + y.view({n, 1, 1, 1}).to(torch::kFloat32) * 0.5;
    return {x, y};
}

}  // namespace

class TestScratchCnn : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        torch::set_num_threads(2);
        torch::manual_seed(42);
    }

    void shapes() {
        auto seq = makeScratchCnn("scratch_sequential", 202);
        QVERIFY(seq);
        auto cnn = makeScratchCnn("scratch_cnn2", 202);
        QVERIFY(cnn);
        torch::NoGradGuard noGrad;
        const auto x = torch::rand({1, 3, 224, 224});
        (*seq)->eval();
        (*cnn)->eval();
        QCOMPARE((*seq)->forward(x).sizes().vec(), (std::vector<int64_t>{1, 202}));
        QCOMPARE((*seq)->features(x).sizes().vec(), (std::vector<int64_t>{1, 27 * 27 * 128}));
        QCOMPARE((*cnn)->forward(x).sizes().vec(), (std::vector<int64_t>{1, 202}));
        QCOMPARE((*cnn)->features(x).sizes().vec(), (std::vector<int64_t>{1, 64}));
        bool hasBatchNorm = false;
        for (const auto& m : (*cnn)->modules()) hasBatchNorm |= m->name() == "torch::nn::BatchNorm2dImpl";
        QVERIFY(hasBatchNorm);
    }

    void rejectsBadRequests() {
        auto unknown = makeScratchCnn("resnet", 10);
        QVERIFY(!unknown);
        QVERIFY(unknown.error().message.find("resnet") != std::string::npos);
        QVERIFY(!makeScratchCnn("scratch_cnn2", 1));
    }

    void learnsToyProblem() {
        for (const char* id : {"scratch_sequential", "scratch_cnn2"}) {
            torch::manual_seed(3);
            std::shared_ptr<ScratchCnn> model;
            if (std::string(id) == "scratch_sequential") model = std::make_shared<SequentialBaseline>(2, kToySize);
            else model = *makeScratchCnn(id, 2);
            model->train();
            torch::optim::Adam opt(model->parameters(), torch::optim::AdamOptions(1e-3));
            auto [x, y] = toyBatch(6);
            float first = 0, last = 0;
            for (int step = 0; step < 6; ++step) {
                opt.zero_grad();
                auto loss = torch::nn::functional::cross_entropy(model->forward(x), y);
                loss.backward();
                opt.step();
                (step == 0 ? first : last) = loss.item<float>();
            }
            qInfo("%s: loss %.4f -> %.4f", id, first, last);
            QVERIFY2(last < first, id);
        }
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestScratchCnn)
#include "test_scratch_cnn.moc"
