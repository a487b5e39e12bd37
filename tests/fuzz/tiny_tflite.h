#pragma once
// A tiny hand-assembled TFLite model (2 operators, a per-channel quantised constant), written byte by byte as a
// flatbuffer: the fuzz seed of fuzz_tflite (make_seeds.cpp) and the base of the model-file tests that corrupt it.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace taxo::tiny_tflite {

using Bytes = std::vector<uint8_t>;

// A forward flatbuffer writer: a parent is written before its children, with 4-byte placeholders that are
// patched once the child's position is known (flatbuffer uoffsets point forward, vtable offsets may point back).
struct Flat {
    Bytes b;
    void pad(std::size_t align, std::size_t extra = 0) {
        while ((b.size() + extra) % align) b.push_back(0);
    }
    std::size_t put32(uint32_t v) {
        const std::size_t at = b.size();
        b.resize(at + 4);
        std::memcpy(&b[at], &v, 4);
        return at;
    }
    void patch(std::size_t at, std::size_t target) {
        const uint32_t off = uint32_t(target - at);
        std::memcpy(&b[at], &off, 4);
    }
    // Every field gets a 4-byte slot (scalars narrower than 4 bytes sit in its low bytes, little-endian).
    // Returns the slot position of each field id, for patching references.
    std::map<int, std::size_t> table(const std::map<int, uint32_t>& fields, std::size_t* tablePos = nullptr) {
        int maxId = -1;
        for (const auto& f : fields) maxId = std::max(maxId, f.first);
        pad(4);
        const std::size_t vt = b.size();
        std::vector<uint16_t> vtable(std::size_t(maxId + 1) + 2, 0);
        vtable[0] = uint16_t(vtable.size() * 2);
        vtable[1] = uint16_t(4 + 4 * fields.size());
        int slot = 0;
        for (const auto& f : fields) vtable[std::size_t(f.first) + 2] = uint16_t(4 + 4 * slot++);
        for (uint16_t v : vtable) {
            b.push_back(uint8_t(v));
            b.push_back(uint8_t(v >> 8));
        }
        pad(4);
        const std::size_t table = put32(0);
        const int32_t toVtable = int32_t(table - vt);
        std::memcpy(&b[table], &toVtable, 4);
        std::map<int, std::size_t> slots;
        for (const auto& f : fields) slots[f.first] = put32(f.second);
        if (tablePos) *tablePos = table;
        return slots;
    }
    template <typename T>
    std::size_t vector(const std::vector<T>& items) {
        pad(sizeof(T) > 4 ? sizeof(T) : 4, 4);
        const std::size_t at = put32(uint32_t(items.size()));
        for (const T& item : items) {
            const std::size_t p = b.size();
            b.resize(p + sizeof(T));
            std::memcpy(&b[p], &item, sizeof(T));
        }
        return at;
    }
    std::size_t string(const std::string& s) {
        pad(4);
        const std::size_t at = put32(uint32_t(s.size()));
        b.insert(b.end(), s.begin(), s.end());
        b.push_back(0);
        return at;
    }
    // A vector of tables referenced from refSlot: returns the element slots, to be patched to each table.
    std::vector<std::size_t> tableVector(std::size_t refSlot, std::size_t count) {
        pad(4);
        patch(refSlot, put32(uint32_t(count)));
        std::vector<std::size_t> slots;
        for (std::size_t i = 0; i < count; ++i) slots.push_back(put32(0));
        return slots;
    }
};

