#pragma once
// A hand-written, bounds-checked reader of TFLite flatbuffers (schema version 3) into a plain graph.
// Only what Taxoscope needs to rebuild MobileNet-style networks in LibTorch; no TensorFlow, no torch here.
// Every offset and length is checked against the file: a truncated, foreign or hostile file gives an Error
// that names the file and the problem, never a crash or an out-of-bounds read.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/common/result.h"

namespace taxo::tflite {

// TFLite TensorType codes.
enum class TensorType : int {
    Float32 = 0,
    Float16 = 1,
    Int32 = 2,
    UInt8 = 3,
    Int64 = 4,
    Int16 = 7,
    Int8 = 9,
};
const char* tensorTypeName(int type);
// Bytes per element, 0 for types this reader does not handle.
std::size_t tensorTypeSize(int type);

// TFLite BuiltinOperator codes met in the supported models.
namespace op {
constexpr int Add = 0;
constexpr int AveragePool2D = 1;
constexpr int Conv2D = 3;
constexpr int DepthwiseConv2D = 4;
constexpr int Dequantize = 6;
constexpr int FullyConnected = 9;
constexpr int MaxPool2D = 17;
constexpr int Reshape = 22;
constexpr int Softmax = 25;
constexpr int Mean = 40;
constexpr int Squeeze = 74;
constexpr int Quantize = 114;
}  // namespace op
const char* builtinOpName(int code);  // "CONV_2D", ... or "BUILTIN_<n>"

// Fused activation codes.
enum class Activation : int { None = 0, Relu = 1, ReluN1To1 = 2, Relu6 = 3, Tanh = 4 };

struct Quantization {
    std::vector<float> scale;       // one per tensor, or one per channel along quantizedDimension
    std::vector<int64_t> zeroPoint;  // same length as scale (or empty)
    int quantizedDimension = 0;
};

struct Tensor {
    std::string name;
    std::vector<int32_t> shape;  // as stored (NHWC for activations)
    int type = 0;                // TensorType code
    uint32_t buffer = 0;         // index into the model's buffers; 0 = no data
    // View of the constant data inside the file bytes owned by the Model (nullptr/0 for activations).
    // Valid while any copy of the Model that produced it is alive.
    const uint8_t* data = nullptr;
    std::size_t dataSize = 0;  // bytes
    Quantization quant;

    int64_t elementCount() const;  // product of shape (1 for a scalar)
};

// The subset of builtin options the supported ops use; fields of other ops keep their defaults.
struct OpOptions {
    int padding = 0;  // 0 = SAME, 1 = VALID
    int strideW = 1, strideH = 1;
    int dilationW = 1, dilationH = 1;
    int filterW = 0, filterH = 0;  // pooling
    int depthMultiplier = 1;
    int fusedActivation = 0;  // Activation code
    bool keepDims = false;    // MEAN
    float beta = 1.0f;        // SOFTMAX
    std::vector<int32_t> newShape;     // RESHAPE (may be empty: then the second input gives it)
    std::vector<int32_t> squeezeDims;  // SQUEEZE (empty = all size-1 dims)
};

struct Operator {
    int builtinCode = 0;           // the larger of deprecated_builtin_code and builtin_code
    std::vector<int32_t> inputs;   // tensor indices, -1 = optional input absent
    std::vector<int32_t> outputs;  // tensor indices
    OpOptions options;
};

struct Model {
    std::string path;  // for messages
    uint32_t version = 0;
    std::string description;
    std::vector<Tensor> tensors;  // of the first (main) subgraph
    std::vector<Operator> operators;
    std::vector<int32_t> inputs, outputs;
    std::shared_ptr<const std::vector<uint8_t>> bytes;  // the whole file; tensors' data views point into it
};

// Parses a TFLite model held in memory. `nameForMessages` names the source in errors (usually the path).
Result<Model> parseModel(std::vector<uint8_t> bytes, const std::string& nameForMessages);
// Reads and parses a .tflite file.
Result<Model> readModel(const std::string& path);

// Real values of a constant tensor: scale * (q - zero_point), per channel along quantizedDimension when the
// tensor carries one scale per channel. Float32 tensors are copied; integer tensors without scale give their raw values.
Result<std::vector<float>> dequantize(const Tensor& tensor);

}  // namespace taxo::tflite
