#include "core/store/project_store.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/store/schema.h"

namespace fs = std::filesystem;

namespace taxo {

namespace {

const char* kSpecimenColumns =
    "id, source_id, eol_content_id, eol_page_id, file_path, absolute_path, content_hash, kingdom, phylum, \"class\", "
    "\"order\", family, genus, species, scientific_name, common_name, label, excluded, extra_json";

// A JSON array of ids, bound to one parameter and expanded by json_each: no limit on the number of ids.
std::string idArray(const std::vector<std::int64_t>& ids) { return nlohmann::json(ids).dump(); }

// Source files are not always valid UTF-8 (Latin-1 CSVs); JSON must be, and dump() would throw. Invalid bytes
// become U+FFFD: the text stays readable and nothing throws across the API.
std::string dumpJson(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

std::string extraToJson(const std::map<std::string, std::string>& extra) { return dumpJson(nlohmann::json(extra)); }

std::map<std::string, std::string> extraFromJson(const std::string& text) {
    std::map<std::string, std::string> out;
    const auto j = nlohmann::json::parse(text, nullptr, false);
    if (!j.is_object()) return out;
    for (const auto& [key, value] : j.items())
        out[key] = value.is_string() ? value.get<std::string>() : dumpJson(value);
    return out;
}

Specimen readSpecimen(const SqliteStatement& st) {
    Specimen s;
    s.id = st.columnInt(0);
    s.sourceId = st.columnText(1);
    s.eolContentId = st.columnText(2);
    s.eolPageId = st.columnText(3);
    s.filePath = st.columnText(4);
    s.absolutePath = st.columnText(5);
    s.contentHash = st.columnText(6);
    s.taxonomy.kingdom = st.columnText(7);
    s.taxonomy.phylum = st.columnText(8);
    s.taxonomy.klass = st.columnText(9);
    s.taxonomy.order = st.columnText(10);
    s.taxonomy.family = st.columnText(11);
    s.taxonomy.genus = st.columnText(12);
    s.taxonomy.species = st.columnText(13);
    s.taxonomy.scientificName = st.columnText(14);
    s.taxonomy.commonName = st.columnText(15);
    s.label = st.columnText(16);
    s.excluded = st.columnInt(17) != 0;
    s.extra = extraFromJson(st.columnText(18));
    return s;
}

// WHERE clause for a query, with numbered parameters that bindQuery binds in the same order.
std::string whereClause(const SpecimenQuery& q) {
    std::string w = " WHERE 1";
    int i = 0;
    auto next = [&i]() { return "?" + std::to_string(++i); };
    if (!q.label.empty()) w += " AND label = " + next();
    if (!q.phylum.empty()) w += " AND phylum = " + next();
    if (!q.family.empty()) w += " AND family = " + next();
    if (!q.text.empty()) {
        const std::string p = next();  // one value serves three comparisons
        w += " AND (instr(lower(label), lower(" + p + ")) > 0 OR instr(lower(source_id), lower(" + p +
             ")) > 0 OR instr(lower(file_path), lower(" + p + ")) > 0)";
    }
    if (!q.includeExcluded) w += " AND excluded = 0";
    if (q.ids) w += " AND id IN (SELECT value FROM json_each(" + next() + "))";
    return w;
}

void bindQuery(SqliteStatement& st, const SpecimenQuery& q) {
    int i = 1;
    if (!q.label.empty()) st.bind(i++, q.label);
    if (!q.phylum.empty()) st.bind(i++, q.phylum);
    if (!q.family.empty()) st.bind(i++, q.family);
    if (!q.text.empty()) st.bind(i++, q.text);
    if (q.ids) st.bind(i++, idArray(*q.ids));
}

Status checkJson(const std::string& path, const std::string& what, const std::string& text) {
    if (text.empty() || nlohmann::json::accept(text)) return {};
    return makeError(ErrorCode::InvalidArgument, path + ": " + what + " is not valid JSON");
}

std::string orEmptyObject(const std::string& text) { return text.empty() ? "{}" : text; }

}  // namespace

const char* runStatusName(RunStatus status) {
    switch (status) {
    case RunStatus::Created: return "created";
    case RunStatus::Running: return "running";
    case RunStatus::Finished: return "finished";
    case RunStatus::Failed: return "failed";
    case RunStatus::Cancelled: return "cancelled";
    case RunStatus::Interrupted: break;
    }
    return "interrupted";
}

RunStatus runStatusFromName(const std::string& name) {
    for (RunStatus s : {RunStatus::Created, RunStatus::Running, RunStatus::Finished, RunStatus::Failed, RunStatus::Cancelled})
        if (name == runStatusName(s)) return s;
    return RunStatus::Interrupted;
}

// ---- opening ----

ProjectStore::~ProjectStore() = default;

bool ProjectStore::isProject(const std::string& dir) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(dir) / kDatabaseFile, ec);
}

