// The project store on a full disk and on a read-only folder: every failing write is an error value with a clear
// message, what was committed before stays readable, and PRAGMA integrity_check passes afterwards.
//
// Each scenario runs in a forked child that enters a private mount namespace and mounts a small tmpfs (so nothing
// leaks into the host's mounts and the mount vanishes with the child). chmod cannot simulate either case here: the
// tests run as root, whom permissions do not stop. Without the right to mount (an unprivileged CI runner) the
// scenarios are skipped with a message. The child writes "key=value" lines to a log the parent checks.
#include <QtTest>

#include "test_registry.h"

#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/store/project_store.h"
#include "store/store_test_util.h"

using namespace taxo;
namespace fs = std::filesystem;

namespace {

using Log = std::map<std::string, std::string>;

Log readLog(const fs::path& path) {
    Log log;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) log[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return log;
}

std::vector<Specimen> batch(int first, int n, std::size_t padding) {
    std::vector<Specimen> out;
    for (int i = first; i < first + n; ++i) {
        Specimen s = test::makeSpecimen("s" + std::to_string(i), "chordata", "ardeidae");
        s.extra["notes"] = std::string(padding, char('a' + i % 26));  // fills pages fast
        out.push_back(std::move(s));
    }
    return out;
}

// Runs `scenario(mountPoint, log)` in a child with a private tmpfs of `bytes` at mountPoint. Returns false (and
// the reason) when the child cannot mount.
template <typename Fn>
bool runWithTmpfs(const fs::path& mountPoint, std::size_t bytes, const fs::path& logPath, Fn scenario, std::string* why) {
    fs::create_directories(mountPoint);
    const pid_t pid = ::fork();
    if (pid < 0) {
        *why = "fork failed";
        return false;
    }
    if (pid == 0) {
        std::ofstream log(logPath);
        if (::unshare(CLONE_NEWNS) != 0 || ::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
            log << "skip=cannot enter a private mount namespace (" << std::strerror(errno) << ")\n";
            ::_exit(0);
        }
        const std::string options = "size=" + std::to_string(bytes);
        if (::mount("tmpfs", mountPoint.c_str(), "tmpfs", 0, options.c_str()) != 0) {
            log << "skip=cannot mount a tmpfs (" << std::strerror(errno) << ")\n";
            ::_exit(0);
        }
        scenario(mountPoint, log);
        log << "done=1\n";
        log.flush();
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        *why = "child crashed (status " + std::to_string(status) + ")";
        return true;  // the parent's checks then fail on the missing "done"
    }
    return true;
}

}  // namespace

