#include "core/train/embedding_pipeline.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

#include "core/data/image_io.h"
#include "core/train/cpu_autocast.h"

namespace taxo {

const char* computePrecisionName(ComputePrecision p) { return p == ComputePrecision::Bf16 ? "bf16" : "fp32"; }

Result<ComputePrecision> parseComputePrecision(const std::string& name) {
    if (name == "fp32") return ComputePrecision::Fp32;
    if (name == "bf16") return ComputePrecision::Bf16;
    return makeError(ErrorCode::InvalidArgument, "precision '" + name + "': unknown (expected fp32 or bf16)");
}

namespace {

// One photo (or augmented view) into `out` (H x W x 3 or 3 x H x W floats).
Status loadItem(const EmbedItem& item, const EmbedPipelineOptions& o, PixelLayout layout, float* out) {
    if (!item.augmented) return loadForModelInto(item.path, o.spec, out, layout);
    auto rgb = decodeForModel(item.path, o.spec);
    if (!rgb) return rgb.error();
    toModelInput(taxo::augment(*rgb, o.augment, item.augmentSeed), o.spec, out, layout);
    return {};
}

struct BatchSlot {
    std::vector<float> pixels;        // batchSize x plane
    std::vector<std::string> errors;  // per row; empty = decoded
    std::size_t filled = 0;           // rows decoded or failed so far
};

// Shared state of decoder threads and the backbone thread; every field below the mutex is guarded by it.
struct Pipeline {
    std::mutex mutex;
    std::condition_variable changed;
    std::size_t nextItem = 0;       // next photo a decoder takes
    std::size_t batchesDone = 0;    // batches the backbone has finished with (their slots are free again)
    bool stop = false;
    std::vector<BatchSlot> slots;   // batch b lives in slots[b % slots.size()]
};

// Joins the decoder threads on every way out of runEmbeddingPipeline (errors, cancellation, exceptions).
class DecoderThreads {
public:
    explicit DecoderThreads(Pipeline& p) : p_(p) {}
    ~DecoderThreads() {
        {
            std::lock_guard<std::mutex> lock(p_.mutex);
            p_.stop = true;
        }
        p_.changed.notify_all();
        for (auto& t : threads_) t.join();
    }
    template <class F>
    void start(int n, F body) {
        for (int i = 0; i < n; ++i) threads_.emplace_back(body);
    }

private:
    Pipeline& p_;
    std::vector<std::thread> threads_;
};

}  // namespace

torch::Tensor embedBatch(Backbone& backbone, const torch::Tensor& input, ComputePrecision precision) {
    c10::InferenceMode inference;
    torch::Tensor out;
    if (precision == ComputePrecision::Bf16) {
        CpuAutocast autocast;
        out = backbone.embed(input);
    } else {
        out = backbone.embed(input);
    }
    return out.to(torch::kCPU, torch::kFloat32).contiguous();
}

Status runEmbeddingPipeline(Backbone& backbone, const std::vector<EmbedItem>& items, const EmbedPipelineOptions& o,
                            const EmbedSink& sink, const EmbedFailureSink& onFailure, const EmbedProgress& progress) {
    if (items.empty()) return {};
    const std::size_t batchSize = std::size_t(std::max(1, o.batchSize));
    const std::size_t batches = (items.size() + batchSize - 1) / batchSize;
    const std::size_t plane = std::size_t(3) * std::size_t(o.spec.width) * std::size_t(o.spec.height);
    const PixelLayout layout = o.channelsLast ? PixelLayout::Interleaved : PixelLayout::Planar;
    auto rowsOf = [&](std::size_t b) { return std::min(batchSize, items.size() - b * batchSize); };

    Pipeline p;
    p.slots.resize(std::size_t(std::max(1, o.batchesAhead)));
    for (BatchSlot& s : p.slots) {
        s.pixels.resize(batchSize * plane);
        s.errors.resize(batchSize);
    }
    const int hardware = std::max(1, int(std::thread::hardware_concurrency()));
    const int decoders = std::min<int>(o.loaderThreads > 0 ? o.loaderThreads : hardware, int(items.size()));

    DecoderThreads threads(p);
    threads.start(decoders, [&] {
        for (;;) {
            std::size_t i, b;
            {
                std::unique_lock<std::mutex> lock(p.mutex);
                // A decoder may run ahead of the backbone by the slots there are, no further.
                p.changed.wait(lock, [&] {
                    return p.stop || p.nextItem >= items.size() || p.nextItem / batchSize < p.batchesDone + p.slots.size();
                });
                if (p.stop || p.nextItem >= items.size()) return;
                i = p.nextItem++;
                b = i / batchSize;
            }
            BatchSlot& slot = p.slots[b % p.slots.size()];
            const std::size_t row = i - b * batchSize;
            std::string error;
            try {
                if (Status s = loadItem(items[i], o, layout, slot.pixels.data() + row * plane); !s) error = s.error().message;
            } catch (const std::exception& e) {
                error = items[i].path + ": " + e.what();
            }
            {
                std::lock_guard<std::mutex> lock(p.mutex);
                slot.errors[row] = std::move(error);
                if (++slot.filled == rowsOf(b)) p.changed.notify_all();
            }
        }
    });

    std::vector<std::size_t> okRows;
    for (std::size_t b = 0; b < batches; ++b) {
        BatchSlot& slot = p.slots[b % p.slots.size()];
        const std::size_t n = rowsOf(b);
        {
            std::unique_lock<std::mutex> lock(p.mutex);
            p.changed.wait(lock, [&] { return slot.filled == n; });
        }
        if (o.control && !o.control->checkpoint()) return makeError(ErrorCode::Cancelled, "feature extraction cancelled");
        okRows.clear();
        for (std::size_t r = 0; r < n; ++r) {
            if (slot.errors[r].empty()) okRows.push_back(b * batchSize + r);
            else if (onFailure) onFailure(b * batchSize + r, slot.errors[r]);
        }
        if (!okRows.empty()) {
            // Failed rows are squeezed out in place; rows keep their order.
            std::size_t kept = 0;
            for (std::size_t r = 0; r < n; ++r) {
                if (!slot.errors[r].empty()) continue;
                if (kept != r) std::memmove(slot.pixels.data() + kept * plane, slot.pixels.data() + r * plane, plane * sizeof(float));
                ++kept;
            }
            const auto rows = std::int64_t(kept), h = std::int64_t(o.spec.height), w = std::int64_t(o.spec.width);
            // Interleaved pixels viewed as NCHW with channels-last strides: no copy.
            const torch::Tensor input = o.channelsLast
                                            ? torch::from_blob(slot.pixels.data(), {rows, h, w, 3}, torch::kFloat32).permute({0, 3, 1, 2})
                                            : torch::from_blob(slot.pixels.data(), {rows, 3, h, w}, torch::kFloat32);
            torch::Tensor embedding;
            try {
                embedding = embedBatch(backbone, input, o.precision);
            } catch (const c10::Error& e) {
                return makeError(ErrorCode::Internal, "backbone " + backbone.info().id + " failed: " + e.what_without_backtrace());
            }
            if (Status s = sink(okRows, embedding.data_ptr<float>(), int(embedding.size(1))); !s) return s;
        }
        {
            std::lock_guard<std::mutex> lock(p.mutex);
            slot.filled = 0;
            ++p.batchesDone;
        }
        p.changed.notify_all();
        if (progress) progress(std::min(items.size(), (b + 1) * batchSize));
    }
    return {};
}

}  // namespace taxo