std::string ProjectStore::databasePath() const { return (fs::path(dir_) / kDatabaseFile).string(); }

Error ProjectStore::error(ErrorCode code, const std::string& what) const { return makeError(code, databasePath() + ": " + what); }

Result<std::unique_ptr<ProjectStore>> ProjectStore::create(const std::string& dir) {
    if (isProject(dir)) return makeError(ErrorCode::InvalidArgument, dir + ": already holds a Taxoscope project (" + kDatabaseFile + ")");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return makeError(ErrorCode::Io, dir + ": cannot create the project folder: " + ec.message());
    return openDatabase(dir, true);
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::open(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return makeError(ErrorCode::NotFound, dir + ": no such project folder");
    if (!isProject(dir))
        return makeError(ErrorCode::NotFound, dir + ": not a Taxoscope project (no " + kDatabaseFile + "; create one with import or 'New project')");
    // In WAL mode SQLite must create the -wal and -shm files beside the database; in a read-only folder it fails
    // with a bare "unable to open database file" (tests/reliability/test_store_full_disk). Say what is wrong.
    if (::access(dir.c_str(), W_OK) != 0) {
        const int err = errno;
        return makeError(ErrorCode::Io, dir + ": the project folder is not writable (" + std::strerror(err) +
                                            "); Taxoscope keeps its database there and must be able to write to it");
    }
    return openDatabase(dir, false);
}

Result<std::unique_ptr<ProjectStore>> ProjectStore::openDatabase(const std::string& dir, bool creating) {
    const std::string path = (fs::path(dir) / kDatabaseFile).string();
    auto db = SqliteDb::open(path, creating ? SqliteDb::OpenMode::ReadWriteCreate : SqliteDb::OpenMode::ReadWrite);
    if (!db) return db.error();
    // A file that is not SQLite fails here with "file is not a database", naming the path.
    if (Status s = prepareSchema(*db); !s) return s.error();
    if (creating) {
        Status s = db->exec("INSERT OR IGNORE INTO meta(key, value) VALUES ('created_by', 'taxoscope')");
        if (!s) return s.error();
    }
    return std::unique_ptr<ProjectStore>(new ProjectStore(dir, std::move(*db)));
}

Result<int> ProjectStore::schemaVersion() const {
    auto v = db_.queryInt("PRAGMA user_version");
    if (!v) return v.error();
    return static_cast<int>(*v);
}

// ---- meta ----

Result<std::optional<std::string>> ProjectStore::meta(const std::string& key) const {
    auto st = db_.prepare("SELECT value FROM meta WHERE key = ?");
    if (!st) return st.error();
    auto row = st->bind(1, key).step();
    if (!row) return row.error();
    if (!*row) return std::optional<std::string>();
    return std::optional<std::string>(st->columnText(0));
}

Status ProjectStore::setMeta(const std::string& key, const std::string& value) {
    auto st = db_.prepare("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    if (!st) return st.error();
    return st->bind(1, key).bind(2, value).run();
}

Result<LabelRank> ProjectStore::labelRank() const {
    auto spec = meta(kMetaLabelRank);
    if (!spec) return spec.error();
    LabelRank rank;
    if (!*spec || (*spec)->empty()) return rank;
    std::string why;
    if (!LabelRank::parse(**spec, rank, &why)) return error(ErrorCode::BadFormat, std::string("meta ") + kMetaLabelRank + ": " + why);
    return rank;
}

// ---- specimens ----

Result<std::vector<std::int64_t>> ProjectStore::addSpecimens(const std::vector<Specimen>& specimens, const std::string& note) {
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto ids = insertSpecimens(specimens, note);
    if (!ids) return ids.error();
    if (Status s = tx.commit(); !s) return s.error();
    return ids;
}

Result<std::int64_t> ProjectStore::recordImport(const std::string& source, const std::string& reportJson) {
    return insertImport(source, reportJson);  // one statement: atomic on its own
}

Result<ProjectStore::ImportedBatch> ProjectStore::importSpecimens(const std::vector<Specimen>& specimens, const std::string& source,
                                                                  const std::string& reportJson) {
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun().error();
    ImportedBatch batch;
    auto importId = insertImport(source, reportJson);
    if (!importId) return importId.error();
    batch.importId = *importId;
    auto ids = insertSpecimens(specimens, "import #" + std::to_string(*importId) + ": " + source);
    if (!ids) return ids.error();
    batch.specimenIds = std::move(*ids);
    if (Status s = tx.commit(); !s) return s.error();
    return batch;
}

Result<std::int64_t> ProjectStore::insertImport(const std::string& source, const std::string& reportJson) {
    if (Status s = checkJson(databasePath(), "import report", reportJson); !s) return s.error();
    auto st = db_.prepare("INSERT INTO imports(source, report_json) VALUES (?, ?)");
    if (!st) return st.error();
    if (Status s = st->bind(1, source).bind(2, orEmptyObject(reportJson)).run(); !s) return s.error();
    return db_.lastInsertRowId();
}

Result<std::vector<std::int64_t>> ProjectStore::insertSpecimens(const std::vector<Specimen>& specimens, const std::string& note) {
    auto insert = db_.prepare(
        "INSERT INTO specimens(source_id, eol_content_id, eol_page_id, file_path, absolute_path, content_hash, kingdom, "
        "phylum, \"class\", \"order\", family, genus, species, scientific_name, common_name, label, excluded, extra_json) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    if (!insert) return insert.error();
    auto history = db_.prepare("INSERT INTO label_history(specimen_id, old_label, new_label, old_excluded, new_excluded, note) VALUES (?, NULL, ?, NULL, ?, ?)");
    if (!history) return history.error();
    std::vector<std::int64_t> ids;
    ids.reserve(specimens.size());
    for (const Specimen& s : specimens) {
        const Taxonomy& t = s.taxonomy;
        insert->reset();
        insert->bind(1, s.sourceId).bind(2, s.eolContentId).bind(3, s.eolPageId).bind(4, s.filePath).bind(5, s.absolutePath)
            .bind(6, s.contentHash).bind(7, t.kingdom).bind(8, t.phylum).bind(9, t.klass).bind(10, t.order).bind(11, t.family)
            .bind(12, t.genus).bind(13, t.species).bind(14, t.scientificName).bind(15, t.commonName).bind(16, s.label)
            .bind(17, s.excluded).bind(18, extraToJson(s.extra));
        if (Status st = insert->run(); !st) return st.error();
        const std::int64_t id = db_.lastInsertRowId();
        history->reset();
        if (Status st = history->bind(1, id).bind(2, s.label).bind(3, s.excluded).bind(4, note).run(); !st) return st.error();
        ids.push_back(id);
    }
    return ids;
}

Result<std::vector<ImportRecord>> ProjectStore::imports() const {
    auto st = db_.prepare("SELECT id, source, report_json, imported_at FROM imports ORDER BY id");
    if (!st) return st.error();
    std::vector<ImportRecord> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back({st->columnInt(0), st->columnText(1), st->columnText(2), st->columnText(3)});
    }
    return out;
}

// SELECT `columns` of the specimens matching `q`, by id, with its page (limit/offset).
static std::string selectSpecimensSql(const char* columns, const SpecimenQuery& q) {
    std::string sql = std::string("SELECT ") + columns + " FROM specimens" + whereClause(q) + " ORDER BY id";
    if (q.limit >= 0 || q.offset > 0)
        sql += " LIMIT " + std::to_string(q.limit >= 0 ? q.limit : -1) + " OFFSET " + std::to_string(std::max<std::int64_t>(0, q.offset));
    return sql;
}

Result<std::vector<Specimen>> ProjectStore::specimens(const SpecimenQuery& q) const {
    const std::string sql = selectSpecimensSql(kSpecimenColumns, q);
    auto st = db_.prepare(sql);
    if (!st) return st.error();
    bindQuery(*st, q);
    std::vector<Specimen> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back(readSpecimen(*st));
    }
    return out;
}

Result<std::vector<SpecimenBrief>> ProjectStore::specimenBriefs(const SpecimenQuery& q) const {
    const std::string sql = selectSpecimensSql("id, label, file_path, absolute_path, content_hash, excluded", q);
    auto st = db_.prepare(sql);
    if (!st) return st.error();
    bindQuery(*st, q);
    std::vector<SpecimenBrief> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back({st->columnInt(0), st->columnText(1), st->columnText(2), st->columnText(3), st->columnText(4), st->columnInt(5) != 0});
    }
    return out;
}

