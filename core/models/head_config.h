#pragma once
// The study's four classification heads (its Table 4) as a plain, serialisable description (no LibTorch here).
//   mini    = Dense(n)                                         "MiniConvNext"
//   dropout = Dropout(dropout1) + Dense(n)                     "ConvNextDropout"  (dropout1 0.3)
//   mid     = Dense(dense1, ReLU) + BN + Dropout(dropout1) + Dense(n)   "ConvNextMid" (256, 0.4)
//   full    = Dense(dense1, GELU, L2) + BN + Dropout(dropout1)
//           + Dense(dense2, GELU, L2) + BN + Dropout(dropout2) + Dense(n)  "ConvNextFull" (1024, 512, 0.5, 0.5)
// The backbone's global average pooling is already applied to the cached embedding the head reads.
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/result.h"

namespace taxo {

struct HeadConfig {
    std::string kind = "full";  // mini | dropout | mid | full (the study's names are accepted by headConfigFromJson)
    int dense1 = 1024, dense2 = 512;  // hidden units (mid uses dense1 only)
    double dropout1 = 0.5, dropout2 = 0.5;  // drop probabilities 0..1 (dropout and mid use dropout1 only)
    // Keras-style L2 on hidden Dense kernels: l2 * sum(w^2) is added to the loss (biases are not penalised).
    // The study does not give its coefficient; 1e-3 is a mild default (Keras' own L2() default is 1e-2, and the
    // study's random search drew from [0.001, 0.1]). Used by the hidden layers of any kind; Table 4 only puts them on full.
    double l2Dense1 = 1e-3, l2Dense2 = 1e-3;

    // Table 4's settings for a kind (mid: 256 units, dropout 0.4, no L2; dropout: 0.3).
    static HeadConfig forKind(const std::string& kind);
};

// "mini", "MiniConvNext" -> "mini" etc.; empty string when unknown.
std::string canonicalHeadKind(const std::string& name);
// "mini" -> "MiniConvNext" etc.
std::string studyHeadName(const std::string& kind);

Status validateHeadConfig(const HeadConfig& config);
nlohmann::json toJson(const HeadConfig& config);
// Missing keys keep HeadConfig::forKind(kind) defaults; wrong types or values are errors.
Result<HeadConfig> headConfigFromJson(const nlohmann::json& json);

}  // namespace taxo
