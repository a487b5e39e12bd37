#pragma once
// Helpers shared by the QtTest executables: where ../shared is, and scratch folders.
#include <QByteArray>
#include <QDir>
#include <QString>
#include <QTemporaryDir>
#include <QtTest>

namespace taxo::test {

// The copy of ../shared the tests may read, from TAXOSCOPE_SHARED (set by scripts/test.sh); empty when absent.
inline QString sharedDir() {
    const QByteArray env = qgetenv("TAXOSCOPE_SHARED");
    if (env.isEmpty()) return {};
    const QDir dir(QString::fromLocal8Bit(env));
    return dir.exists() ? dir.absolutePath() : QString();
}

inline std::string shared(const QString& relative) { return (sharedDir() + "/" + relative).toStdString(); }

}  // namespace taxo::test

// Skips the current test with a message when ../shared data is not available.
#define TAXO_REQUIRE_SHARED(relative)                                                                  \
    do {                                                                                               \
        if (taxo::test::sharedDir().isEmpty() || !QFileInfo::exists(taxo::test::sharedDir() + "/" + relative)) \
            QSKIP("TAXOSCOPE_SHARED is not set or lacks " relative "; skipping (run through scripts/test.sh)"); \
    } while (0)
