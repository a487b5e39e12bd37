#pragma once
// Torch-internal (core .cpp files and benchmark programs only): the decode -> preprocess -> backbone pipeline behind
// feature extraction, on a plain list of photo files (no store, no cache: extractFeatures adds those).
//
// A bounded producer/consumer pipeline: `loaderThreads` decoder threads take the photos in order and write each
// one's normalised pixels straight into its row of a batch buffer; the calling thread runs the backbone on whole
// batches in order. There are `batchesAhead` batch buffers (memory stays bounded: batchesAhead x batchSize x 3 x
// 224 x 224 floats): while the backbone scores one, the decoders fill the next ones, so decoding waits only when
// the backbone is the slower side.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/common/job.h"
#include "core/common/result.h"
#include "core/data/augment.h"
#include "core/data/preprocess.h"
#include "core/models/backbone_net.h"

namespace taxo {

enum class ComputePrecision {
    Fp32,  // float32 throughout (the default)
    Bf16,  // convolutions and matrix products in bfloat16 through CPU autocast (oneDNN on AVX-512 BF16 / AMX)
};
const char* computePrecisionName(ComputePrecision p);  // "fp32" | "bf16"
Result<ComputePrecision> parseComputePrecision(const std::string& name);

struct EmbedItem {
    std::string path;
    bool augmented = false;       // an augmented view drawn with augmentSeed from EmbedPipelineOptions::augment
    std::uint64_t augmentSeed = 0;
};

struct EmbedPipelineOptions {
    PreprocessSpec spec;          // the backbone's input size and normalisation (preprocessSpecFor)
    AugmentParams augment;        // for items with an augmentSeed
    int batchSize = 32;           // photos per backbone pass
    int loaderThreads = 0;        // decoder threads; 0 = all cores
    int batchesAhead = 3;         // batch buffers: one being scored, the others being decoded or waiting
    ComputePrecision precision = ComputePrecision::Fp32;
    bool channelsLast = true;     // feed the backbone NHWC-strided input (oneDNN's native layout)
    JobControl* control = nullptr;  // checked between batches; cancelling returns ErrorCode::Cancelled
};

// rows: indices into items of the photos of one batch that decoded, in order; embeddings: rows.size() x dim floats,
// row-major, valid during the call. An error stops the pipeline and is returned.
using EmbedSink = std::function<Status(const std::vector<std::size_t>& rows, const float* embeddings, int dim)>;
// A photo that could not be read ("path: why"); the pipeline goes on without it.
using EmbedFailureSink = std::function<void(std::size_t item, const std::string& why)>;
// Called after each batch with the number of items done (decoded or failed), for progress reports.
using EmbedProgress = std::function<void(std::size_t done)>;

// Runs the backbone (already on its device, in eval mode through embed()) over every item, calling sink batch by batch
// in item order. Errors from the backbone (c10::Error) come back as ErrorCode::Internal.
Status runEmbeddingPipeline(Backbone& backbone, const std::vector<EmbedItem>& items, const EmbedPipelineOptions& options,
                            const EmbedSink& sink, const EmbedFailureSink& onFailure = {}, const EmbedProgress& progress = {});

// The precision's forward pass alone on an already preprocessed [N, 3, H, W] float batch: what the pipeline calls,
// exposed for the benchmarks and the precision test. Returns [N, dim] float32 on the CPU.
torch::Tensor embedBatch(Backbone& backbone, const torch::Tensor& input, ComputePrecision precision);

}  // namespace taxo
