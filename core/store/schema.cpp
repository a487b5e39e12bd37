#include "core/store/schema.h"

#include <string>
#include <vector>

namespace taxo {

namespace {

// Each entry moves the schema from version i to i+1. Never edit a released entry: add a new one.
const std::vector<const char*>& migrations() {
    static const std::vector<const char*> list{
        // 0 -> 1: the data half.
        R"sql(
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE specimens (
    id              INTEGER PRIMARY KEY,
    source_id       TEXT NOT NULL DEFAULT '',
    eol_content_id  TEXT NOT NULL DEFAULT '',
    eol_page_id     TEXT NOT NULL DEFAULT '',
    file_path       TEXT NOT NULL DEFAULT '',
    absolute_path   TEXT NOT NULL DEFAULT '',
    content_hash    TEXT NOT NULL DEFAULT '',
    kingdom         TEXT NOT NULL DEFAULT '',
    phylum          TEXT NOT NULL DEFAULT '',
    "class"         TEXT NOT NULL DEFAULT '',
    "order"         TEXT NOT NULL DEFAULT '',
    family          TEXT NOT NULL DEFAULT '',
    genus           TEXT NOT NULL DEFAULT '',
    species         TEXT NOT NULL DEFAULT '',
    scientific_name TEXT NOT NULL DEFAULT '',
    common_name     TEXT NOT NULL DEFAULT '',
    label           TEXT NOT NULL DEFAULT '',
    excluded        INTEGER NOT NULL DEFAULT 0 CHECK (excluded IN (0, 1)),
    extra_json      TEXT NOT NULL DEFAULT '{}',
    added_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX specimens_label ON specimens(label);
CREATE INDEX specimens_phylum_family ON specimens(phylum, family);
CREATE INDEX specimens_family ON specimens(family);
CREATE INDEX specimens_content_hash ON specimens(content_hash);
CREATE INDEX specimens_source_id ON specimens(source_id);

-- Append-only: a correction is a new row, the old one stays.
CREATE TABLE label_history (
    id           INTEGER PRIMARY KEY,
    specimen_id  INTEGER NOT NULL REFERENCES specimens(id),
    old_label    TEXT,
    new_label    TEXT NOT NULL,
    old_excluded INTEGER,
    new_excluded INTEGER NOT NULL,
    changed_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    note         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX label_history_specimen ON label_history(specimen_id, id);
CREATE TRIGGER label_history_no_update BEFORE UPDATE ON label_history
BEGIN SELECT RAISE(ABORT, 'label_history is append-only'); END;
CREATE TRIGGER label_history_no_delete BEFORE DELETE ON label_history
BEGIN SELECT RAISE(ABORT, 'label_history is append-only'); END;

CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    source      TEXT NOT NULL,
    report_json TEXT NOT NULL DEFAULT '{}',
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE splits (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    fractions   TEXT NOT NULL,
    seed        INTEGER NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    report_json TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE split_assignments (
    split_id    INTEGER NOT NULL REFERENCES splits(id) ON DELETE CASCADE,
    specimen_id INTEGER NOT NULL REFERENCES specimens(id),
    part        TEXT NOT NULL CHECK (part IN ('train', 'val', 'test')),
    PRIMARY KEY (split_id, specimen_id)
) WITHOUT ROWID;
CREATE INDEX split_assignments_specimen ON split_assignments(specimen_id);
)sql",
        // 1 -> 2: the learning core's runs.
        R"sql(
CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    config_json TEXT NOT NULL DEFAULT '{}',
    status      TEXT NOT NULL DEFAULT 'created',
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    finished_at TEXT,
    result_json TEXT NOT NULL DEFAULT '{}',
    model_path  TEXT NOT NULL DEFAULT ''
);
CREATE TABLE epochs (
    run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    epoch        INTEGER NOT NULL,
    metrics_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;
CREATE TABLE predictions (
    run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    specimen_id     INTEGER NOT NULL REFERENCES specimens(id),
    part            TEXT NOT NULL DEFAULT 'unassigned',
    true_label      TEXT NOT NULL DEFAULT '',
    predicted_label TEXT NOT NULL DEFAULT '',
    confidence      REAL NOT NULL DEFAULT 0,
    top_json        TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (run_id, specimen_id)
) WITHOUT ROWID;
CREATE INDEX predictions_specimen ON predictions(specimen_id);
CREATE INDEX predictions_confusion ON predictions(run_id, true_label, predicted_label);
)sql",
    };
    return list;
}

}  // namespace

int currentSchemaVersion() { return static_cast<int>(migrations().size()); }

Status configureConnection(SqliteDb& db) {
    // WAL: readers never block the writer and a killed writer leaves the last committed state.
    // synchronous=NORMAL: in WAL mode a committed transaction survives a killed process (the OS has the data);
    // only a power cut may lose the last few commits, and the database is never corrupted. FULL would add an
    // fsync per commit, which a bulk import or a per-epoch write would pay thousands of times for that narrow case.
    // foreign_keys: assignments, history and predictions must point at real specimens.
    auto mode = db.queryText("PRAGMA journal_mode=WAL");
    if (!mode) return mode.error();
    if (*mode != "wal")
        return makeError(ErrorCode::Database, db.path() + ": cannot switch to WAL journal mode (got \"" + *mode + "\"); is the folder on a network file system?");
    return db.exec("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
}

Status prepareSchema(SqliteDb& db) {
    if (Status s = configureConnection(db); !s) return s;
    const int known = currentSchemaVersion();
    auto readVersion = [&db]() { return db.queryInt("PRAGMA user_version"); };
    auto version = readVersion();
    if (!version) return version.error();
    if (*version > known)
        return makeError(ErrorCode::BadFormat, db.path() + ": project schema version " + std::to_string(*version) +
                                                   " is newer than this Taxoscope understands (" + std::to_string(known) +
                                                   "); open it with a newer Taxoscope");
    if (*version == known) return {};
    if (*version == 0) {
        // Version 0 is either a fresh file (possibly left by a create that was killed) or someone else's database.
        auto tables = db.queryInt("SELECT COUNT(*) FROM sqlite_master");
        if (!tables) return tables.error();
        if (*tables > 0) return makeError(ErrorCode::BadFormat, db.path() + ": an SQLite database, but not a Taxoscope project (no schema version)");
    }

    Transaction tx(db);
    if (!tx.begun()) return tx.begun();
    // Another process may have migrated while we waited for the write lock.
    version = readVersion();
    if (!version) return version.error();
    for (int v = static_cast<int>(*version); v < known; ++v) {
        if (Status s = db.exec(migrations()[static_cast<std::size_t>(v)]); !s)
            return makeError(ErrorCode::Database, s.error().message + " (migrating schema " + std::to_string(v) + " -> " + std::to_string(v + 1) + ")");
    }
    if (Status s = db.exec("PRAGMA user_version=" + std::to_string(known)); !s) return s;
    return tx.commit();
}

}  // namespace taxo