Result<Specimen> ProjectStore::specimen(std::int64_t id) const {
    SpecimenQuery q;
    q.ids = std::vector<std::int64_t>{id};
    auto rows = specimens(q);
    if (!rows) return rows.error();
    if (rows->empty()) return error(ErrorCode::NotFound, "no specimen with id " + std::to_string(id));
    return std::move(rows->front());
}

Result<std::int64_t> ProjectStore::count(const SpecimenQuery& q) const {
    auto st = db_.prepare("SELECT COUNT(*) FROM specimens" + whereClause(q));
    if (!st) return st.error();
    bindQuery(*st, q);
    auto row = st->step();
    if (!row) return row.error();
    return st->columnInt(0);
}

Status ProjectStore::relabel(const std::vector<std::int64_t>& ids, const std::string& newLabel, const std::string& note) {
    return changeLabels(ids, newLabel, std::nullopt, note);
}

Status ProjectStore::setExcluded(const std::vector<std::int64_t>& ids, bool excluded, const std::string& note) {
    return changeLabels(ids, std::nullopt, excluded, note);
}

Status ProjectStore::changeLabels(const std::vector<std::int64_t>& ids, const std::optional<std::string>& newLabel,
                                  std::optional<bool> newExcluded, const std::string& note) {
    if (ids.empty()) return {};
    const std::string idJson = idArray(ids);
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun();
    {
        auto missing = db_.prepare("SELECT value FROM json_each(?) WHERE value NOT IN (SELECT id FROM specimens) LIMIT 5");
        if (!missing) return missing.error();
        missing->bind(1, idJson);
        std::string list;
        for (;;) {
            auto row = missing->step();
            if (!row) return row.error();
            if (!*row) break;
            list += (list.empty() ? "" : ", ") + std::to_string(missing->columnInt(0));
        }
        if (!list.empty()) return error(ErrorCode::NotFound, "no specimen with id " + list + "; nothing was changed");
    }
    // ?1 new label or NULL (keep), ?2 new excluded or NULL (keep), ?3 note, ?4 ids. Only real changes are recorded.
    auto history = db_.prepare(
        "INSERT INTO label_history(specimen_id, old_label, new_label, old_excluded, new_excluded, note) "
        "SELECT id, label, COALESCE(?1, label), excluded, COALESCE(?2, excluded), ?3 FROM specimens "
        "WHERE id IN (SELECT value FROM json_each(?4)) AND (label IS NOT COALESCE(?1, label) OR excluded IS NOT COALESCE(?2, excluded)) "
        "ORDER BY id");
    if (!history) return history.error();
    auto update = db_.prepare(
        "UPDATE specimens SET label = COALESCE(?1, label), excluded = COALESCE(?2, excluded) WHERE id IN (SELECT value FROM json_each(?3))");
    if (!update) return update.error();
    history->bindOptional(1, newLabel);
    update->bindOptional(1, newLabel);
    if (newExcluded) {
        history->bind(2, *newExcluded);
        update->bind(2, *newExcluded);
    } else {
        history->bindNull(2);
        update->bindNull(2);
    }
    history->bind(3, note).bind(4, idJson);
    update->bind(3, idJson);
    if (Status s = history->run(); !s) return s;
    if (Status s = update->run(); !s) return s;
    return tx.commit();
}

