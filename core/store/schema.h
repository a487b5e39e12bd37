#pragma once
// The project database's schema: an ordered list of migrations, the position recorded in PRAGMA user_version.
#include "core/common/result.h"
#include "core/store/sqlite_db.h"

namespace taxo {

// The schema version this build writes. Version 1: specimens, label history, imports, splits.
// Version 2: runs, epochs and predictions for the learning core.
int currentSchemaVersion();

// Sets the connection's pragmas (WAL, foreign keys, synchronous=NORMAL) and brings the schema up to
// currentSchemaVersion(), all pending migrations in one transaction: a killed upgrade leaves the old version intact.
// A database written by a newer Taxoscope (user_version above ours) is refused with a clear error and left untouched.
Status prepareSchema(SqliteDb& db);

// Connection settings only (every connection needs them, migrations or not).
Status configureConnection(SqliteDb& db);

}  // namespace taxo
