#pragma once
// The pretrained classifiers' own answers as suggestions: the iNaturalist bird and insect MobileNets name species
// (965 birds, 1,022 insects), the ImageNet one an ImageNet class. Handy next to a family prediction when a
// biologist reviews a photo.
#include <memory>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/eval/predictor.h"

namespace taxo {

class SpeciesSuggester {
public:
    // backboneId: a backbone with its own classifier, e.g. "mobilenet_v2_inat_bird".
    static Result<std::shared_ptr<SpeciesSuggester>> load(const std::string& backboneId, const std::string& modelsDir = {});
    ~SpeciesSuggester();
    // The k most probable classes of the backbone's classifier (probabilities 0..1).
    Result<std::vector<ClassProbability>> suggest(const std::string& photoPath, int k = 3);

    struct Impl;

private:
    explicit SpeciesSuggester(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace taxo
