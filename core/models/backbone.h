#pragma once
// Torch-free description of the image backbones Taxoscope knows, where their files live, and integrity checks.
// The UI includes this header; the networks themselves sit behind core/models/backbone_net.h.
#include <string>
#include <vector>

#include "core/common/result.h"

namespace taxo {

struct BackboneInfo {
    std::string id;           // stable key stored in runs and feature caches, e.g. "mobilenet_v2_imagenet"
    std::string displayName;  // for people
    std::string kind;         // "tflite" | "torchscript" | "scratch"
    int inputWidth = 224;     // pixels the network expects
    int inputHeight = 224;
    // How RGB pixels (0..255) become network input: "tflite_uint8" = (x - 128) / 128, "imagenet" = per-channel
    // mean/std on x/255, "minus_one_to_one" = x / 127.5 - 1, "raw255" = x, "zero_to_one" = x / 255.
    std::string normalization;
    int embeddingDim = 0;     // length of the pooled feature vector
    std::string modelFile;    // absolute or modelsDir-relative path of the weights
    std::string sha256;       // expected SHA-256 of modelFile (lower-case hex), empty = not checked
    std::string labelsFile;   // one class name per line, empty when the backbone has no classifier
    int numClasses = 0;       // classifier outputs (0 = embedding only)
    std::string license;      // of the weights
    bool installed = false;   // modelFile exists
};

// The built-in backbones with their files resolved under modelsDir (whether or not the files are there):
// mobilenet_v2_imagenet, mobilenet_v2_inat_bird, mobilenet_v2_inat_insect, mobilenet_v1_embedding;
// then one TorchScript backbone per sub-folder of modelsDir holding a valid manifest.json (invalid ones are left out;
// readBackboneManifest tells why).
std::vector<BackboneInfo> knownBackbones(const std::string& modelsDir);
// One of knownBackbones by id; NotFound names the id and the known ones.
Result<BackboneInfo> findBackbone(const std::string& id, const std::string& modelsDir);

// Where model files are looked up: $TAXOSCOPE_MODELS when set; else <exe dir>/../share/taxoscope/models when that
// folder exists (an installed copy); else "models" under the current directory (scripts/setup places them in <repo>/models).
std::string defaultModelsDir();

// Reads <dir>/manifest.json of a TorchScript backbone (as written by scripts/export-backbone.py):
// {"format": "taxoscope-backbone", "version": 1, "id", "displayName", "model": "model.pt", "inputWidth", "inputHeight",
//  "normalization", "embeddingDim", "output": "embedding", "license"}. Errors name the manifest and the field.
Result<BackboneInfo> readBackboneManifest(const std::string& dir);

// Lower-case hex SHA-256 of a file's bytes.
Result<std::string> sha256File(const std::string& path);
// Ok when the file exists and its SHA-256 equals expectedSha256 (case-insensitive); otherwise an Error naming the file.
Status verifyModelFile(const std::string& path, const std::string& expectedSha256);

// Class names of a labels file (one a line, trailing whitespace and '\r' stripped; a final empty line ignored).
Result<std::vector<std::string>> readLabels(const std::string& path);

}  // namespace taxo
