#include "core/models/tflite_net.h"

#include <algorithm>
#include <map>

namespace taxo {

namespace F = torch::nn::functional;
using namespace tflite;

namespace {

struct BuildFailure {
    std::string what;
};
[[noreturn]] void fail(const std::string& what) { throw BuildFailure{what}; }

// NHWC axis of a rank-4 tensor -> NCHW axis.
int64_t toNchwAxis(int64_t a) {
    static const int64_t map[4] = {0, 2, 3, 1};
    return map[((a % 4) + 4) % 4];
}

torch::Tensor activate(torch::Tensor x, int code) {
    switch (code) {
        case 0: return x;
        case 1: return torch::relu(x);
        case 2: return torch::clamp(x, -1.0, 1.0);
        case 3: return torch::clamp(x, 0.0, 6.0);
        case 4: return torch::tanh(x);
        default: throw std::runtime_error("unsupported fused activation " + std::to_string(code));
    }
}

// TF "SAME": total = max((ceil(in/stride) - 1) * stride + effective_k - in, 0); the smaller half goes before.
std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t k, int64_t stride, int64_t dilation) {
    const int64_t eff = (k - 1) * dilation + 1;
    const int64_t out = (in + stride - 1) / stride;
    const int64_t total = std::max<int64_t>((out - 1) * stride + eff - in, 0);
    return {total / 2, total - total / 2};
}

// Pads x for a SAME window op. Returns {padded x, symmetric padding usable by the op} so that the common case
// (even totals) uses the op's own padding and only odd totals pay for an explicit F::pad.
struct Padded {
    torch::Tensor x;
    std::vector<int64_t> symmetric{0, 0};
};
Padded padSame(const torch::Tensor& x, int64_t kh, int64_t kw, const OpOptions& o, double value = 0.0) {
    if (o.padding != 0) return {x};
    const auto [top, bottom] = samePadding(x.size(2), kh, o.strideH, o.dilationH);
    const auto [left, right] = samePadding(x.size(3), kw, o.strideW, o.dilationW);
    if (top == bottom && left == right) return {x, {top, left}};
    return {F::pad(x, F::PadFuncOptions({left, right, top, bottom}).value(value)), {0, 0}};
}

std::vector<int64_t> shapeOf(const Tensor& t) { return std::vector<int64_t>(t.shape.begin(), t.shape.end()); }

std::string describe(const Model& m, std::size_t i) {
    return m.path + ": operator " + std::to_string(i) + " (" + builtinOpName(m.operators[i].builtinCode) + ")";
}

torch::Tensor constantTensor(const Model& m, int32_t index, const std::string& where) {
    const Tensor& t = m.tensors.at(index);
    auto values = dequantize(t);
    if (!values) fail(where + ": " + values.error().message);
    return torch::from_blob(values->data(), {static_cast<int64_t>(values->size())}, torch::kFloat32).clone().reshape(shapeOf(t));
}

}  // namespace

