#pragma once
// A saved model: everything needed to classify photos on another machine that has the backbone's files.
// A folder holding bundle.json (backbone id and weights digest, preprocessing, class names, head settings) and
// the head's weights (head.pt, saveHead format).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/result.h"
#include "core/models/head_config.h"

namespace taxo {

struct ModelBundle {
    static constexpr int kFormat = 1;
    static constexpr const char* kManifest = "bundle.json";
    static constexpr const char* kHeadFile = "head.pt";
    static constexpr const char* kImageModelFile = "image_model.pt";
    static constexpr const char* kHeadKind = "head";    // a head over cached backbone embeddings
    static constexpr const char* kImageKind = "image";  // a fine-tuned backbone + head, or a from-scratch CNN, on photos

    std::string kind = kHeadKind;

    std::string dir;              // where it was read from or written to
    std::string backboneId;       // e.g. "mobilenet_v2_imagenet"
    std::string weightsDigest;    // of the backbone's weights file when the bundle was made
    std::string preprocessKey;    // PreprocessSpec::key()
    int embeddingDim = 0;         // 0 for a from-scratch CNN
    std::vector<std::string> classNames;  // index = class
    HeadConfig head;
    std::int64_t runId = 0;       // the run that made it, 0 when unknown
    std::string createdAt;

    std::string headPath() const;
    std::string imageModelPath() const;
    nlohmann::json toJson() const;
};

// Validates every field and names the file and field on error.
Result<ModelBundle> readModelBundle(const std::string& dir);
// Writes bundle.json atomically (the head file is written by saveHead beside it).
Status writeModelBundle(const ModelBundle& bundle);

}  // namespace taxo
