#pragma once
// Writing the generated files of a test: bytes to a path, and seeded random bytes.
#include <QtTest>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace taxo::test {

// Writes `bytes` to `path`, creating its folder; a test that cannot write its input stops with the path.
inline void writeBytes(const std::filesystem::path& path, std::string_view bytes) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
    if (!out) qFatal("cannot write %s", path.string().c_str());
}

// `n` bytes from a generator seeded with `seed`: the same bytes on every run.
inline std::string randomBytes(std::size_t n, std::uint64_t seed) {
    std::mt19937 gen(std::uint32_t(seed & 0xffffffffu));
    std::string s(n, '\0');
    for (char& c : s) c = char(gen() & 0xff);
    return s;
}

}  // namespace taxo::test
