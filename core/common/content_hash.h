#pragma once
// Content hashes identify a photo by its bytes (duplicates, feature-cache keys, leakage-free splits).
// XXH3-128, written as 32 lower-case hex digits.
#include <cstddef>
#include <string>

#include "core/common/result.h"

namespace taxo {

std::string hashBytes(const void* data, std::size_t size);
Result<std::string> hashFile(const std::string& path);

}  // namespace taxo