Result<std::vector<LabelChange>> ProjectStore::labelHistory(std::int64_t specimenId) const {
    auto st = db_.prepare(
        "SELECT id, specimen_id, old_label, new_label, old_excluded, new_excluded, changed_at, note FROM label_history "
        "WHERE specimen_id = ? ORDER BY id");
    if (!st) return st.error();
    st->bind(1, specimenId);
    std::vector<LabelChange> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        LabelChange c;
        c.id = st->columnInt(0);
        c.specimenId = st->columnInt(1);
        if (!st->columnIsNull(2)) c.oldLabel = st->columnText(2);
        c.newLabel = st->columnText(3);
        if (!st->columnIsNull(4)) c.oldExcluded = st->columnInt(4) != 0;
        c.newExcluded = st->columnInt(5) != 0;
        c.changedAt = st->columnText(6);
        c.note = st->columnText(7);
        out.push_back(std::move(c));
    }
    return out;
}

Result<std::map<std::string, std::int64_t>> ProjectStore::classCounts(bool includeExcluded) const {
    auto st = db_.prepare(std::string("SELECT label, COUNT(*) FROM specimens") + (includeExcluded ? "" : " WHERE excluded = 0") + " GROUP BY label");
    if (!st) return st.error();
    std::map<std::string, std::int64_t> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out[st->columnText(0)] = st->columnInt(1);
    }
    return out;
}

