#include "core/train/feature_cache.h"

#include <cstring>
#include <filesystem>

#include <xxhash.h>

#include "core/common/atomic_file.h"

namespace taxo {
namespace {

constexpr char kMagic[4] = {'T', 'X', 'F', '1'};
constexpr std::size_t kHeader = 12;  // magic, uint32 dim, uint32 xxh32 of the payload

std::string safeName(std::string s) {
    for (char& c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.')) c = '_';
    return s;
}

}  // namespace

FeatureCache::FeatureCache(const std::string& projectDir, FeatureCacheKey key, int dim) : key_(std::move(key)), dim_(dim) {
    // fp32 keeps the folder it had before precisions existed, so earlier caches stay valid.
    const std::string precision = key_.precision.empty() || key_.precision == "fp32" ? "" : "-" + safeName(key_.precision);
    std::string leaf = safeName(key_.backboneId) + "-" + key_.weightsDigest.substr(0, 16) + precision + "/" + safeName(key_.preprocessKey);
    if (!key_.augmentKey.empty()) leaf += "/" + safeName(key_.augmentKey);
    folder_ = (std::filesystem::path(projectDir) / "features" / leaf).string();
}

std::string FeatureCache::pathFor(const std::string& contentHash, int view) const {
    const std::string name = view == 0 ? contentHash : contentHash + ".v" + std::to_string(view);
    return folder_ + "/" + contentHash.substr(0, 2) + "/" + name + ".f32";
}

bool FeatureCache::has(const std::string& contentHash, int view) const { return load(contentHash, view).ok(); }

Result<std::vector<float>> FeatureCache::load(const std::string& contentHash, int view) const {
    const std::string path = pathFor(contentHash, view);
    const std::size_t expected = kHeader + std::size_t(dim_) * sizeof(float);
    auto bytes = readWholeFile(path, expected);
    if (!bytes) return bytes.error();
    if (bytes->size() != expected || std::memcmp(bytes->data(), kMagic, 4) != 0)
        return makeError(ErrorCode::BadFormat, path + ": not a cached embedding of dimension " + std::to_string(dim_));
    std::uint32_t dim = 0, checksum = 0;
    std::memcpy(&dim, bytes->data() + 4, 4);
    std::memcpy(&checksum, bytes->data() + 8, 4);
    const char* payload = bytes->data() + kHeader;
    if (int(dim) != dim_ || XXH32(payload, expected - kHeader, 0) != checksum)
        return makeError(ErrorCode::BadFormat, path + ": damaged cached embedding (checksum)");
    std::vector<float> values(static_cast<std::size_t>(dim_));
    std::memcpy(values.data(), payload, expected - kHeader);
    return values;
}

Status FeatureCache::store(const std::string& contentHash, int view, const float* values) const {
    std::string bytes(kHeader + std::size_t(dim_) * sizeof(float), '\0');
    const std::uint32_t dim = std::uint32_t(dim_);
    std::memcpy(bytes.data(), kMagic, 4);
    std::memcpy(bytes.data() + 4, &dim, 4);
    std::memcpy(bytes.data() + kHeader, values, std::size_t(dim_) * sizeof(float));
    const std::uint32_t checksum = XXH32(bytes.data() + kHeader, bytes.size() - kHeader, 0);
    std::memcpy(bytes.data() + 8, &checksum, 4);
    return writeFileAtomically(pathFor(contentHash, view), bytes, /*durable=*/false);
}

Result<FeatureSet> FeatureCache::loadSet(const std::vector<std::string>& contentHashes, const std::vector<std::int32_t>& labels,
                                         int view) const {
    FeatureSet set;
    set.rows = std::int64_t(contentHashes.size());
    set.dim = dim_;
    set.values.resize(std::size_t(set.rows) * std::size_t(dim_));
    set.labels = labels;
    for (std::size_t i = 0; i < contentHashes.size(); ++i) {
        auto row = load(contentHashes[i], view);
        if (!row) return makeError(ErrorCode::NotFound, "no cached embedding for photo " + contentHashes[i] + " (run extraction first): " + row.error().message);
        std::memcpy(set.values.data() + i * std::size_t(dim_), row->data(), std::size_t(dim_) * sizeof(float));
    }
    return set;
}

}  // namespace taxo
