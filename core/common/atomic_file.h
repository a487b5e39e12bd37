#pragma once
// Files are written to a temporary name beside the target, flushed to disk, then renamed over it,
// so a killed process leaves either the old file or the new one, never half of one.
#include <string>

#include "core/common/result.h"

namespace taxo {

// durable = false skips the fsync: for caches whose readers verify a checksum and can recompute a bad entry.
Status writeFileAtomically(const std::string& path, const std::string& bytes, bool durable = true);
Result<std::string> readWholeFile(const std::string& path, std::size_t maxBytes = std::size_t(1) << 32);

}  // namespace taxo