Result<std::shared_ptr<TfliteNet>> TfliteNet::build(const Model& m) {
    auto net = std::shared_ptr<TfliteNet>(new TfliteNet());
    try {
        if (m.inputs.size() != 1 || m.outputs.empty()) fail(m.path + ": expected one input and at least one output");
        const Tensor& in = m.tensors[m.inputs[0]];
        if (in.shape.size() != 4 || in.shape[3] != 3) fail(m.path + ": input is not a [1, H, W, 3] image tensor");
        net->input_ = m.inputs[0];
        net->inputH_ = in.shape[1];
        net->inputW_ = in.shape[2];
        for (const Tensor& t : m.tensors) net->tensorRank_.push_back(static_cast<int>(t.shape.size()));

        std::vector<int> producer(m.tensors.size(), -1);
        std::vector<int> tensorBlock(m.tensors.size(), -1);
        std::vector<bool> fromDepthwise(m.tensors.size(), false);
        int blocks = 0;
        int globalPool = -1;
        for (std::size_t i = 0; i < m.operators.size(); ++i) {
            const Operator& op = m.operators[i];
            const std::string where = describe(m, i);
            Step s;
            s.code = op.builtinCode;
            s.inputs = op.inputs;
            s.outputs = op.outputs;
            s.options = op.options;
            if (op.outputs.empty()) fail(where + ": has no output");
            auto input = [&](std::size_t k) -> const Tensor& {
                if (k >= op.inputs.size() || op.inputs[k] < 0) fail(where + ": missing input " + std::to_string(k));
                return m.tensors[op.inputs[k]];
            };
            const Tensor& out = m.tensors[op.outputs[0]];
            switch (op.builtinCode) {
                case op::Conv2D:
                case op::DepthwiseConv2D: {
                    const bool dw = op.builtinCode == op::DepthwiseConv2D;
                    const Tensor& x = input(0);
                    const Tensor& w = input(1);
                    if (w.shape.size() != 4 || !w.data) fail(where + ": weights are not a constant 4-D tensor");
                    if (x.shape.size() != 4) fail(where + ": input is not 4-D");
                    if (op.options.strideW < 1 || op.options.strideH < 1 || op.options.dilationW < 1 || op.options.dilationH < 1)
                        fail(where + ": invalid stride or dilation");
                    torch::Tensor weight = constantTensor(m, op.inputs[1], where);
                    if (dw) {
                        if (w.shape[0] != 1 || op.options.depthMultiplier < 1 || w.shape[3] != x.shape[3] * op.options.depthMultiplier)
                            fail(where + ": depthwise weights do not match the input channels");
                        weight = weight.permute({3, 0, 1, 2}).contiguous();  // 1,H,W,C*m -> C*m,1,H,W
                    } else {
                        if (w.shape[3] != x.shape[3]) fail(where + ": weights do not match the input channels");
                        weight = weight.permute({0, 3, 1, 2}).contiguous();  // OHWI -> OIHW
                    }
                    s.weight = net->register_parameter("op" + std::to_string(i) + "_weight", weight, false);
                    if (op.inputs.size() > 2 && op.inputs[2] >= 0) {
                        torch::Tensor bias = constantTensor(m, op.inputs[2], where).reshape({-1});
                        if (bias.size(0) != weight.size(0)) fail(where + ": bias length does not match the output channels");
                        s.bias = net->register_parameter("op" + std::to_string(i) + "_bias", bias, false);
                    }
                    // Blocks: see the header.
                    const int32_t src = op.inputs[0];
                    if (dw) {
                        const int p = producer[src];
                        const bool afterExpand = p >= 0 && m.operators[p].builtinCode == op::Conv2D && !fromDepthwise[m.operators[p].inputs[0]] &&
                                                 tensorBlock[src] >= 0;
                        s.block = afterExpand ? tensorBlock[src] : blocks++;
                        fromDepthwise[op.outputs[0]] = true;
                    } else {
                        s.block = (fromDepthwise[src] && tensorBlock[src] >= 0) ? tensorBlock[src] : blocks++;
                    }
                    break;
                }
                case op::FullyConnected: {
                    const Tensor& w = input(1);
                    if (w.shape.size() != 2 || !w.data) fail(where + ": weights are not a constant 2-D tensor");
                    s.weight = net->register_parameter("op" + std::to_string(i) + "_weight", constantTensor(m, op.inputs[1], where), false);
                    if (op.inputs.size() > 2 && op.inputs[2] >= 0) {
                        torch::Tensor bias = constantTensor(m, op.inputs[2], where).reshape({-1});
                        if (bias.size(0) != s.weight.size(0)) fail(where + ": bias length does not match the output size");
                        s.bias = net->register_parameter("op" + std::to_string(i) + "_bias", bias, false);
                    }
                    break;
                }
                case op::AveragePool2D:
                case op::MaxPool2D:
                    if (input(0).shape.size() != 4) fail(where + ": input is not 4-D");
                    if (op.options.filterW < 1 || op.options.filterH < 1 || op.options.strideW < 1 || op.options.strideH < 1)
                        fail(where + ": invalid pool window or stride");
                    break;
                case op::Mean: {
                    const Tensor& axes = input(1);
                    if (!axes.data || axes.type != static_cast<int>(TensorType::Int32)) fail(where + ": axes are not constant int32");
                    auto values = dequantize(axes);
                    if (!values) fail(where + ": " + values.error().message);
                    for (float v : *values) {
                        const int64_t a = static_cast<int64_t>(v);
                        const int64_t rank = static_cast<int64_t>(input(0).shape.size());
                        if (a < -rank || a >= rank) fail(where + ": axis out of range");
                        s.axes.push_back(a < 0 ? a + rank : a);
                    }
                    break;
                }
                case op::Reshape:
                case op::Squeeze:
                    s.targetShape = shapeOf(out);
                    if (s.targetShape.empty()) fail(where + ": output has no shape");
                    break;
                case op::Add:
                    input(0);
                    input(1);
                    break;
                case op::Softmax:
                case op::Quantize:
                case op::Dequantize:
                    input(0);
                    break;
                default:
                    fail(where + ": operator code " + std::to_string(op.builtinCode) + " is not supported");
            }
            if (op.builtinCode == op::Add || op.builtinCode == op::Quantize || op.builtinCode == op::Dequantize)
                s.block = tensorBlock[op.inputs[0]];
            for (int32_t o : op.outputs) {
                producer[o] = static_cast<int>(i);
                tensorBlock[o] = s.block;
            }
            if (op.builtinCode == op::Quantize || op.builtinCode == op::Dequantize)
                fromDepthwise[op.outputs[0]] = fromDepthwise[op.inputs[0]];
            // The global pool: a pool / mean whose output has no spatial extent left.
            if ((op.builtinCode == op::AveragePool2D || op.builtinCode == op::Mean) && input(0).shape.size() == 4 &&
                (out.shape.size() == 2 || (out.shape.size() == 4 && out.shape[1] == 1 && out.shape[2] == 1)))
                globalPool = static_cast<int>(i);
            net->steps_.push_back(std::move(s));
        }
        if (globalPool < 0) fail(m.path + ": no global average pool found, cannot tell the embedding");
        net->embeddingTensor_ = m.operators[globalPool].outputs[0];
        net->featureTensor_ = m.operators[globalPool].inputs[0];
        const Tensor& emb = m.tensors[net->embeddingTensor_];
        net->embeddingDim_ = emb.shape.back();
        int softmax = -1;
        for (std::size_t i = globalPool; i < m.operators.size(); ++i)
            if (m.operators[i].builtinCode == op::Softmax) softmax = static_cast<int>(i);
        if (softmax >= 0) {
            net->logitsTensor_ = m.operators[softmax].inputs[0];
            net->classCount_ = m.tensors[net->logitsTensor_].shape.back();
        }
        const int32_t last = net->logitsTensor_ >= 0 ? net->logitsTensor_ : net->embeddingTensor_;
        net->lastStep_ = producer[last];
        // Convolutions after the global pool (a 1x1 "logits" conv) are classifier, not feature blocks.
        net->blockCount_ = 0;
        for (std::size_t i = 0; i < net->steps_.size(); ++i) {
            if (static_cast<int>(i) > globalPool) net->steps_[i].block = -1;
            net->blockCount_ = std::max(net->blockCount_, net->steps_[i].block + 1);
        }
        net->lastUse_.assign(m.tensors.size(), -1);
        for (int i = 0; i <= net->lastStep_; ++i)
            for (int32_t t : net->steps_[i].inputs)
                if (t >= 0) net->lastUse_[t] = i;
    } catch (const BuildFailure& f) {
        return makeError(ErrorCode::BadFormat, f.what);
    } catch (const c10::Error& e) {
        return makeError(ErrorCode::BadFormat, m.path + ": cannot build the network: " + e.what_without_backtrace());
    }
    return net;
}

