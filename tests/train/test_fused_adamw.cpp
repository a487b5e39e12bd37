// fusedAdamWStep against LibTorch's torch::optim::AdamW: same gradients into two copies of a small network with
// three param groups (different learning rates, weight decays, betas; one without decay), parameters and both moments
// compared after every step, a save/load of both optimizers half-way, and the fallbacks (amsgrad, non-float32).
#include <QtTest>

#include "test_registry.h"

#include <sstream>

#include <torch/torch.h>

#include "core/train/fused_adamw.h"

namespace {

constexpr double kRelTol = 1e-6;

// Sizes chosen so that tensors end off a 16-float boundary and one (300 x 200) is split across threads.
struct Net : torch::nn::Module {
    Net() {
        a = register_module("a", torch::nn::Linear(37, 300));
        b = register_module("b", torch::nn::Linear(300, 200));
        c = register_module("c", torch::nn::Linear(200, 11));
    }
    torch::Tensor forward(const torch::Tensor& x) { return c(torch::tanh(b(torch::gelu(a(x))))); }
    torch::nn::Linear a{nullptr}, b{nullptr}, c{nullptr};
};

std::vector<torch::optim::OptimizerParamGroup> groupsOf(Net& net, bool amsgrad = false) {
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(std::vector<torch::Tensor>{net.a->weight, net.b->weight},
                        std::make_unique<torch::optim::AdamWOptions>(
                            torch::optim::AdamWOptions(1e-3).weight_decay(3e-4).eps(1e-7).amsgrad(amsgrad)));
    groups.emplace_back(std::vector<torch::Tensor>{net.a->bias, net.b->bias, net.c->bias},
                        std::make_unique<torch::optim::AdamWOptions>(
                            torch::optim::AdamWOptions(5e-3).weight_decay(0).eps(1e-7)));
    groups.emplace_back(std::vector<torch::Tensor>{net.c->weight},
                        std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(2e-3)
                                                                         .weight_decay(0.1)
                                                                         .betas(std::make_tuple(0.8, 0.99))
                                                                         .eps(1e-8)));
    return groups;
}

void copyParameters(Net& from, Net& to) {
    torch::NoGradGuard noGrad;
    auto src = from.parameters();
    auto dst = to.parameters();
    for (std::size_t i = 0; i < src.size(); ++i) dst[i].copy_(src[i]);
}

// Gradients of a cross-entropy on a seeded batch, computed on `net` and copied into `twin`.
void sameGradients(Net& net, Net& twin, int step) {
    torch::manual_seed(1000 + step);
    const auto x = torch::randn({24, 37});
    const auto y = torch::randint(0, 11, {24});
    for (auto& p : net.parameters()) p.mutable_grad() = torch::Tensor();
    torch::nn::functional::cross_entropy(net.forward(x), y).backward();
    auto src = net.parameters();
    auto dst = twin.parameters();
    for (std::size_t i = 0; i < src.size(); ++i) dst[i].mutable_grad() = src[i].grad().clone();
}

const torch::optim::AdamWParamState& stateOf(torch::optim::AdamW& opt, const torch::Tensor& p) {
    auto& s = opt.state().at(c10::guts::to_string(p.unsafeGetTensorImpl()));
    return static_cast<const torch::optim::AdamWParamState&>(*s);
}

// Largest |a - b| / |a| over the elements, |a| floored at 1/1000 of the tensor's largest magnitude so that values near
// zero compare at the tensor's scale. The fused step reproduces ATen's rounding, so with Debian's LibTorch this is 0;
// a wrong formula fails it (eps doubled: 3.6e-2), and so does one rounding done otherwise than ATen (the exp_avg
// update without its fused multiply-add: 9e-6).
double relDiff(const torch::Tensor& a, const torch::Tensor& b) {
    const auto floor = std::max(1e-3 * a.abs().max().item<double>(), 1e-30);
    return ((a - b).abs() / a.abs().clamp_min(floor)).max().item<double>();
}

// Compares parameters, steps and both moments: the largest relative difference seen, or what disagrees in `error`.
double compare(Net& ref, torch::optim::AdamW& refOpt, Net& fused, torch::optim::AdamW& fusedOpt, int step,
               std::string& error) {
    auto rp = ref.parameters();
    auto fp = fused.parameters();
    double worst = 0;
    for (std::size_t i = 0; i < rp.size(); ++i) {
        const auto& rs = stateOf(refOpt, rp[i]);
        const auto& fs = stateOf(fusedOpt, fp[i]);
        if (rs.step() != fs.step() && error.empty())
            error = "step " + std::to_string(step) + ", parameter " + std::to_string(i) + ": state step " +
                    std::to_string(rs.step()) + " vs " + std::to_string(fs.step());
        for (const auto& [what, d] : {std::pair<const char*, double>{"param", relDiff(rp[i], fp[i])},
                                      {"exp_avg", relDiff(rs.exp_avg(), fs.exp_avg())},
                                      {"exp_avg_sq", relDiff(rs.exp_avg_sq(), fs.exp_avg_sq())}}) {
            if (!(d <= kRelTol) && error.empty())
                error = "step " + std::to_string(step) + ", parameter " + std::to_string(i) + ", " + what +
                        ": relative difference " + std::to_string(d) + " > 1e-6";
            worst = std::max(worst, d);
        }
    }
    return worst;
}

