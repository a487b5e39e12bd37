#include "core/models/tflite_reader.h"

#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace taxo::tflite {

namespace {

// Thrown only inside this file and turned into an Error at the public boundary.
struct ParseFailure {
    std::string what;
};

[[noreturn]] void fail(const std::string& what) { throw ParseFailure{what}; }

// Bounds-checked flatbuffer primitives over the file bytes. Reads go through memcpy because flatbuffer
// fields need not be aligned for the host once the file has been tampered with.
class Buffer {
public:
    explicit Buffer(const std::vector<uint8_t>& b) : p_(b.data()), n_(b.size()) {}

    std::size_t size() const { return n_; }

    void need(uint64_t pos, uint64_t len, const char* what) const {
        if (pos > n_ || len > n_ - pos) {
            std::ostringstream s;
            s << what << " at byte " << pos << " (" << len << " bytes) runs past the end of the file (" << n_ << " bytes)";
            fail(s.str());
        }
    }
    template <class T>
    T read(uint64_t pos, const char* what) const {
        need(pos, sizeof(T), what);
        T v;
        std::memcpy(&v, p_ + pos, sizeof(T));
        return v;
    }
    const uint8_t* at(uint64_t pos) const { return p_ + pos; }

private:
    const uint8_t* p_;
    std::size_t n_;
};

// A table: position and its vtable.
class Table {
public:
    Table(const Buffer& buf, uint64_t pos, const char* kind) : buf_(&buf), pos_(pos), kind_(kind) {
        const int32_t back = buf.read<int32_t>(pos, kind);
        const int64_t vt = static_cast<int64_t>(pos) - back;
        if (vt < 0 || static_cast<uint64_t>(vt) >= buf.size()) fail(std::string(kind) + " table points to a vtable outside the file");
        vt_ = static_cast<uint64_t>(vt);
        vtSize_ = buf.read<uint16_t>(vt_, "vtable");
        if (vtSize_ < 4 || (vtSize_ & 1)) fail(std::string(kind) + " vtable has an invalid size");
        buf.need(vt_, vtSize_, "vtable");
        tableSize_ = buf.read<uint16_t>(vt_ + 2, "vtable");
        buf.need(pos_, tableSize_, kind);
    }

