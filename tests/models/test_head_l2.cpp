// The Keras L2 penalty as training applies it (value by dot product, gradient 2 * factor * w added to .grad) against
// autograd differentiating the Keras sum, factor * sum(w^2) per penalised kernel: same value, same gradients.
#include <QtTest>

#include "test_registry.h"

#include <torch/torch.h>

#include <ATen/CPUGeneratorImpl.h>

#include "core/models/heads.h"

using namespace taxo;

namespace {

// Gradients of every parameter after one backward pass of `head` on a fixed batch, the penalty either through
// autograd (the sum in the loss) or added afterwards (l2Value / addL2Gradients).
struct Pass {
    double loss = 0;
    std::vector<torch::Tensor> grads;
};

HeadConfig configFor(const std::string& kind, bool secondPenalised) {
    auto config = HeadConfig::forKind(kind);
    if (!secondPenalised) config.l2Dense2 = 0;
    return config;
}

Pass onePass(const HeadConfig& base, bool autogradPenalty) {
    auto config = base;
    config.dense1 = 48;
    config.dense2 = 24;
    auto init = at::detail::createCPUGenerator(5);
    Head head(config, 32, 7, init);
    head->train();
    // Large weights so that the penalty's gradient is the same order as the data's (factor 1e-3 otherwise hides it).
    {
        torch::NoGradGuard noGrad;
        for (auto& term : head->l2Terms()) term.weight.mul_(30);
    }
    torch::manual_seed(3);  // dropout masks: the same in both passes
    const auto x = torch::randn({16, 32});
    const auto y = torch::arange(16) % 7;
    auto dataLoss = torch::nn::functional::cross_entropy(head->forward(x), y);
    Pass pass;
    if (autogradPenalty) {
        auto loss = dataLoss;
        for (const auto& term : head->l2Terms()) loss = loss + term.factor * term.weight.pow(2).sum();
        pass.loss = loss.item<double>();
        loss.backward();
    } else {
        pass.loss = (dataLoss.detach() + l2Value(head->l2Terms(), dataLoss.options())).item<double>();
        dataLoss.backward();
        addL2Gradients(head->l2Terms());
    }
    for (const auto& p : head->parameters()) pass.grads.push_back(p.grad().clone());
    return pass;
}

}  // namespace

class TestHeadL2 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    void penaltyOutsideAutogradMatchesAutograd_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<bool>("secondPenalised");
        QTest::addColumn<int>("terms");
        QTest::newRow("full: both hidden kernels") << "full" << true << 2;
        QTest::newRow("full, second kernel unpenalised") << "full" << false << 1;
        QTest::newRow("mid: none (the study's)") << "mid" << true << 0;
    }
    void penaltyOutsideAutogradMatchesAutograd() {
        QFETCH(QString, kind);
        QFETCH(bool, secondPenalised);
        QFETCH(int, terms);
        const auto config = configFor(kind.toStdString(), secondPenalised);
        auto init = at::detail::createCPUGenerator(1);
        QCOMPARE(int(Head(config, 8, 3, init)->l2Terms().size()), terms);

        const Pass reference = onePass(config, true);
        const Pass direct = onePass(config, false);
        QVERIFY2(std::abs(direct.loss - reference.loss) <= 1e-5 * std::abs(reference.loss),
                 qPrintable(QString("loss %1 against %2").arg(direct.loss, 0, 'g', 9).arg(reference.loss, 0, 'g', 9)));
        QCOMPARE(direct.grads.size(), reference.grads.size());
        for (std::size_t i = 0; i < direct.grads.size(); ++i) {
            const double scale = reference.grads[i].abs().max().item<double>() + 1e-12;
            const double diff = (direct.grads[i] - reference.grads[i]).abs().max().item<double>();
            QVERIFY2(diff <= 1e-5 * scale, qPrintable(QString("parameter %1: largest difference %2 of %3")
                                                          .arg(i).arg(diff).arg(scale)));
        }
    }

    // Without a gradient from the data (a kernel backward never reached), the penalty's gradient is set, not added.
    void gradientIsSetWhenTheKernelHasNone() {
        auto init = at::detail::createCPUGenerator(2);
        Head head(HeadConfig::forKind("full"), 8, 3, init);
        const auto terms = head->l2Terms();
        QCOMPARE(int(terms.size()), 2);
        addL2Gradients(terms);
        for (const auto& term : terms) {
            QVERIFY(term.weight.grad().defined());
            QVERIFY(torch::allclose(term.weight.grad(), term.weight.detach() * (2 * term.factor)));
        }
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestHeadL2)
#include "test_head_l2.moc"
