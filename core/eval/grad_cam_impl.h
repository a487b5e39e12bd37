#pragma once
// Torch-internal Grad-CAM entry for callers that already hold a backbone (and head): include only from core .cpp.
#include "core/eval/grad_cam.h"
#include "core/models/backbone_net.h"
#include "core/train/head_trainer.h"

namespace taxo {

// rgb: CV_8UC3 RGB photo, as decodeForModel(path, spec) gives it (a full-size decode gives a slightly different
// input from prediction's). head: nullptr = the backbone's own classifier. spec must have the backbone's input size
// and normalisation. The backbone's train/eval mode and parameters' requires_grad are left as they were.
// photoWidth/photoHeight and coverage are in rgb's pixels.
Result<GradCam> explain(Backbone& backbone, const TrainedHead* head, const cv::Mat& rgb, int targetClass,
                        const PreprocessSpec& spec);
// The same with the backbone's own preprocessing fitted by `resize`.
Result<GradCam> explain(Backbone& backbone, const TrainedHead* head, const cv::Mat& rgb, int targetClass,
                        ResizeMode resize = ResizeMode::Stretch);

}  // namespace taxo
