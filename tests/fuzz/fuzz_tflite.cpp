// libFuzzer target for the TFLite reader (parseModel) and the dequantisation of every constant tensor, which
// walks the data views the reader hands out: an unchecked offset shows up here as an ASan report.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "core/models/tflite_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    std::vector<uint8_t> bytes(data, data + size);
    taxo::Result<taxo::tflite::Model> model = taxo::tflite::parseModel(std::move(bytes), "fuzz.tflite");
    if (!model) return 0;
    const std::uint8_t* begin = model->bytes->data();
    const std::uint8_t* end = begin + model->bytes->size();
    for (const taxo::tflite::Tensor& tensor : model->tensors) {
        if (tensor.data && (tensor.data < begin || tensor.data + tensor.dataSize > end)) std::abort();
        taxo::Result<std::vector<float>> values = taxo::tflite::dequantize(tensor);
        (void)values;
    }
    for (const taxo::tflite::Operator& op : model->operators) (void)taxo::tflite::builtinOpName(op.builtinCode);
    return 0;
}