// ---- splits ----

Result<std::vector<SplitItem>> ProjectStore::splitItems() const {
    auto st = db_.prepare("SELECT id, label, content_hash, excluded FROM specimens ORDER BY id");
    if (!st) return st.error();
    std::vector<SplitItem> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back({st->columnInt(0), st->columnText(1), st->columnText(2), st->columnInt(3) != 0});
    }
    return out;
}

Result<std::int64_t> ProjectStore::saveSplit(const std::string& name, const SplitResult& split, bool makeActive) {
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun().error();
    auto insert = db_.prepare("INSERT INTO splits(name, fractions, seed, report_json) VALUES (?, ?, ?, ?)");
    if (!insert) return insert.error();
    insert->bind(1, name).bind(2, nlohmann::json(split.fractions).dump())
        .bind(3, static_cast<std::int64_t>(split.seed)).bind(4, dumpJson(split.toJson()));
    if (Status s = insert->run(); !s) return s.error();
    const std::int64_t splitId = db_.lastInsertRowId();
    auto assign = db_.prepare("INSERT INTO split_assignments(split_id, specimen_id, part) VALUES (?, ?, ?)");
    if (!assign) return assign.error();
    for (const auto& [id, part] : split.assignment) {
        if (part == Part::Unassigned) continue;
        assign->reset();
        if (Status s = assign->bind(1, splitId).bind(2, id).bind(3, partName(part)).run(); !s) return s.error();
    }
    if (makeActive)
        if (Status s = setMeta(kMetaActiveSplit, std::to_string(splitId)); !s) return s.error();
    if (Status s = tx.commit(); !s) return s.error();
    return splitId;
}

Status ProjectStore::addToSplit(std::int64_t splitId, const std::map<std::int64_t, Part>& parts) {
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun();
    auto exists = db_.prepare("SELECT 1 FROM splits WHERE id = ?");
    if (!exists) return exists.error();
    auto found = exists->bind(1, splitId).step();
    if (!found) return found.error();
    if (!*found) return error(ErrorCode::NotFound, "no split with id " + std::to_string(splitId));
    auto assign = db_.prepare("INSERT OR IGNORE INTO split_assignments(split_id, specimen_id, part) VALUES (?, ?, ?)");
    if (!assign) return assign.error();
    for (const auto& [id, part] : parts) {
        if (part == Part::Unassigned) continue;
        assign->reset();
        if (Status s = assign->bind(1, splitId).bind(2, id).bind(3, partName(part)).run(); !s) return s;
    }
    return tx.commit();
}