std::string saved(torch::optim::AdamW& opt) {
    torch::serialize::OutputArchive archive;
    opt.save(archive);
    std::ostringstream bytes;
    archive.save_to(bytes);
    return bytes.str();
}

void loadInto(torch::optim::AdamW& opt, const std::string& bytes) {
    std::istringstream in(bytes);
    torch::serialize::InputArchive archive;
    archive.load_from(in);
    opt.load(archive);
}

}  // namespace

class TestFusedAdamW : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(2); }
    void matchesLibTorchAcrossSaveAndLoad();
    void fallsBackWhereItCannotFuse();
};

void TestFusedAdamW::matchesLibTorchAcrossSaveAndLoad() {
    constexpr int kSteps = 40, kSaveAt = 17;
    torch::manual_seed(7);
    Net ref, fused;
    copyParameters(ref, fused);
    auto refOpt = std::make_unique<torch::optim::AdamW>(groupsOf(ref));
    auto fusedOpt = std::make_unique<torch::optim::AdamW>(groupsOf(fused));
    const auto initial = ref.a->weight.detach().clone();
    double worst = 0;
    std::string error;
    for (int step = 1; step <= kSteps; ++step) {
        sameGradients(ref, fused, step);
        refOpt->step();
        QVERIFY(taxo::fusedAdamWStep(*fusedOpt));
        worst = std::max(worst, compare(ref, *refOpt, fused, *fusedOpt, step, error));
        QVERIFY2(error.empty(), error.c_str());
        if (step == kSaveAt) {
            // What a checkpoint does: each optimizer saved and loaded into a fresh one over the same parameters,
            // and the fused one's archive also into a LibTorch-stepped optimizer (the format is the same).
            const auto refBytes = saved(*refOpt);
            const auto fusedBytes = saved(*fusedOpt);
            refOpt = std::make_unique<torch::optim::AdamW>(groupsOf(ref));
            fusedOpt = std::make_unique<torch::optim::AdamW>(groupsOf(fused));
            loadInto(*refOpt, refBytes);
            loadInto(*fusedOpt, fusedBytes);
            QCOMPARE(fusedOpt->state().size(), refOpt->state().size());
            worst = std::max(worst, compare(ref, *refOpt, fused, *fusedOpt, step, error));
        QVERIFY2(error.empty(), error.c_str());
            Net cross;
            copyParameters(fused, cross);
            torch::optim::AdamW crossOpt(groupsOf(cross));
            loadInto(crossOpt, fusedBytes);
            QCOMPARE(stateOf(crossOpt, cross.c->weight).step(), static_cast<std::int64_t>(kSaveAt));
            QVERIFY(torch::equal(stateOf(crossOpt, cross.c->weight).exp_avg_sq(),
                                 stateOf(*fusedOpt, fused.c->weight).exp_avg_sq()));
        }
    }
    // The step changed the parameters (so agreement is not trivially two unchanged copies).
    QVERIFY(!torch::equal(ref.a->weight.detach(), initial));
    qInfo("largest relative difference over %d steps: %g", kSteps, worst);
}

void TestFusedAdamW::fallsBackWhereItCannotFuse() {
    // amsgrad: LibTorch's own step runs, so the result is exactly LibTorch's.
    torch::manual_seed(8);
    Net ref, other;
    copyParameters(ref, other);
    torch::optim::AdamW refOpt(groupsOf(ref, true));
    torch::optim::AdamW otherOpt(groupsOf(other, true));
    for (int step = 1; step <= 3; ++step) {
        sameGradients(ref, other, step);
        refOpt.step();
        QVERIFY(!taxo::fusedAdamWStep(otherOpt));
    }
    auto rp = ref.parameters();
    auto op = other.parameters();
    for (std::size_t i = 0; i < rp.size(); ++i) QVERIFY(torch::equal(rp[i], op[i]));

    // float64 parameters: not fused, and stepped all the same.
    torch::manual_seed(9);
    auto w = torch::randn({5, 3}, torch::kFloat64).requires_grad_();
    const auto before = w.detach().clone();
    torch::optim::AdamW opt({w}, torch::optim::AdamWOptions(1e-2));
    w.mutable_grad() = torch::ones_like(w);
    QVERIFY(!taxo::fusedAdamWStep(opt));
    QVERIFY(!torch::equal(w.detach(), before));

    // Through stepOptimizer, a non-AdamW optimizer steps as itself.
    auto s = torch::randn({4}).requires_grad_();
    const auto sBefore = s.detach().clone();
    torch::optim::SGD sgd({s}, torch::optim::SGDOptions(0.5));
    s.mutable_grad() = torch::ones_like(s);
    taxo::stepOptimizer(sgd);
    QVERIFY(torch::allclose(s.detach(), sBefore - 0.5));
}

TAXOSCOPE_TEST_GUILESS_MAIN(TestFusedAdamW)
#include "test_fused_adamw.moc"
