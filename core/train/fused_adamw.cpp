// Fused AdamW step. LibTorch 1.13's AdamW::step does, per parameter p with gradient g (all float32 tensors, each
// operation a separate pass that rounds to float):
//   p *= 1 - lr*wd                                    (only when wd != 0)
//   m = m * beta1;  m = m + (1-beta1) * g             (add with alpha: a fused multiply-add, vec::fmadd)
//   v = v * beta2;  v = v + ((1-beta2) * g) * g       (addcmul: the compiler fused its last multiply and add)
//   d = sqrt(v) / sqrt(bias_correction2) + eps
//   p = p + (-lr/bias_correction1 * m) / d            (addcdiv)
// with every double coefficient cast to float. The loop below performs the same operations in the same order per
// element, in one pass. This file is compiled with -ffp-contract=off (core/CMakeLists.txt) so that the compiler fuses
// nothing that ATen rounds separately; the two fused multiply-adds are explicit. Against Debian's LibTorch
// 1.13.1 (its AVX-512 kernels) the result is bit-identical (parameters and both moments, measured over 30 steps of a
// 2M-parameter head); a LibTorch built with other contractions would differ in the last bit of exp_avg_sq.
#include "core/train/fused_adamw.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include <ATen/Parallel.h>
#include <c10/util/string_utils.h>
#include <torch/optim/adamw.h>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TAXO_FUSED_ADAMW_X86 1
#endif

