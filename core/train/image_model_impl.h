#pragma once
// Torch-internal (core .cpp files and [TORCH] tests): the backbone inside a trained image model, so tests can check
// which weights fine-tuning changed. Null for scratch models and empty handles.
#include <memory>

#include "core/models/backbone_net.h"
#include "core/train/image_trainer.h"

namespace taxo {

std::shared_ptr<Backbone> trainedBackbone(const TrainedImageModel& model);

}  // namespace taxo
