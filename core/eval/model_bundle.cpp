#include "core/eval/model_bundle.h"

#include <filesystem>

#include "core/common/atomic_file.h"

namespace taxo {

std::string ModelBundle::headPath() const { return (std::filesystem::path(dir) / kHeadFile).string(); }
std::string ModelBundle::imageModelPath() const { return (std::filesystem::path(dir) / kImageModelFile).string(); }

nlohmann::json ModelBundle::toJson() const {
    return {{"format", kFormat}, {"kind", kind}, {"backbone", backboneId}, {"weights_digest", weightsDigest}, {"preprocess", preprocessKey},
            {"embedding_dim", embeddingDim}, {"class_names", classNames}, {"head", taxo::toJson(head)},
            {"run_id", runId}, {"created_at", createdAt}};
}

Result<ModelBundle> readModelBundle(const std::string& dir) {
    const std::string path = (std::filesystem::path(dir) / ModelBundle::kManifest).string();
    auto text = readWholeFile(path, 16 << 20);
    if (!text) return makeError(ErrorCode::NotFound, dir + ": not a Taxoscope model (" + text.error().message + ")");
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return makeError(ErrorCode::BadFormat, path + ": not valid JSON");
    auto field = [&](const char* name, nlohmann::json::value_t type) -> const nlohmann::json* {
        auto it = j.find(name);
        if (it == j.end()) return nullptr;
        if (it->type() != type && !(type == nlohmann::json::value_t::number_integer && it->is_number_integer())) return nullptr;
        return &*it;
    };
    using T = nlohmann::json::value_t;
    const auto* format = field("format", T::number_integer);
    if (!format || format->get<int>() != ModelBundle::kFormat)
        return makeError(ErrorCode::BadFormat, path + ": unsupported or missing \"format\" (expected " + std::to_string(ModelBundle::kFormat) + ")");
    ModelBundle b;
    b.dir = dir;
    for (auto [name, target] : {std::pair<const char*, std::string*>{"backbone", &b.backboneId}, {"preprocess", &b.preprocessKey}}) {
        const auto* f = field(name, T::string);
        if (!f || f->get<std::string>().empty()) return makeError(ErrorCode::BadFormat, path + ": missing or empty \"" + name + "\"");
        *target = f->get<std::string>();
    }
    if (const auto* f = field("weights_digest", T::string)) b.weightsDigest = f->get<std::string>();
    if (const auto* f = field("kind", T::string)) b.kind = f->get<std::string>();
    if (b.kind != ModelBundle::kHeadKind && b.kind != ModelBundle::kImageKind)
        return makeError(ErrorCode::BadFormat, path + ": unknown \"kind\" \"" + b.kind + "\" (expected head or image)");
    if (const auto* f = field("created_at", T::string)) b.createdAt = f->get<std::string>();
    if (const auto* f = field("run_id", T::number_integer)) b.runId = f->get<std::int64_t>();
    const auto* dim = field("embedding_dim", T::number_integer);
    if (!dim || dim->get<int>() < 0 || (dim->get<int>() == 0 && b.kind == ModelBundle::kHeadKind))
        return makeError(ErrorCode::BadFormat, path + ": \"embedding_dim\" must be a positive integer");
    b.embeddingDim = dim->get<int>();
    const auto* names = field("class_names", T::array);
    if (!names || names->size() < 2) return makeError(ErrorCode::BadFormat, path + ": \"class_names\" must list at least two classes");
    for (const auto& n : *names) {
        if (!n.is_string()) return makeError(ErrorCode::BadFormat, path + ": \"class_names\" must hold strings");
        b.classNames.push_back(n.get<std::string>());
    }
    const auto* head = field("head", T::object);
    if (!head) return makeError(ErrorCode::BadFormat, path + ": missing \"head\"");
    auto config = headConfigFromJson(*head);
    if (!config) return makeError(ErrorCode::BadFormat, path + ": \"head\": " + config.error().message);
    b.head = *config;
    return b;
}

Status writeModelBundle(const ModelBundle& bundle) {
    return writeFileAtomically((std::filesystem::path(bundle.dir) / ModelBundle::kManifest).string(), bundle.toJson().dump(2) + "\n");
}

}  // namespace taxo
