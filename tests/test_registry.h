#pragma once
// Several QtTest classes per executable. Each test file ends with TAXOSCOPE_TEST_MAIN(Class) (a QApplication when
// the file links Qt Widgets, as QTEST_MAIN does) or TAXOSCOPE_TEST_GUILESS_MAIN(Class) (a QCoreApplication); that
// registers the class under the file's base name ("test_csv"), and tests/test_main.cpp runs the one named by the
// first argument: `taxoscope_tests_core test_csv -v2`. CTest keeps one test per file (tests/CMakeLists.txt).
// Why: each test file used to be its own executable, and compiling ~50 of them (10 with torch/torch.h) twice in
// CI (Release and sanitizers) cost more than everything else; a few suites compiled as unity groups cost a third.
#include <QtTest>

namespace taxo::test {

using TestRunner = int (*)(int argc, char** argv);

// Registers `run` under the base name of `sourcePath` (its file name without directory and extension).
// Returns true; a second registration of the same name aborts the program with a message.
bool registerTest(const char* sourcePath, TestRunner run);

}  // namespace taxo::test

// Internal: one test class's main(), as QTEST_MAIN_WRAPPER writes it, plus the application name the test would have
// had as its own executable (QSettings in test mode are kept per application name, so tests running side by side
// stay apart).
#define TAXOSCOPE_TEST_WRAPPER(TestObject, ...)                                                   \
    namespace {                                                                                   \
    int taxoscopeRun##TestObject(int argc, char* argv[]) {                                        \
        QT_PREPEND_NAMESPACE(QTest::Internal::callInitMain)<TestObject>();                        \
        __VA_ARGS__                                                                               \
        QCoreApplication::setApplicationName(QFileInfo(QStringLiteral(__FILE__)).completeBaseName()); \
        TestObject tc;                                                                            \
        QTEST_SET_MAIN_SOURCE_PATH                                                                \
        return QTest::qExec(&tc, argc, argv);                                                     \
    }                                                                                             \
    [[maybe_unused]] const bool taxoscopeRegistered##TestObject =                                 \
        taxo::test::registerTest(__FILE__, &taxoscopeRun##TestObject);                            \
    }

// A test with the application QTEST_MAIN would create (QApplication where Qt Widgets is linked).
#define TAXOSCOPE_TEST_MAIN(TestObject) TAXOSCOPE_TEST_WRAPPER(TestObject, QTEST_MAIN_SETUP())
// A test with a QCoreApplication, as QTEST_GUILESS_MAIN.
#define TAXOSCOPE_TEST_GUILESS_MAIN(TestObject) \
    TAXOSCOPE_TEST_WRAPPER(TestObject, QTEST_QAPP_SETUP(QCoreApplication))
