#pragma once
// Classifying photos with a saved model (ModelBundle): top-k families with probabilities (0..1) for one photo,
// a list or a folder, and the CSV `path,rank1,p1,...,rankk,pk,error`.
#include <memory>
#include <string>
#include <vector>

#include "core/common/job.h"
#include "core/eval/model_bundle.h"

namespace taxo {

struct ClassProbability {
    std::string label;
    float probability = 0;  // 0..1
};

struct PhotoPrediction {
    std::string path;
    std::vector<ClassProbability> top;  // most probable first; empty when error is set
    std::string error;                  // why the photo could not be classified
};

struct PredictOptions {
    int topK = 5;
    int batchSize = 16;
    int loaderThreads = 0;  // 0 = all cores
    ProgressFn progress;
    JobControl* control = nullptr;
};

class Predictor {
public:
    // Loads the bundle and its backbone (from modelsDir; empty = defaultModelsDir()). device: cpu | cuda | auto.
    // threads: compute threads, 0 = all cores.
    static Result<std::shared_ptr<Predictor>> load(const std::string& bundleDir, const std::string& modelsDir = {},
                                                   const std::string& device = "auto", int threads = 0);
    ~Predictor();
    const ModelBundle& bundle() const;
    // A photo that cannot be read gets an error entry; the others are classified.
    Result<std::vector<PhotoPrediction>> predict(const std::vector<std::string>& paths, const PredictOptions& options = {});

    struct Impl;

private:
    explicit Predictor(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// A photo path stays itself; a folder gives its photos (sorted, recursively).
Result<std::vector<std::string>> photosAt(const std::string& pathOrFolder);
std::string predictionsCsv(const std::vector<PhotoPrediction>& predictions, int topK);
Status writePredictionsCsv(const std::string& path, const std::vector<PhotoPrediction>& predictions, int topK);

}  // namespace taxo
