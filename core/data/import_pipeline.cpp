#include "core/data/import_pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/common/content_hash.h"

namespace taxo::detail {

namespace {

struct FileCheck {
    std::string hash;
    std::string problem;  // non-empty: the file is unreadable or not an image
};

FileCheck checkFile(const Specimen& s, const ImageVerifier& verify) {
    FileCheck out;
    std::error_code ec;
    const auto size = std::filesystem::file_size(s.absolutePath, ec);
    if (ec) {
        out.problem = s.filePath + ": cannot read (" + ec.message() + ")";
        return out;
    }
    // An empty file is never a photo, whether or not a verifier was given.
    if (size == 0) {
        out.problem = s.filePath + ": empty file (0 bytes)";
        return out;
    }
    auto hash = hashFile(s.absolutePath);
    if (!hash) {
        out.problem = hash.error().message;
        return out;
    }
    out.hash = std::move(*hash);
    if (verify) {
        const Status ok = verify(s.absolutePath);
        if (!ok) out.problem = s.filePath + ": " + ok.error().message;
    }
    return out;
}

}  // namespace

Status finishImport(std::vector<ImportCandidate> candidates, const ImportPipelineOptions& options, ImportResult& result) {
    const std::size_t n = candidates.size();
    std::vector<FileCheck> checks(n);
    std::size_t threads = options.threads > 0 ? std::size_t(options.threads) : std::thread::hardware_concurrency();
    threads = std::max<std::size_t>(1, std::min(threads, n));

    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> stopped{false};
    std::mutex mutex;
    std::condition_variable wake;
    auto worker = [&] {
        for (;;) {
            if (options.control && !options.control->checkpoint()) {
                stopped = true;
                break;
            }
            const std::size_t i = next++;
            if (i >= n) break;
            checks[i] = checkFile(candidates[i].specimen, options.verifyImage);
            ++done;
            wake.notify_one();
        }
        std::lock_guard<std::mutex> lock(mutex);  // so the waiting thread cannot miss the last wake-up
        wake.notify_one();
    };

    ProgressReporter reporter(options.progress, "hashing photos", std::int64_t(n));
    if (n > 0) {
        std::vector<std::thread> pool;
        pool.reserve(threads);
        std::atomic<std::size_t> finished{0};
        for (std::size_t t = 0; t < threads; ++t)
            pool.emplace_back([&] {
                worker();
                ++finished;
            });
        // Progress is reported from the calling thread so a UI worker receives it where it expects it.
        {
            std::unique_lock<std::mutex> lock(mutex);
            while (finished.load() < threads) {
                wake.wait_for(lock, std::chrono::milliseconds(50));
                lock.unlock();
                reporter.update(std::int64_t(done.load()));
                lock.lock();
            }
        }
        for (auto& t : pool) t.join();
    }
    if (stopped || (options.control && options.control->cancelled()))
        return makeError(ErrorCode::Cancelled, result.report.source + ": import cancelled");
    reporter.finish();

    ImportReport& report = result.report;
    std::unordered_map<std::string, std::string> firstByHash;  // content hash -> file path of its first photo
    for (std::size_t i = 0; i < n; ++i) {
        ImportCandidate& c = candidates[i];
        if (!checks[i].problem.empty()) {
            report.issues.push_back({ImportIssue::Kind::UnreadableImage, c.line, c.specimen.filePath, checks[i].problem, true});
            continue;
        }
        c.specimen.contentHash = checks[i].hash;
        auto [it, inserted] = firstByHash.emplace(c.specimen.contentHash, c.specimen.filePath);
        if (!inserted)
            report.issues.push_back({ImportIssue::Kind::DuplicateContent, c.line, c.specimen.filePath,
                                     c.specimen.filePath + ": byte-identical to " + it->second, false});
        if (c.specimen.label.empty())
            ++report.unlabelled;
        else
            ++report.classCounts[c.specimen.label];
        result.specimens.push_back(std::move(c.specimen));
    }
    report.specimensImported = result.specimens.size();
    for (const auto& [label, count] : report.classCounts)
        if (count < options.minClassSize)
            report.issues.push_back({ImportIssue::Kind::SmallClass, 0, {},
                                     label + ": " + std::to_string(count) + " specimen" + (count == 1 ? "" : "s") +
                                         ", under the minimum of " + std::to_string(options.minClassSize),
                                     false});
    // Source order: by line (CSV) or path (folders); class warnings after the rows.
    std::stable_sort(report.issues.begin(), report.issues.end(), [](const ImportIssue& a, const ImportIssue& b) {
        const bool ca = a.kind == ImportIssue::Kind::SmallClass, cb = b.kind == ImportIssue::Kind::SmallClass;
        if (ca != cb) return cb;
        if (a.line != b.line) return a.line < b.line;
        return a.path < b.path;
    });
    return {};
}

}  // namespace taxo::detail