// input (1x4x4x1 float) -> CONV_2D with 2 uint8 per-channel-quantised 1x1 filters -> output (1x4x4x2) -> RESHAPE.
inline Bytes tinyTflite() {
    Flat f;
    const std::size_t root = f.put32(0);
    f.b.insert(f.b.end(), {'T', 'F', 'L', '3'});
    std::size_t modelPos = 0;
    auto model = f.table({{0, 3}, {1, 0}, {2, 0}, {3, 0}, {4, 0}}, &modelPos);
    f.patch(root, modelPos);

    f.patch(model[3], f.string("tiny seed model"));

    auto opcodeSlots = f.tableVector(model[1], 2);
    std::size_t t = 0;
    f.table({{0, 3}, {3, 3}}, &t);
    f.patch(opcodeSlots[0], t);
    f.table({{0, 22}, {3, 22}}, &t);
    f.patch(opcodeSlots[1], t);

    auto bufferSlots = f.tableVector(model[4], 3);
    f.table({}, &t);
    f.patch(bufferSlots[0], t);
    auto buf1 = f.table({{0, 0}}, &t);
    f.patch(bufferSlots[1], t);
    f.patch(buf1[0], f.vector(std::vector<uint8_t>{10, 200}));
    auto buf2 = f.table({{0, 0}}, &t);
    f.patch(bufferSlots[2], t);
    const int32_t newShape[] = {1, 32};  // buffer data is a [ubyte] vector: the int32 values' bytes
    f.patch(buf2[0], f.vector(Bytes(reinterpret_cast<const uint8_t*>(newShape), reinterpret_cast<const uint8_t*>(newShape) + 8)));

    auto subgraphSlots = f.tableVector(model[2], 1);
    auto sg = f.table({{0, 0}, {1, 0}, {2, 0}, {3, 0}}, &t);
    f.patch(subgraphSlots[0], t);
    f.patch(sg[1], f.vector(std::vector<int32_t>{0}));
    f.patch(sg[2], f.vector(std::vector<int32_t>{4}));

    auto tensorSlots = f.tableVector(sg[0], 5);
    struct T { std::vector<int32_t> shape; uint32_t type, buffer; std::string name; bool quant; };
    const std::vector<T> tensors = {{{1, 4, 4, 1}, 0, 0, "input", false},
                                    {{2, 1, 1, 1}, 3, 1, "weights", true},
                                    {{1, 4, 4, 2}, 0, 0, "conv", false},
                                    {{2}, 2, 2, "shape", false},
                                    {{1, 32}, 0, 0, "output", false}};
    for (std::size_t i = 0; i < tensors.size(); ++i) {
        std::map<int, uint32_t> fields = {{0, 0}, {1, tensors[i].type}, {2, tensors[i].buffer}, {3, 0}};
        if (tensors[i].quant) fields[4] = 0;
        auto slots = f.table(fields, &t);
        f.patch(tensorSlots[i], t);
        f.patch(slots[0], f.vector(tensors[i].shape));
        f.patch(slots[3], f.string(tensors[i].name));
        if (tensors[i].quant) {
            auto q = f.table({{2, 0}, {3, 0}, {6, 0}}, &t);
            f.patch(slots[4], t);
            f.patch(q[2], f.vector(std::vector<float>{0.5f, 0.25f}));
            f.patch(q[3], f.vector(std::vector<int64_t>{128, 0}));
        }
    }

    auto operatorSlots = f.tableVector(sg[3], 2);
    auto conv = f.table({{0, 0}, {1, 0}, {2, 0}, {3, 1}, {4, 0}}, &t);
    f.patch(operatorSlots[0], t);
    f.patch(conv[1], f.vector(std::vector<int32_t>{0, 1, -1}));
    f.patch(conv[2], f.vector(std::vector<int32_t>{2}));
    f.table({{0, 1}, {1, 1}, {2, 1}, {3, 1}}, &t);  // Conv2DOptions: VALID, stride 1x1, RELU
    f.patch(conv[4], t);
    auto reshape = f.table({{0, 1}, {1, 0}, {2, 0}, {3, 17}, {4, 0}}, &t);
    f.patch(operatorSlots[1], t);
    f.patch(reshape[1], f.vector(std::vector<int32_t>{2, 3}));
    f.patch(reshape[2], f.vector(std::vector<int32_t>{4}));
    auto reshapeOptions = f.table({{0, 0}}, &t);
    f.patch(reshape[4], t);
    f.patch(reshapeOptions[0], f.vector(std::vector<int32_t>{1, 32}));
    return f.b;
}

}  // namespace taxo::tiny_tflite