    // Position of field `index`, or 0 when absent.
    uint64_t field(int index, std::size_t fieldBytes) const {
        const uint64_t entry = 4 + 2 * static_cast<uint64_t>(index);
        if (entry + 2 > vtSize_) return 0;
        const uint16_t off = buf_->read<uint16_t>(vt_ + entry, "vtable entry");
        if (off == 0) return 0;
        if (off + fieldBytes > tableSize_) fail(std::string(kind_) + " field " + std::to_string(index) + " lies outside its table");
        return pos_ + off;
    }
    template <class T>
    T scalar(int index, T def) const {
        const uint64_t p = field(index, sizeof(T));
        return p ? buf_->read<T>(p, kind_) : def;
    }
    // Follows a uoffset field to its target; 0 when absent.
    uint64_t ref(int index) const {
        const uint64_t p = field(index, 4);
        if (!p) return 0;
        const uint64_t target = p + buf_->read<uint32_t>(p, kind_);
        if (target >= buf_->size()) fail(std::string(kind_) + " field " + std::to_string(index) + " points outside the file");
        return target;
    }
    bool has(int index) const { return field(index, 0) != 0; }

private:
    const Buffer* buf_;
    uint64_t pos_, vt_ = 0;
    uint16_t vtSize_ = 0, tableSize_ = 0;
    const char* kind_;
};

struct VectorView {
    uint64_t start = 0;  // first element
    uint64_t length = 0;
};

VectorView vectorAt(const Buffer& buf, uint64_t pos, std::size_t elemSize, const char* what) {
    if (!pos) return {};
    const uint32_t len = buf.read<uint32_t>(pos, what);
    buf.need(pos + 4, static_cast<uint64_t>(len) * elemSize, what);
    return {pos + 4, len};
}

template <class T>
std::vector<T> scalarVector(const Buffer& buf, uint64_t pos, const char* what) {
    const VectorView v = vectorAt(buf, pos, sizeof(T), what);
    std::vector<T> out(v.length);
    if (v.length) std::memcpy(out.data(), buf.at(v.start), v.length * sizeof(T));
    return out;
}

std::string stringAt(const Buffer& buf, uint64_t pos, const char* what) {
    const VectorView v = vectorAt(buf, pos, 1, what);
    return std::string(reinterpret_cast<const char*>(buf.at(v.start)), v.length);
}

// Positions of the tables a vector of offsets refers to.
std::vector<uint64_t> tableVector(const Buffer& buf, uint64_t pos, const char* what) {
    const VectorView v = vectorAt(buf, pos, 4, what);
    std::vector<uint64_t> out;
    out.reserve(v.length);
    for (uint64_t i = 0; i < v.length; ++i) {
        const uint64_t slot = v.start + 4 * i;
        const uint64_t target = slot + buf.read<uint32_t>(slot, what);
        if (target >= buf.size()) fail(std::string(what) + " entry " + std::to_string(i) + " points outside the file");
        out.push_back(target);
    }
    return out;
}

OpOptions parseOptions(const Buffer& buf, int code, uint64_t pos) {
    OpOptions o;
    if (!pos) return o;
    const Table t(buf, pos, "operator options");
    switch (code) {
        case op::Conv2D:
            o.padding = t.scalar<int8_t>(0, 0);
            o.strideW = t.scalar<int32_t>(1, 0);
            o.strideH = t.scalar<int32_t>(2, 0);
            o.fusedActivation = t.scalar<int8_t>(3, 0);
            o.dilationW = t.scalar<int32_t>(4, 1);
            o.dilationH = t.scalar<int32_t>(5, 1);
            break;
        case op::DepthwiseConv2D:
            o.padding = t.scalar<int8_t>(0, 0);
            o.strideW = t.scalar<int32_t>(1, 0);
            o.strideH = t.scalar<int32_t>(2, 0);
            o.depthMultiplier = t.scalar<int32_t>(3, 0);
            o.fusedActivation = t.scalar<int8_t>(4, 0);
            o.dilationW = t.scalar<int32_t>(5, 1);
            o.dilationH = t.scalar<int32_t>(6, 1);
            break;
        case op::AveragePool2D:
        case op::MaxPool2D:
            o.padding = t.scalar<int8_t>(0, 0);
            o.strideW = t.scalar<int32_t>(1, 0);
            o.strideH = t.scalar<int32_t>(2, 0);
            o.filterW = t.scalar<int32_t>(3, 0);
            o.filterH = t.scalar<int32_t>(4, 0);
            o.fusedActivation = t.scalar<int8_t>(5, 0);
            break;
        case op::Add:
        case op::FullyConnected:
            o.fusedActivation = t.scalar<int8_t>(0, 0);
            break;
        case op::Reshape:
            o.newShape = scalarVector<int32_t>(buf, t.ref(0), "RESHAPE new_shape");
            break;
        case op::Squeeze:
            o.squeezeDims = scalarVector<int32_t>(buf, t.ref(0), "SQUEEZE squeeze_dims");
            break;
        case op::Mean:
            o.keepDims = t.scalar<uint8_t>(0, 0) != 0;
            break;
        case op::Softmax:
            o.beta = t.scalar<float>(0, 1.0f);
            break;
        default:
            break;
    }
    return o;
}

void checkIndices(const std::vector<int32_t>& idx, std::size_t count, bool allowMinusOne, const std::string& what) {
    for (int32_t i : idx) {
        if (allowMinusOne && i == -1) continue;
        if (i < 0 || static_cast<std::size_t>(i) >= count)
            fail(what + " refers to tensor " + std::to_string(i) + " but the subgraph has " + std::to_string(count) + " tensors");
    }
}

Model parse(std::shared_ptr<const std::vector<uint8_t>> bytes) {
    const Buffer buf(*bytes);
    if (buf.size() < 8) fail("too short to be a TFLite model (" + std::to_string(buf.size()) + " bytes)");
    if (std::memcmp(buf.at(4), "TFL3", 4) != 0) fail("not a TFLite model (file identifier 'TFL3' missing)");
    const uint64_t root = buf.read<uint32_t>(0, "root offset");
    if (root >= buf.size()) fail("root offset points outside the file");

    Model m;
    const Table model(buf, root, "Model");
    m.version = model.scalar<uint32_t>(0, 0);
    if (m.version != 3) fail("unsupported schema version " + std::to_string(m.version) + " (expected 3)");
    if (model.has(3)) m.description = stringAt(buf, model.ref(3), "description");

    std::vector<int> opcodes;
    for (uint64_t pos : tableVector(buf, model.ref(1), "operator_codes")) {
        const Table oc(buf, pos, "OperatorCode");
        const int deprecated = oc.scalar<int8_t>(0, 0);
        const int builtin = oc.scalar<int32_t>(3, 0);
        opcodes.push_back(std::max(deprecated, builtin));
    }

    struct BufferView {
        uint64_t start = 0, length = 0;
    };
    std::vector<BufferView> buffers;
    for (uint64_t pos : tableVector(buf, model.ref(4), "buffers")) {
        const Table b(buf, pos, "Buffer");
        const VectorView v = vectorAt(buf, b.ref(0), 1, "buffer data");
        buffers.push_back({v.start, v.length});
    }

    const std::vector<uint64_t> subgraphs = tableVector(buf, model.ref(2), "subgraphs");
    if (subgraphs.empty()) fail("has no subgraph");
    const Table sg(buf, subgraphs[0], "SubGraph");

    for (uint64_t pos : tableVector(buf, sg.ref(0), "tensors")) {
        const Table t(buf, pos, "Tensor");
        Tensor tensor;
        tensor.shape = scalarVector<int32_t>(buf, t.ref(0), "tensor shape");
        tensor.type = t.scalar<int8_t>(1, 0);
        tensor.buffer = t.scalar<uint32_t>(2, 0);
        if (t.has(3)) tensor.name = stringAt(buf, t.ref(3), "tensor name");
        const std::string label = "tensor " + std::to_string(m.tensors.size()) + " '" + tensor.name + "'";
        if (const uint64_t q = t.ref(4)) {
            const Table qt(buf, q, "QuantizationParameters");
            tensor.quant.scale = scalarVector<float>(buf, qt.ref(2), "quantization scale");
            tensor.quant.zeroPoint = scalarVector<int64_t>(buf, qt.ref(3), "quantization zero_point");
            tensor.quant.quantizedDimension = qt.scalar<int32_t>(6, 0);
        }
        for (int32_t d : tensor.shape)
            if (d < 0) fail(label + " has a negative dimension");
        if (tensor.buffer >= buffers.size() && !(tensor.buffer == 0 && buffers.empty()))
            fail(label + " refers to buffer " + std::to_string(tensor.buffer) + " of " + std::to_string(buffers.size()));
        if (tensor.buffer != 0 && buffers[tensor.buffer].length > 0) {
            const std::size_t elem = tensorTypeSize(tensor.type);
            if (elem == 0) fail(label + " has unsupported type " + std::to_string(tensor.type));
            const int64_t count = tensor.elementCount();
            if (count < 0 || static_cast<uint64_t>(count) * elem != buffers[tensor.buffer].length)
                fail(label + " holds " + std::to_string(buffers[tensor.buffer].length) + " bytes but its shape needs " +
                     std::to_string(count < 0 ? -1 : count * static_cast<int64_t>(elem)));
            tensor.data = buf.at(buffers[tensor.buffer].start);
            tensor.dataSize = buffers[tensor.buffer].length;
        }
        m.tensors.push_back(std::move(tensor));
    }
    const std::size_t nt = m.tensors.size();
    m.inputs = scalarVector<int32_t>(buf, sg.ref(1), "subgraph inputs");
    m.outputs = scalarVector<int32_t>(buf, sg.ref(2), "subgraph outputs");
    checkIndices(m.inputs, nt, false, "subgraph inputs");
    checkIndices(m.outputs, nt, false, "subgraph outputs");

    for (uint64_t pos : tableVector(buf, sg.ref(3), "operators")) {
        const Table o(buf, pos, "Operator");
        Operator oper;
        const uint32_t opcodeIndex = o.scalar<uint32_t>(0, 0);
        const std::string label = "operator " + std::to_string(m.operators.size());
        if (opcodeIndex >= opcodes.size())
            fail(label + " uses opcode " + std::to_string(opcodeIndex) + " of " + std::to_string(opcodes.size()));
        oper.builtinCode = opcodes[opcodeIndex];
        oper.inputs = scalarVector<int32_t>(buf, o.ref(1), "operator inputs");
        oper.outputs = scalarVector<int32_t>(buf, o.ref(2), "operator outputs");
        checkIndices(oper.inputs, nt, true, label + " inputs");
        checkIndices(oper.outputs, nt, false, label + " outputs");
        oper.options = parseOptions(buf, oper.builtinCode, o.ref(4));
        m.operators.push_back(std::move(oper));
    }
    m.bytes = std::move(bytes);
    return m;
}

}  // namespace