class TestStoreFullDisk : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private Q_SLOTS:
    void fullDiskIsAnErrorAndCorruptsNothing() {
        const fs::path root(tmp_.path().toStdString());
        const fs::path logPath = root / "full.log";
        std::string why;
        runWithTmpfs(root / "mnt-full", 384 * 1024, logPath, [](const fs::path& mnt, std::ofstream& log) {
            auto store = ProjectStore::create((mnt / "project").string());
            if (!store) {
                log << "create_error=" << store.error().message << "\n";
                return;
            }
            int committed = 0, failures = 0;
            std::string firstError;
            for (int round = 0; round < 200 && failures < 3; ++round) {
                auto ids = (*store)->addSpecimens(batch(round * 20, 20, 2000), "batch " + std::to_string(round));
                if (ids) {
                    committed += 20;
                } else {
                    ++failures;  // keep trying: a full disk must stay an error, not turn into a crash
                    if (firstError.empty()) firstError = ids.error().message;
                }
            }
            log << "committed=" << committed << "\nfailures=" << failures << "\nerror=" << firstError << "\n";
            auto count = (*store)->count();
            log << "count=" << (count ? std::to_string(*count) : "error: " + count.error().message) << "\n";
            auto check = (*store)->database().queryText("PRAGMA integrity_check");
            log << "integrity=" << (check ? *check : "error: " + check.error().message) << "\n";
            store->reset();
            auto reopened = ProjectStore::open((mnt / "project").string());
            auto again = reopened ? (*reopened)->count() : Result<std::int64_t>(reopened.error());
            log << "reopened_count=" << (again ? std::to_string(*again) : "error: " + again.error().message) << "\n";
        }, &why);
        const Log log = readLog(logPath);
        if (log.count("skip")) QSKIP(("full-disk scenario needs a tmpfs: " + log.at("skip")).c_str());
        QVERIFY2(log.count("done"), ("the child did not finish: " + why).c_str());
        qInfo("full disk: committed %s specimens, first error: %s", log.at("committed").c_str(), log.at("error").c_str());
        QVERIFY2(!log.count("create_error"), log.count("create_error") ? log.at("create_error").c_str() : "");
        QVERIFY(std::stoi(log.at("failures")) > 0);  // the disk did fill up
        QVERIFY(std::stoi(log.at("committed")) > 0);
        const std::string error = log.at("error");
        QVERIFY2(error.find("full") != std::string::npos || error.find("space") != std::string::npos, error.c_str());
        // All or nothing per batch: exactly the committed specimens are there, before and after reopening.
        QCOMPARE(log.at("count"), log.at("committed"));
        QCOMPARE(log.at("reopened_count"), log.at("committed"));
        QCOMPARE(log.at("integrity"), std::string("ok"));
    }

    void readOnlyFolderIsAnErrorAndCorruptsNothing() {
        const fs::path root(tmp_.path().toStdString());
        const fs::path logPath = root / "ro.log";
        std::string why;
        runWithTmpfs(root / "mnt-ro", 4 << 20, logPath, [](const fs::path& mnt, std::ofstream& log) {
            const std::string dir = (mnt / "project").string();
            {
                auto store = ProjectStore::create(dir);
                if (!store || !(*store)->addSpecimens(batch(0, 30, 10), "before").ok()) {
                    log << "create_error=cannot prepare the project\n";
                    return;
                }
            }
            if (::mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0) {
                log << "skip=cannot remount read-only (" << std::strerror(errno) << ")\n";
                return;
            }
            auto store = ProjectStore::open(dir);
            if (!store) {
                log << "open_error=" << store.error().message << "\n";
                return;
            }
            auto add = (*store)->addSpecimens(batch(100, 5, 10), "after");
            log << "write=" << (add ? "succeeded" : "error: " + add.error().message) << "\n";
            auto count = (*store)->count();
            log << "count=" << (count ? std::to_string(*count) : "error: " + count.error().message) << "\n";
            auto check = (*store)->database().queryText("PRAGMA integrity_check");
            log << "integrity=" << (check ? *check : "error: " + check.error().message) << "\n";
        }, &why);
        const Log log = readLog(logPath);
        if (log.count("skip")) QSKIP(("read-only scenario needs a tmpfs: " + log.at("skip")).c_str());
        QVERIFY2(log.count("done"), ("the child did not finish: " + why).c_str());
        QVERIFY(!log.count("create_error"));
        if (log.count("open_error")) {
            // Refusing to open is acceptable when the message says why and names the project.
            const std::string& e = log.at("open_error");
            qInfo("read-only: open refused: %s", e.c_str());
            QVERIFY2(e.find("project") != std::string::npos, e.c_str());
            QVERIFY2(e.find("not writable") != std::string::npos, e.c_str());
            QVERIFY2(e.find("Read-only file system") != std::string::npos, e.c_str());
            return;
        }
        qInfo("read-only: %s", log.at("write").c_str());
        QVERIFY2(log.at("write").rfind("error: ", 0) == 0, log.at("write").c_str());
        QCOMPARE(log.at("count"), std::string("30"));
        QCOMPARE(log.at("integrity"), std::string("ok"));
    }
};

TAXOSCOPE_TEST_GUILESS_MAIN(TestStoreFullDisk)
#include "test_store_full_disk.moc"
