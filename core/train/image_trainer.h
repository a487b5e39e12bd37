#pragma once
// End-to-end training on photos, for what cached features cannot serve: fine-tuning the last blocks of a pretrained
// backbone, augmentation drawn afresh every epoch, and the study's from-scratch CNNs. No LibTorch in this header.
// Same job shape, metrics, early stopping, checkpoints and history as trainHead (head_trainer.h).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/job.h"
#include "core/common/result.h"
#include "core/train/head_trainer.h"

namespace taxo {

struct ImageSample {
    std::string path;     // photo file (any format decodeImage reads)
    std::int32_t label;   // class index 0..numClasses-1
};

struct ImageTrainParams {
    // head, batch size, epochs, head learning rate, weight decay, patience, monitor, class weights, sampler,
    // label smoothing, seed, threads, device, checkpointDir, resume: as for trainHead. base.head is unused for
    // scratch models. The checkpoint file is imageCheckpointPath(base.checkpointDir).
    TrainParams base;
    std::string backboneId = "mobilenet_v2_imagenet";  // see knownBackbones(); ignored for scratch models
    std::string modelsDir;       // where backbone files live; empty = defaultModelsDir()
    // Fine-tune the last N backbone blocks (0 = frozen backbone, only the head learns; see Backbone::blockCount).
    // Frozen blocks run in inference mode. The MobileNets' batch norm is folded into their convolutions, so they have
    // no statistics to freeze; a TorchScript backbone is one block and runs in training mode only when unfrozen.
    int unfreezeBlocks = 0;
    double backboneLearningRate = 1e-5;  // AdamW rate of the unfrozen blocks (the study's lower rate for them)
    // Preset of AugmentParams (none | light | medium | strong), drawn afresh for every photo of every epoch, seeded by
    // (seed, epoch, position in the epoch, photo index), applied after resizing to the input size as Keras'
    // augmentation layers are. Validation photos are never augmented.
    std::string augmentation = "none";
    // "scratch_sequential" | "scratch_cnn2": train the study's from-scratch CNN instead of backbone + head.
    std::string scratchModel;
    // Square input side in pixels for scratch models (0 = 224, the study's). Backbones use their own input size.
    int scratchInputSize = 0;
    int loaderThreads = 0;  // threads decoding and augmenting photos (0 = all cores); the next batch is prefetched
};

nlohmann::json toJson(const ImageTrainParams& params);
// Missing keys keep the defaults above; unknown values are errors.
Result<ImageTrainParams> imageTrainParamsFromJson(const nlohmann::json& json);
Status validateImageTrainParams(const ImageTrainParams& params);

// A model trained on photos, ready to predict on new ones; cheap to copy (shared, immutable after training).
class TrainedImageModel {
public:
    TrainedImageModel();
    ~TrainedImageModel();
    TrainedImageModel(const TrainedImageModel&);
    TrainedImageModel& operator=(const TrainedImageModel&);

    bool valid() const;
    int numClasses() const;
    // "backbone" (a backbone with fine-tuned blocks plus a head) or "scratch".
    std::string kind() const;
    // Backbone id or scratch model name.
    std::string modelName() const;
    // Preprocessing of its input (PreprocessSpec::key() text, e.g. "224x224/stretch/tflite-uint8").
    std::string preprocessKey() const;
    // paths.size() x numClasses softmax probabilities (0..1), row-major. Fails on the first unreadable photo,
    // naming it. threads: decoding threads (0 = all cores).
    Result<std::vector<float>> predictProbabilities(const std::vector<std::string>& paths, int batchSize = 16,
                                                    int threads = 0) const;

    struct Impl;
    explicit TrainedImageModel(std::shared_ptr<Impl> impl);
    const std::shared_ptr<Impl>& impl() const { return impl_; }

private:
    std::shared_ptr<Impl> impl_;
};

struct ImageTrainOutcome {
    std::vector<EpochRecord> history;  // every epoch run, including those before a resume
    int bestEpoch = 0;                 // 1-based; its weights are the ones in `model`
    double bestScore = 0;              // the monitored value at bestEpoch
    bool stoppedEarly = false;
    bool resumed = false;
    TrainedImageModel model;
};

// Errors: InvalidArgument (bad samples or params), NotFound/BadFormat (backbone), Io/BadFormat (a photo, naming it;
// or the checkpoint), Numeric (NaN/inf loss), Cancelled (JobControl, checked between batches; the last finished epoch
// is in the checkpoint, if any).
Result<ImageTrainOutcome> trainOnImages(const std::vector<ImageSample>& train, const std::vector<ImageSample>& val,
                                        int numClasses, const ImageTrainParams& params,
                                        const TrainCallbacks& callbacks = {}, JobControl* control = nullptr);

// One file, written atomically: description (kind, backbone id, unfrozen blocks, head config, class count,
// preprocessing), the backbone's trainable parameters (the frozen ones are reloaded from the backbone's own file,
// whose SHA-256 the registry checks) and the head; or the scratch CNN's parameters and buffers.
Status saveImageModel(const TrainedImageModel& model, const std::string& path);
Status saveImageModel(const ImageTrainOutcome& outcome, const std::string& path);
// modelsDir: where the backbone files are (empty = defaultModelsDir()).
Result<TrainedImageModel> loadImageModel(const std::string& path, const std::string& modelsDir = {},
                                         const std::string& device = "cpu");

// The input batch training sees: for samples[order[i]], i in [from, to), decoded, resized to the model's input,
// augmented for (params.base.seed, epoch, position i) and normalised: (to - from) x 3 x H x W floats, CHW per photo.
// Exposed so callers and tests can inspect exactly what the network is fed. Needs the backbone's description only.
Result<std::vector<float>> loadTrainingBatch(const std::vector<ImageSample>& samples,
                                             const std::vector<std::int64_t>& order, std::int64_t from,
                                             std::int64_t to, int epoch, const ImageTrainParams& params);

std::string imageCheckpointPath(const std::string& checkpointDir);

}  // namespace taxo