namespace taxo {

namespace {

// The float coefficients of one parameter's step.
struct Coefficients {
    bool decay = false;
    float decayFactor = 1;  // 1 - lr * wd
    float beta1 = 0, oneMinusBeta1 = 0, beta2 = 0, oneMinusBeta2 = 0;
    float sqrtBiasCorrection2 = 1, eps = 0, negStepSize = 0;  // -lr / bias_correction1
};

// One pass over [from, to): each element of p, m and v read and written once, g read once.
inline __attribute__((always_inline)) void updateRange(float* __restrict p, const float* __restrict g,
                                                       float* __restrict m, float* __restrict v, std::int64_t from,
                                                       std::int64_t to, const Coefficients& c) {
    for (std::int64_t i = from; i < to; ++i) {
        float pi = p[i];
        if (c.decay) pi = pi * c.decayFactor;
        const float gi = g[i];
        const float mi = std::fma(gi, c.oneMinusBeta1, m[i] * c.beta1);
        const float vi = std::fma(c.oneMinusBeta2 * gi, gi, v[i] * c.beta2);
        const float d = std::sqrt(vi) / c.sqrtBiasCorrection2 + c.eps;
        p[i] = pi + (c.negStepSize * mi) / d;
        m[i] = mi;
        v[i] = vi;
    }
}

// The same loop compiled for three instruction sets (the compiler vectorises it at -O3; -fno-math-errno, also set in
// core/CMakeLists.txt, lets it vectorise the square root) and chosen once at run time: LibTorch's own kernels dispatch the same way.
void updateDefault(float* p, const float* g, float* m, float* v, std::int64_t from, std::int64_t to,
                   const Coefficients& c) {
    updateRange(p, g, m, v, from, to, c);
}

#ifdef TAXO_FUSED_ADAMW_X86
__attribute__((target("avx2,fma"))) void updateAvx2(float* p, const float* g, float* m, float* v, std::int64_t from,
                                                    std::int64_t to, const Coefficients& c) {
    updateRange(p, g, m, v, from, to, c);
}

__attribute__((target("avx512f,avx2,fma"))) void updateAvx512(float* p, const float* g, float* m, float* v,
                                                              std::int64_t from, std::int64_t to, const Coefficients& c) {
    updateRange(p, g, m, v, from, to, c);
}
#endif

using Kernel = void (*)(float*, const float*, float*, float*, std::int64_t, std::int64_t, const Coefficients&);

Kernel pickKernel() {
#ifdef TAXO_FUSED_ADAMW_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return updateAvx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return updateAvx2;
#endif
    return updateDefault;
}

bool fusable(const at::Tensor& t) {
    return t.defined() && t.device().is_cpu() && t.scalar_type() == at::kFloat && t.layout() == at::kStrided &&
           t.is_contiguous() && !t.is_conj() && !t.is_neg();
}

std::string stateKey(const at::Tensor& p) { return c10::guts::to_string(p.unsafeGetTensorImpl()); }

// Whether every parameter that AdamW::step would update can take the fused path (checked before anything changes).
bool allFusable(torch::optim::AdamW& optimizer) {
    auto& state = optimizer.state();
    for (auto& group : optimizer.param_groups()) {
        if (static_cast<const torch::optim::AdamWOptions&>(group.options()).amsgrad()) return false;
        for (auto& p : group.params()) {
            const auto& grad = p.grad();
            if (!grad.defined()) continue;
            if (!fusable(p) || !fusable(grad) || grad.numel() != p.numel()) return false;
            const auto it = state.find(stateKey(p));
            if (it == state.end()) continue;
            const auto* s = dynamic_cast<const torch::optim::AdamWParamState*>(it->second.get());
            if (!s || !fusable(s->exp_avg()) || !fusable(s->exp_avg_sq()) || s->exp_avg().numel() != p.numel() ||
                s->exp_avg_sq().numel() != p.numel())
                return false;
        }
    }
    return true;
}

}  // namespace

bool fusedAdamWStep(torch::optim::AdamW& optimizer) {
    if (!allFusable(optimizer)) {
        optimizer.step();
        return false;
    }
    static const Kernel kernel = pickKernel();
    torch::NoGradGuard noGrad;
    auto& states = optimizer.state();
    for (auto& group : optimizer.param_groups()) {
        const auto& options = static_cast<const torch::optim::AdamWOptions&>(group.options());
        for (auto& p : group.params()) {
            const auto& grad = p.grad();
            if (!grad.defined()) continue;
            // State initialisation exactly as AdamW::step does it, so save/load sees the same entries.
            auto& slot = states[stateKey(p)];
            if (!slot) {
                auto fresh = std::make_unique<torch::optim::AdamWParamState>();
                fresh->step(0);
                fresh->exp_avg(torch::zeros_like(p, at::MemoryFormat::Preserve));
                fresh->exp_avg_sq(torch::zeros_like(p, at::MemoryFormat::Preserve));
                slot = std::move(fresh);
            }
            auto& state = static_cast<torch::optim::AdamWParamState&>(*slot);
            state.step(state.step() + 1);
            const double beta1 = std::get<0>(options.betas());
            const double beta2 = std::get<1>(options.betas());
            const double biasCorrection1 = 1 - std::pow(beta1, state.step());
            const double biasCorrection2 = 1 - std::pow(beta2, state.step());

            Coefficients c;
            c.decay = options.weight_decay() != 0;
            c.decayFactor = static_cast<float>(1 - options.lr() * options.weight_decay());
            c.beta1 = static_cast<float>(beta1);
            c.oneMinusBeta1 = static_cast<float>(1 - beta1);
            c.beta2 = static_cast<float>(beta2);
            c.oneMinusBeta2 = static_cast<float>(1 - beta2);
            c.sqrtBiasCorrection2 = static_cast<float>(std::sqrt(biasCorrection2));
            c.eps = static_cast<float>(options.eps());
            c.negStepSize = static_cast<float>(-(options.lr() / biasCorrection1));

            float* pp = p.data_ptr<float>();
            const float* gp = grad.data_ptr<float>();
            float* mp = state.exp_avg().data_ptr<float>();
            float* vp = state.exp_avg_sq().data_ptr<float>();
            // Chunks of at least 32k floats (ATen's grain size): smaller tensors are not worth a thread.
            at::parallel_for(0, p.numel(), at::internal::GRAIN_SIZE, [&](std::int64_t from, std::int64_t to) {
                kernel(pp, gp, mp, vp, from, to, c);
            });
        }
    }
    return true;
}

void stepOptimizer(torch::optim::Optimizer& optimizer) {
    if (auto* adamw = dynamic_cast<torch::optim::AdamW*>(&optimizer))
        fusedAdamWStep(*adamw);
    else
        optimizer.step();
}

}  // namespace taxo
