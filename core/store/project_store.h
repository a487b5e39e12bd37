#pragma once
// The project database: a folder holding project.sqlite (WAL). Specimens with their taxonomy and current label,
// an append-only label history, import reports, stored splits, and the runs/epochs/predictions of training.
//
// Ownership and threads: a ProjectStore owns one SQLite connection and is used from one thread at a time.
// Several stores on the same project (other threads, other processes) are safe: WAL lets readers run beside
// the writer, and a writer waits up to the busy timeout (10 s) for another's transaction.
// Every edit runs in one transaction: a killed process leaves the state before or after it, never half.
// JSON columns travel as strings in this API; inputs are checked to be valid JSON.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/common/result.h"
#include "core/data/specimen.h"
#include "core/data/split.h"
#include "core/store/sqlite_db.h"

namespace taxo {

// Filters combine with AND; empty strings and an unset id list do not filter. Rows come ordered by id.
struct SpecimenQuery {
    std::string label;   // exact
    std::string phylum;  // exact
    std::string family;  // exact
    std::string text;    // case-insensitive (ASCII) substring of label, source id or file path
    bool includeExcluded = true;
    std::optional<std::vector<std::int64_t>> ids;  // only these specimens
    std::int64_t limit = -1;                       // -1: no limit (with offset: pages for lazy views)
    std::int64_t offset = 0;
};

// The fields a list of specimens shows (no taxonomy, no extra JSON): what a browser of thousands of rows reads.
struct SpecimenBrief {
    std::int64_t id = 0;
    std::string label;
    std::string filePath, absolutePath;
    std::string contentHash;
    bool excluded = false;
};

// How many specimens share a kingdom, phylum, label, exclusion and part: one row per combination that occurs.
// Overviews (class counts, imbalance, the taxonomy tree) add these up instead of reading every specimen.
struct TaxonPartCount {
    std::string kingdom, phylum, label;  // as stored (empty when unknown / unlabelled)
    bool excluded = false;
    Part part = Part::Unassigned;        // in the split asked for; Unassigned for all without one
    std::int64_t count = 0;
};

// One row of the label history. The first row of each specimen is its addition (no old values).
struct LabelChange {
    std::int64_t id = 0;
    std::int64_t specimenId = 0;
    std::optional<std::string> oldLabel;
    std::string newLabel;
    std::optional<bool> oldExcluded;
    bool newExcluded = false;
    std::string changedAt;  // ISO 8601 UTC, milliseconds
    std::string note;
};

struct ImportRecord {
    std::int64_t id = 0;
    std::string source, reportJson, importedAt;
};

struct SplitInfo {
    std::int64_t id = 0;
    std::string name;
    std::vector<double> fractions;
    std::uint64_t seed = 0;
    std::string createdAt;
    std::string reportJson;
    bool active = false;
};

enum class RunStatus { Created, Running, Finished, Failed, Cancelled, Interrupted };
const char* runStatusName(RunStatus status);  // "created", "running", ...
RunStatus runStatusFromName(const std::string& name);  // unknown names -> Interrupted

struct RunInfo {
    std::int64_t id = 0;
    std::string name;
    std::string configJson;
    RunStatus status = RunStatus::Created;
    std::string createdAt, finishedAt;  // finishedAt empty while not finished
    std::string resultJson;
    std::string modelPath;
};

struct StoredEpoch {
    int epoch = 0;
    std::string metricsJson;
};

struct PredictionRow {
    std::int64_t specimenId = 0;
    Part part = Part::Unassigned;
    std::string trueLabel, predictedLabel;
    double confidence = 0;   // probability 0..1 of predictedLabel
    std::string topJson = "[]";  // e.g. [{"label":"chordata_ardeidae","p":0.91}, ...]
};

class ProjectStore {
public:
    static constexpr const char* kDatabaseFile = "project.sqlite";
    static constexpr const char* kMetaActiveSplit = "active_split_id";
    static constexpr const char* kMetaLabelRank = "label_rank";  // e.g. "phylum_family"; default when absent

    // Creates the folder (and parents) and a new project in it; fails if it already holds a project.
    static Result<std::unique_ptr<ProjectStore>> create(const std::string& dir);
    // Opens an existing project, migrating an older schema; a clear error when dir is not a project.
    static Result<std::unique_ptr<ProjectStore>> open(const std::string& dir);
    static bool isProject(const std::string& dir);

    ProjectStore(ProjectStore&&) noexcept = default;
    ProjectStore& operator=(ProjectStore&&) noexcept = default;
    ProjectStore(const ProjectStore&) = delete;
    ProjectStore& operator=(const ProjectStore&) = delete;
    ~ProjectStore();

    const std::string& dir() const { return dir_; }
    std::string databasePath() const;
    Result<int> schemaVersion() const;
    // The raw connection, for tests and maintenance (integrity checks); not for business logic.
    SqliteDb& database() { return db_; }

    Result<std::optional<std::string>> meta(const std::string& key) const;
    Status setMeta(const std::string& key, const std::string& value);
    Result<LabelRank> labelRank() const;  // from kMetaLabelRank, phylum_family when unset

