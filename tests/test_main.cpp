// main() of a test suite executable: runs the registered test named by the first argument (tests/test_registry.h).
#include <QFileInfo>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "test_registry.h"

namespace {

std::map<std::string, taxo::test::TestRunner>& registry() {
    static std::map<std::string, taxo::test::TestRunner> tests;  // built during static initialisation
    return tests;
}

int usage(const char* program, const char* problem) {
    if (problem) std::fprintf(stderr, "%s\n", problem);
    std::fprintf(stderr, "usage: %s TEST [QtTest options]\nTESTs in this executable:\n", program);
    for (const auto& [name, run] : registry()) std::fprintf(stderr, "  %s\n", name.c_str());
    return 2;
}

}  // namespace

bool taxo::test::registerTest(const char* sourcePath, TestRunner run) {
    const std::string name = QFileInfo(QString::fromLocal8Bit(sourcePath)).completeBaseName().toStdString();
    if (!registry().emplace(name, run).second) {
        std::fprintf(stderr, "two test classes are registered as %s (%s)\n", name.c_str(), sourcePath);
        std::abort();
    }
    return true;
}

int main(int argc, char* argv[]) {
    if (argc < 2 || argv[1][0] == '-') return usage(argv[0], nullptr);
    const auto test = registry().find(argv[1]);
    if (test == registry().end())
        return usage(argv[0], (std::string("no test named ") + argv[1] + " in this executable").c_str());
    // The test sees its own options only, as it did as its own executable; argv[0] stays the real program.
    std::vector<char*> args{argv[0]};
    args.insert(args.end(), argv + 2, argv + argc);
    args.push_back(nullptr);
    return test->second(argc - 1, args.data());
}