Result<std::optional<std::int64_t>> ProjectStore::activeSplitId() const {
    auto value = meta(kMetaActiveSplit);
    if (!value) return value.error();
    if (!*value || (*value)->empty()) return std::optional<std::int64_t>();
    try {
        return std::optional<std::int64_t>(std::stoll(**value));
    } catch (...) {
        return error(ErrorCode::BadFormat, std::string("meta ") + kMetaActiveSplit + " is not a number: \"" + **value + "\"");
    }
}

Status ProjectStore::setActiveSplit(std::int64_t splitId) {
    auto exists = db_.queryInt("SELECT COUNT(*) FROM splits WHERE id = " + std::to_string(splitId));
    if (!exists) return exists.error();
    if (*exists == 0) return error(ErrorCode::NotFound, "no split with id " + std::to_string(splitId));
    return setMeta(kMetaActiveSplit, std::to_string(splitId));
}

Result<std::map<std::int64_t, Part>> ProjectStore::splitAssignments(std::int64_t splitId) const {
    auto st = db_.prepare("SELECT specimen_id, part FROM split_assignments WHERE split_id = ?");
    if (!st) return st.error();
    st->bind(1, splitId);
    std::map<std::int64_t, Part> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out[st->columnInt(0)] = partFromName(st->columnText(1));
    }
    return out;
}

Result<std::vector<SplitInfo>> ProjectStore::listSplits() const {
    auto active = activeSplitId();
    if (!active) return active.error();
    auto st = db_.prepare("SELECT id, name, fractions, seed, created_at, report_json FROM splits ORDER BY id");
    if (!st) return st.error();
    std::vector<SplitInfo> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        SplitInfo info;
        info.id = st->columnInt(0);
        info.name = st->columnText(1);
        const auto fractions = nlohmann::json::parse(st->columnText(2), nullptr, false);
        if (fractions.is_array())
            for (const auto& f : fractions)
                if (f.is_number()) info.fractions.push_back(f.get<double>());
        info.seed = static_cast<std::uint64_t>(st->columnInt(3));
        info.createdAt = st->columnText(4);
        info.reportJson = st->columnText(5);
        info.active = *active && **active == info.id;
        out.push_back(std::move(info));
    }
    return out;
}

// ---- runs ----

Status ProjectStore::requireRun(std::int64_t runId) const {
    auto n = db_.queryInt("SELECT COUNT(*) FROM runs WHERE id = " + std::to_string(runId));
    if (!n) return n.error();
    if (*n == 0) return error(ErrorCode::NotFound, "no run with id " + std::to_string(runId));
    return {};
}

Result<std::int64_t> ProjectStore::createRun(const std::string& name, const std::string& configJson) {
    if (Status s = checkJson(databasePath(), "run config", configJson); !s) return s.error();
    auto st = db_.prepare("INSERT INTO runs(name, config_json, status) VALUES (?, ?, ?)");
    if (!st) return st.error();
    if (Status s = st->bind(1, name).bind(2, orEmptyObject(configJson)).bind(3, runStatusName(RunStatus::Created)).run(); !s) return s.error();
    return db_.lastInsertRowId();
}

Status ProjectStore::setRunStatus(std::int64_t runId, RunStatus status) {
    auto st = db_.prepare("UPDATE runs SET status = ? WHERE id = ?");
    if (!st) return st.error();
    if (Status s = st->bind(1, runStatusName(status)).bind(2, runId).run(); !s) return s;
    if (db_.changes() == 0) return error(ErrorCode::NotFound, "no run with id " + std::to_string(runId));
    return {};
}

Status ProjectStore::addEpoch(std::int64_t runId, int epoch, const std::string& metricsJson) {
    if (Status s = checkJson(databasePath(), "epoch metrics", metricsJson); !s) return s;
    if (Status s = requireRun(runId); !s) return s;
    auto st = db_.prepare("INSERT INTO epochs(run_id, epoch, metrics_json) VALUES (?, ?, ?) "
                          "ON CONFLICT(run_id, epoch) DO UPDATE SET metrics_json = excluded.metrics_json");
    if (!st) return st.error();
    return st->bind(1, runId).bind(2, epoch).bind(3, orEmptyObject(metricsJson)).run();
}

