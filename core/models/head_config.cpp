#include "core/models/head_config.h"

#include <cmath>

namespace taxo {

std::string canonicalHeadKind(const std::string& name) {
    if (name == "mini" || name == "MiniConvNext") return "mini";
    if (name == "dropout" || name == "ConvNextDropout") return "dropout";
    if (name == "mid" || name == "ConvNextMid") return "mid";
    if (name == "full" || name == "ConvNextFull") return "full";
    return {};
}

std::string studyHeadName(const std::string& kind) {
    const auto k = canonicalHeadKind(kind);
    if (k == "mini") return "MiniConvNext";
    if (k == "dropout") return "ConvNextDropout";
    if (k == "mid") return "ConvNextMid";
    if (k == "full") return "ConvNextFull";
    return kind;
}

HeadConfig HeadConfig::forKind(const std::string& kind) {
    HeadConfig c;
    c.kind = canonicalHeadKind(kind).empty() ? kind : canonicalHeadKind(kind);
    if (c.kind == "dropout") {
        c.dropout1 = 0.3;
    } else if (c.kind == "mid") {
        c.dense1 = 256;
        c.dropout1 = 0.4;
        c.l2Dense1 = 0;
    }
    if (c.kind != "full") c.l2Dense2 = 0;
    if (c.kind == "mini" || c.kind == "dropout") c.l2Dense1 = 0;
    return c;
}

Status validateHeadConfig(const HeadConfig& c) {
    if (canonicalHeadKind(c.kind).empty())
        return makeError(ErrorCode::InvalidArgument,
                         "head kind '" + c.kind + "' is unknown (expected mini, dropout, mid or full)");
    if (c.dense1 < 1 || c.dense2 < 1 || c.dense1 > 65536 || c.dense2 > 65536)
        return makeError(ErrorCode::InvalidArgument, "head dense units must be 1..65536 (got " +
                                                         std::to_string(c.dense1) + ", " + std::to_string(c.dense2) + ")");
    for (double p : {c.dropout1, c.dropout2})
        if (!(p >= 0 && p < 1))
            return makeError(ErrorCode::InvalidArgument, "head dropout must be in [0, 1) (got " + std::to_string(p) + ")");
    for (double l : {c.l2Dense1, c.l2Dense2})
        if (!(l >= 0) || !std::isfinite(l))
            return makeError(ErrorCode::InvalidArgument, "head L2 coefficient must be >= 0 (got " + std::to_string(l) + ")");
    return {};
}

nlohmann::json toJson(const HeadConfig& c) {
    return nlohmann::json{{"kind", c.kind},         {"dense1", c.dense1},      {"dense2", c.dense2},
                          {"dropout1", c.dropout1}, {"dropout2", c.dropout2},  {"l2Dense1", c.l2Dense1},
                          {"l2Dense2", c.l2Dense2}};
}

Result<HeadConfig> headConfigFromJson(const nlohmann::json& j) {
    if (!j.is_object()) return makeError(ErrorCode::BadFormat, "head config: expected a JSON object");
    try {
        const std::string kind = j.value("kind", std::string("full"));
        const std::string canonical = canonicalHeadKind(kind);
        if (canonical.empty())
            return makeError(ErrorCode::BadFormat, "head config: kind '" + kind + "' is unknown (expected mini, dropout, mid or full)");
        HeadConfig c = HeadConfig::forKind(canonical);
        c.dense1 = j.value("dense1", c.dense1);
        c.dense2 = j.value("dense2", c.dense2);
        c.dropout1 = j.value("dropout1", c.dropout1);
        c.dropout2 = j.value("dropout2", c.dropout2);
        c.l2Dense1 = j.value("l2Dense1", c.l2Dense1);
        c.l2Dense2 = j.value("l2Dense2", c.l2Dense2);
        if (auto s = validateHeadConfig(c); !s) return makeError(ErrorCode::BadFormat, "head config: " + s.error().message);
        return c;
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::BadFormat, std::string("head config: ") + e.what());
    }
}

}  // namespace taxo