const char* tensorTypeName(int type) {
    switch (type) {
        case 0: return "float32";
        case 1: return "float16";
        case 2: return "int32";
        case 3: return "uint8";
        case 4: return "int64";
        case 7: return "int16";
        case 9: return "int8";
        default: return "unknown";
    }
}

std::size_t tensorTypeSize(int type) {
    switch (type) {
        case 0: return 4;
        case 1: return 2;
        case 2: return 4;
        case 3: return 1;
        case 4: return 8;
        case 7: return 2;
        case 9: return 1;
        default: return 0;
    }
}

const char* builtinOpName(int code) {
    switch (code) {
        case op::Add: return "ADD";
        case op::AveragePool2D: return "AVERAGE_POOL_2D";
        case op::Conv2D: return "CONV_2D";
        case op::DepthwiseConv2D: return "DEPTHWISE_CONV_2D";
        case op::Dequantize: return "DEQUANTIZE";
        case op::FullyConnected: return "FULLY_CONNECTED";
        case op::MaxPool2D: return "MAX_POOL_2D";
        case op::Reshape: return "RESHAPE";
        case op::Softmax: return "SOFTMAX";
        case op::Mean: return "MEAN";
        case op::Squeeze: return "SQUEEZE";
        case op::Quantize: return "QUANTIZE";
        default: return "other";
    }
}