torch::Tensor TfliteNet::run(const Step& s, std::vector<torch::Tensor>& v) const {
    const torch::Tensor& x = v[s.inputs[0]];
    const OpOptions& o = s.options;
    switch (s.code) {
        case op::Conv2D:
        case op::DepthwiseConv2D: {
            const Padded p = padSame(x, s.weight.size(2), s.weight.size(3), o);
            const int64_t groups = s.code == op::DepthwiseConv2D ? x.size(1) : 1;
            auto y = torch::conv2d(p.x, s.weight, s.bias, {o.strideH, o.strideW}, p.symmetric, {o.dilationH, o.dilationW}, groups);
            return activate(y, o.fusedActivation);
        }
        case op::AveragePool2D: {
            const Padded p = padSame(x, o.filterH, o.filterW, o);
            const bool explicitPad = p.x.size(2) != x.size(2) || p.x.size(3) != x.size(3);
            auto y = torch::avg_pool2d(p.x, {o.filterH, o.filterW}, {o.strideH, o.strideW}, p.symmetric, false, false);
            if (explicitPad) {
                // TF averages over the valid pixels only: divide by the share of each window inside the image.
                auto ones = torch::ones({1, 1, x.size(2), x.size(3)}, x.options());
                const Padded q = padSame(ones, o.filterH, o.filterW, o);
                y = y / torch::avg_pool2d(q.x, {o.filterH, o.filterW}, {o.strideH, o.strideW});
            }
            return activate(y, o.fusedActivation);
        }
        case op::MaxPool2D: {
            const Padded p = padSame(x, o.filterH, o.filterW, o, -std::numeric_limits<double>::infinity());
            return activate(torch::max_pool2d(p.x, {o.filterH, o.filterW}, {o.strideH, o.strideW}, p.symmetric), o.fusedActivation);
        }
        case op::Add:
            return activate(x + v[s.inputs[1]], o.fusedActivation);
        case op::Mean: {
            std::vector<int64_t> dims;
            for (int64_t a : s.axes) dims.push_back(x.dim() == 4 ? toNchwAxis(a) : a);
            return x.mean(dims, o.keepDims);
        }
        case op::FullyConnected: {
            auto flat = (x.dim() == 4 ? x.permute({0, 2, 3, 1}) : x).reshape({-1, s.weight.size(1)});
            return activate(torch::nn::functional::linear(flat, s.weight, s.bias), o.fusedActivation);
        }
        case op::Reshape:
        case op::Squeeze: {
            auto nhwc = x.dim() == 4 ? x.permute({0, 2, 3, 1}) : x;
            std::vector<int64_t> target = s.targetShape;
            if (target.size() >= 2) target[0] = -1;  // the graph is stored for batch 1
            auto y = nhwc.reshape(target);
            return y.dim() == 4 ? y.permute({0, 3, 1, 2}) : y;
        }
        case op::Softmax:
            return torch::softmax(x * o.beta, x.dim() == 4 ? 1 : -1);
        case op::Quantize:
        case op::Dequantize:
            return x;
        default:
            throw std::runtime_error("unsupported operator");
    }
}

