#include "core/common/content_hash.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <xxhash.h>

namespace taxo {
namespace {

std::string toHex(const XXH128_hash_t& h) {
    XXH128_canonical_t canonical;
    XXH128_canonicalFromHash(&canonical, h);
    static const char* digits = "0123456789abcdef";
    std::string out(32, '0');
    for (int i = 0; i < 16; ++i) {
        out[2 * i] = digits[canonical.digest[i] >> 4];
        out[2 * i + 1] = digits[canonical.digest[i] & 15];
    }
    return out;
}

}  // namespace

std::string hashBytes(const void* data, std::size_t size) { return toHex(XXH3_128bits(data, size)); }

Result<std::string> hashFile(const std::string& path) {
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return makeError(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                                path + ": cannot open (" + std::strerror(errno) + ")");
    std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t*)> state(XXH3_createState(), &XXH3_freeState);
    XXH3_128bits_reset(state.get());
    std::vector<char> buffer(1 << 16);
    std::size_t n;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) XXH3_128bits_update(state.get(), buffer.data(), n);
    if (std::ferror(file.get())) return makeError(ErrorCode::Io, path + ": read error");
    return toHex(XXH3_128bits_digest(state.get()));
}

}  // namespace taxo