int64_t Tensor::elementCount() const {
    int64_t n = 1;
    for (int32_t d : shape) {
        if (d < 0) return -1;
        if (d != 0 && n > std::numeric_limits<int64_t>::max() / 16 / d) return -1;  // overflow guard
        n *= d;
    }
    return n;
}

Result<Model> parseModel(std::vector<uint8_t> bytes, const std::string& nameForMessages) {
    try {
        Model m = parse(std::make_shared<const std::vector<uint8_t>>(std::move(bytes)));
        m.path = nameForMessages;
        return m;
    } catch (const ParseFailure& f) {
        return makeError(ErrorCode::BadFormat, nameForMessages + ": " + f.what);
    } catch (const std::bad_alloc&) {
        return makeError(ErrorCode::TooLarge, nameForMessages + ": out of memory while reading the model");
    }
}

Result<Model> readModel(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return makeError(ErrorCode::NotFound, path + ": cannot open the model file");
    in.seekg(0, std::ios::end);
    const std::streamoff size = in.tellg();
    if (size < 0) return makeError(ErrorCode::Io, path + ": cannot read the model file");
    if (size > (int64_t(1) << 31)) return makeError(ErrorCode::TooLarge, path + ": larger than 2 GiB, not a supported TFLite model");
    in.seekg(0);
    std::vector<uint8_t> bytes(static_cast<std::size_t>(size));
    if (size && !in.read(reinterpret_cast<char*>(bytes.data()), size))
        return makeError(ErrorCode::Io, path + ": cannot read the model file");
    return parseModel(std::move(bytes), path);
}

Result<std::vector<float>> dequantize(const Tensor& t) {
    const std::string label = "tensor '" + t.name + "'";
    if (!t.data) return makeError(ErrorCode::InvalidArgument, label + " has no constant data to dequantize");
    const int64_t n = t.elementCount();
    const std::size_t elem = tensorTypeSize(t.type);
    if (n < 0 || elem == 0 || static_cast<uint64_t>(n) * elem != t.dataSize)
        return makeError(ErrorCode::BadFormat, label + ": data size does not match shape and type");
    std::vector<float> out(static_cast<std::size_t>(n));
    auto raw = [&](int64_t i) -> double {
        const uint8_t* p = t.data + i * static_cast<int64_t>(elem);
        switch (t.type) {
            case 2: { int32_t v; std::memcpy(&v, p, 4); return v; }
            case 3: return *p;
            case 4: { int64_t v; std::memcpy(&v, p, 8); return static_cast<double>(v); }
            case 7: { int16_t v; std::memcpy(&v, p, 2); return v; }
            case 9: return static_cast<int8_t>(*p);
            default: return 0.0;
        }
    };
    if (t.type == 0) {
        std::memcpy(out.data(), t.data, t.dataSize);
        return out;
    }
    if (t.type == 1) return makeError(ErrorCode::BadFormat, label + ": float16 weights are not supported");
    const auto& q = t.quant;
    if (q.scale.empty()) {
        for (int64_t i = 0; i < n; ++i) out[i] = static_cast<float>(raw(i));
        return out;
    }
    if (!q.zeroPoint.empty() && q.zeroPoint.size() != q.scale.size())
        return makeError(ErrorCode::BadFormat, label + ": " + std::to_string(q.scale.size()) + " scales but " +
                                                   std::to_string(q.zeroPoint.size()) + " zero points");
    if (q.scale.size() == 1) {
        const double s = q.scale[0], z = q.zeroPoint.empty() ? 0.0 : static_cast<double>(q.zeroPoint[0]);
        for (int64_t i = 0; i < n; ++i) out[i] = static_cast<float>(s * (raw(i) - z));
        return out;
    }
    const int dim = q.quantizedDimension;
    if (dim < 0 || static_cast<std::size_t>(dim) >= t.shape.size() || static_cast<std::size_t>(t.shape[dim]) != q.scale.size())
        return makeError(ErrorCode::BadFormat, label + ": per-channel quantization does not match dimension " + std::to_string(dim));
    int64_t inner = 1;
    for (std::size_t d = dim + 1; d < t.shape.size(); ++d) inner *= t.shape[d];
    const int64_t channels = t.shape[dim];
    for (int64_t i = 0; i < n; ++i) {
        const int64_t c = (i / inner) % channels;
        const double z = q.zeroPoint.empty() ? 0.0 : static_cast<double>(q.zeroPoint[c]);
        out[i] = static_cast<float>(q.scale[c] * (raw(i) - z));
    }
    return out;
}

}  // namespace taxo::tflite