TfliteOutputs TfliteNet::forward(const torch::Tensor& x, bool keepFeatureMap) {
    TORCH_CHECK(x.dim() == 4 && x.size(1) == 3, "TfliteNet expects [N, 3, H, W] input, got ", x.sizes());
    std::vector<torch::Tensor> values(tensorRank_.size());
    values[input_] = x;
    const bool freeEarly = !torch::GradMode::is_enabled();
    TfliteOutputs out;
    for (int i = 0; i <= lastStep_; ++i) {
        const Step& s = steps_[i];
        torch::Tensor y = run(s, values);
        const int32_t o = s.outputs[0];
        if (o == featureTensor_ && keepFeatureMap) {
            if (torch::GradMode::is_enabled() && !y.requires_grad()) y = y.detach().requires_grad_(true);
            out.featureMap = y;
        }
        values[o] = y;
        if (freeEarly)
            for (int32_t t : s.inputs)
                if (t >= 0 && lastUse_[t] == i && t != featureTensor_ && t != embeddingTensor_) values[t] = torch::Tensor();
    }
    out.embedding = values[embeddingTensor_].reshape({x.size(0), -1});
    if (logitsTensor_ >= 0) out.logits = values[logitsTensor_].reshape({x.size(0), -1});
    return out;
}

void TfliteNet::setTrainableBlocks(int n) {
    const int firstTrainable = blockCount_ - std::max(0, n);
    for (const Step& s : steps_) {
        const bool train = s.block >= 0 && s.block >= firstTrainable;
        if (s.weight.defined()) s.weight.set_requires_grad(train);
        if (s.bias.defined()) s.bias.set_requires_grad(train);
    }
}

}  // namespace taxo
