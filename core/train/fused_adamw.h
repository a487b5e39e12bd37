#pragma once
// One AdamW step in one pass over memory: for each parameter, param, exp_avg and exp_avg_sq are read and written once
// (LibTorch's AdamW::step makes about 20 elementwise passes, each a full read/write of a parameter-sized tensor).
// Same math and operation order as LibTorch 1.13's torch::optim::AdamW (decoupled decay p *= 1 - lr*wd, bias
// corrections, eps added after sqrt(v) / sqrt(bias_correction2)), on the optimizer's own AdamWParamState, so
// optimizer.save/load checkpoints keep their format and a resumed run continues either way.
// Torch-internal: declared without LibTorch headers; include from core/train .cpp files.

namespace torch::optim {
class AdamW;
class Optimizer;
}  // namespace torch::optim

namespace taxo {

// Steps `optimizer` fused when every parameter with a gradient is a contiguous float32 CPU tensor (gradient and
// state too) and no group uses amsgrad; otherwise calls optimizer.step(). Returns true when the fused path ran.
bool fusedAdamWStep(torch::optim::AdamW& optimizer);

// fusedAdamWStep for an AdamW, optimizer.step() for any other optimizer.
void stepOptimizer(torch::optim::Optimizer& optimizer);

}  // namespace taxo