Status ProjectStore::finishRun(std::int64_t runId, const std::string& resultJson, const std::string& modelPath) {
    if (Status s = checkJson(databasePath(), "run result", resultJson); !s) return s;
    auto st = db_.prepare("UPDATE runs SET status = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), result_json = ?, model_path = ? WHERE id = ?");
    if (!st) return st.error();
    if (Status s = st->bind(1, runStatusName(RunStatus::Finished)).bind(2, orEmptyObject(resultJson)).bind(3, modelPath).bind(4, runId).run(); !s) return s;
    if (db_.changes() == 0) return error(ErrorCode::NotFound, "no run with id " + std::to_string(runId));
    return {};
}

Result<std::vector<RunInfo>> ProjectStore::listRuns() const {
    auto st = db_.prepare("SELECT id, name, config_json, status, created_at, finished_at, result_json, model_path FROM runs ORDER BY id");
    if (!st) return st.error();
    std::vector<RunInfo> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        RunInfo r;
        r.id = st->columnInt(0);
        r.name = st->columnText(1);
        r.configJson = st->columnText(2);
        r.status = runStatusFromName(st->columnText(3));
        r.createdAt = st->columnText(4);
        r.finishedAt = st->columnText(5);
        r.resultJson = st->columnText(6);
        r.modelPath = st->columnText(7);
        out.push_back(std::move(r));
    }
    return out;
}

Result<RunInfo> ProjectStore::run(std::int64_t runId) const {
    auto runs = listRuns();  // runs are few (tens); one query path keeps the column mapping in one place
    if (!runs) return runs.error();
    for (auto& r : *runs)
        if (r.id == runId) return std::move(r);
    return error(ErrorCode::NotFound, "no run with id " + std::to_string(runId));
}

Result<std::vector<StoredEpoch>> ProjectStore::epochs(std::int64_t runId) const {
    auto st = db_.prepare("SELECT epoch, metrics_json FROM epochs WHERE run_id = ? ORDER BY epoch");
    if (!st) return st.error();
    st->bind(1, runId);
    std::vector<StoredEpoch> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        out.push_back({static_cast<int>(st->columnInt(0)), st->columnText(1)});
    }
    return out;
}

Status ProjectStore::savePredictions(std::int64_t runId, const std::vector<PredictionRow>& rows) {
    Transaction tx(db_);
    if (!tx.begun()) return tx.begun();
    if (Status s = requireRun(runId); !s) return s;
    auto clear = db_.prepare("DELETE FROM predictions WHERE run_id = ?");
    if (!clear) return clear.error();
    if (Status s = clear->bind(1, runId).run(); !s) return s;
    auto insert = db_.prepare("INSERT INTO predictions(run_id, specimen_id, part, true_label, predicted_label, confidence, top_json) VALUES (?,?,?,?,?,?,?)");
    if (!insert) return insert.error();
    for (const auto& r : rows) {
        if (Status s = checkJson(databasePath(), "top predictions of specimen " + std::to_string(r.specimenId), r.topJson); !s) return s;
        insert->reset();
        insert->bind(1, runId).bind(2, r.specimenId).bind(3, partName(r.part)).bind(4, r.trueLabel).bind(5, r.predictedLabel)
            .bind(6, r.confidence).bind(7, r.topJson.empty() ? std::string("[]") : r.topJson);
        if (Status s = insert->run(); !s) return s;
    }
    return tx.commit();
}

Result<std::vector<PredictionRow>> ProjectStore::predictions(std::int64_t runId) const {
    auto st = db_.prepare("SELECT specimen_id, part, true_label, predicted_label, confidence, top_json FROM predictions WHERE run_id = ? ORDER BY specimen_id");
    if (!st) return st.error();
    st->bind(1, runId);
    std::vector<PredictionRow> out;
    for (;;) {
        auto row = st->step();
        if (!row) return row.error();
        if (!*row) break;
        PredictionRow p;
        p.specimenId = st->columnInt(0);
        p.part = partFromName(st->columnText(1));
        p.trueLabel = st->columnText(2);
        p.predictedLabel = st->columnText(3);
        p.confidence = st->columnDouble(4);
        p.topJson = st->columnText(5);
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace taxo