    // Adds all specimens in one transaction (all or nothing) and returns their new ids in input order.
    // Each gets a first label_history row (no old values) carrying note.
    Result<std::vector<std::int64_t>> addSpecimens(const std::vector<Specimen>& specimens, const std::string& note);
    Result<std::int64_t> recordImport(const std::string& source, const std::string& reportJson);
    // An import as one transaction: the import record and its specimens appear together or not at all.
    // The specimens' first history rows carry the note "import #<import id>: <source>".
    struct ImportedBatch {
        std::int64_t importId = 0;
        std::vector<std::int64_t> specimenIds;
    };
    Result<ImportedBatch> importSpecimens(const std::vector<Specimen>& specimens, const std::string& source, const std::string& reportJson);
    Result<std::vector<ImportRecord>> imports() const;

    Result<std::vector<Specimen>> specimens(const SpecimenQuery& query = {}) const;
    Result<Specimen> specimen(std::int64_t id) const;  // NotFound for an unknown id
    Result<std::int64_t> count(const SpecimenQuery& query = {}) const;  // limit/offset ignored

    // Both are transactional and write one label_history row per specimen that changes (no row for a no-op).
    // An unknown id fails the whole call and changes nothing.
    Status relabel(const std::vector<std::int64_t>& ids, const std::string& newLabel, const std::string& note);
    Status setExcluded(const std::vector<std::int64_t>& ids, bool excluded, const std::string& note);
    Result<std::vector<LabelChange>> labelHistory(std::int64_t specimenId) const;  // oldest first
    Result<std::map<std::string, std::int64_t>> classCounts(bool includeExcluded) const;
    // Counted in SQL (GROUP BY), ordered by kingdom, phylum, label, excluded, part. splitId: whose parts to count;
    // nullopt (or a split without the specimen) counts it as Unassigned.
    Result<std::vector<TaxonPartCount>> taxonPartCounts(std::optional<std::int64_t> splitId) const;
    // The phylum of each non-empty label's newest specimen (highest id), excluded ones included: a label's phylum in
    // overviews when relabelling has mixed phyla under one label.
    Result<std::map<std::string, std::string>> phylumOfLabels() const;
    // Ids of each kingdom's specimens, ordered by id.
    Result<std::map<std::string, std::vector<std::int64_t>>> idsByKingdom() const;
    // Like specimens(query), reading only SpecimenBrief's columns.
    Result<std::vector<SpecimenBrief>> specimenBriefs(const SpecimenQuery& query = {}) const;

    // Splits. The active split is the one training uses; it changes only by an explicit saveSplit(makeActive).
    Result<std::vector<SplitItem>> splitItems() const;  // every specimen as a split input
    Result<std::int64_t> saveSplit(const std::string& name, const SplitResult& split, bool makeActive);
    // Stores parts for specimens not yet in the split (INSERT OR IGNORE: never moves anyone already assigned).
    Status addToSplit(std::int64_t splitId, const std::map<std::int64_t, Part>& parts);
    Result<std::optional<std::int64_t>> activeSplitId() const;
    Status setActiveSplit(std::int64_t splitId);
    Result<std::map<std::int64_t, Part>> splitAssignments(std::int64_t splitId) const;  // unassigned ids absent
    Result<std::vector<SplitInfo>> listSplits() const;

    // Runs of the learning core.
    Result<std::int64_t> createRun(const std::string& name, const std::string& configJson);
    Status setRunStatus(std::int64_t runId, RunStatus status);
    // Insert or replace, so a resumed run rewrites the epoch it lost.
    Status addEpoch(std::int64_t runId, int epoch, const std::string& metricsJson);
    // Sets status Finished, finished_at, result and model path.
    Status finishRun(std::int64_t runId, const std::string& resultJson, const std::string& modelPath);
    Result<std::vector<RunInfo>> listRuns() const;
    Result<RunInfo> run(std::int64_t runId) const;
    Result<std::vector<StoredEpoch>> epochs(std::int64_t runId) const;
    // Replaces the run's earlier predictions, in one transaction.
    Status savePredictions(std::int64_t runId, const std::vector<PredictionRow>& rows);
    Result<std::vector<PredictionRow>> predictions(std::int64_t runId) const;

private:
    ProjectStore(std::string dir, SqliteDb db) : dir_(std::move(dir)), db_(std::move(db)) {}
    static Result<std::unique_ptr<ProjectStore>> openDatabase(const std::string& dir, bool creating);
    Status changeLabels(const std::vector<std::int64_t>& ids, const std::optional<std::string>& newLabel,
                        std::optional<bool> newExcluded, const std::string& note);
    // Inserts inside the caller's transaction.
    Result<std::vector<std::int64_t>> insertSpecimens(const std::vector<Specimen>& specimens, const std::string& note);
    Result<std::int64_t> insertImport(const std::string& source, const std::string& reportJson);
    Status requireRun(std::int64_t runId) const;
    Error error(ErrorCode code, const std::string& what) const;

    std::string dir_;
    SqliteDb db_;
};

}  // namespace taxo
