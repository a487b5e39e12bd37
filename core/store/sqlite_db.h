#pragma once
// A small RAII layer over the sqlite3 C API: one connection, prepared statements, and a transaction guard.
// Every error message names the database file and carries SQLite's own message.
// sqlite3.h stays out of this header so users of the store do not need SQLite's include path.
#include <cstdint>
#include <optional>
#include <string>

#include "core/common/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace taxo {

class SqliteDb;

// A prepared statement. bind() calls chain and remember the first failure, which step()/run() then report,
// so call sites read as one expression. Parameter indexes are 1-based, column indexes 0-based (as in SQLite).
class SqliteStatement {
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind(int index, std::int64_t value);
    SqliteStatement& bind(int index, int value) { return bind(index, std::int64_t(value)); }
    SqliteStatement& bind(int index, bool value) { return bind(index, std::int64_t(value ? 1 : 0)); }
    SqliteStatement& bind(int index, double value);
    SqliteStatement& bind(int index, const std::string& value);
    SqliteStatement& bind(int index, const char* value) { return bind(index, std::string(value)); }
    SqliteStatement& bindNull(int index);
    SqliteStatement& bindOptional(int index, const std::optional<std::string>& value);

    // Advances one row: true while a row is available, false when done.
    Result<bool> step();
    // Runs to completion, ignoring rows (INSERT/UPDATE/DELETE).
    Status run();
    // Makes the statement reusable with new bindings (bindings are cleared).
    void reset();

    std::int64_t columnInt(int column) const;
    double columnDouble(int column) const;
    std::string columnText(int column) const;  // empty for NULL
    bool columnIsNull(int column) const;

private:
    friend class SqliteDb;
    SqliteStatement(sqlite3_stmt* stmt, const SqliteDb* db) : stmt_(stmt), db_(db) {}
    void noteBind(int rc, int index);

    sqlite3_stmt* stmt_ = nullptr;
    const SqliteDb* db_ = nullptr;  // not owned; the connection outlives its statements
    std::optional<Error> bindError_;
};

class SqliteDb {
public:
    enum class OpenMode { ReadWrite, ReadWriteCreate };

    // Opens (or creates) the database at path. busyTimeoutMs: how long a writer waits for another
    // connection's lock before SQLITE_BUSY is reported.
    static Result<SqliteDb> open(const std::string& path, OpenMode mode, int busyTimeoutMs = 10000);

    SqliteDb() = default;
    ~SqliteDb();
    SqliteDb(SqliteDb&& other) noexcept;
    SqliteDb& operator=(SqliteDb&& other) noexcept;
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    bool isOpen() const { return db_ != nullptr; }
    const std::string& path() const { return path_; }

    // Runs one or more statements without results.
    Status exec(const std::string& sql);
    Result<SqliteStatement> prepare(const std::string& sql) const;
    // First column of the first row as integer / text; NotFound when there is no row.
    Result<std::int64_t> queryInt(const std::string& sql) const;
    Result<std::string> queryText(const std::string& sql) const;

    std::int64_t lastInsertRowId() const;
    int changes() const;

    // "<path>: <what>: <SQLite message>" for the connection's latest failure.
    Error error(const std::string& what) const;
    Error errorFromCode(int rc, const std::string& what) const;

    sqlite3* handle() const { return db_; }

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

// Begins a write transaction (BEGIN IMMEDIATE, so a second writer waits on the busy timeout up front
// instead of failing later when a read lock would have to be upgraded) and rolls back on destruction
// unless commit() succeeded.
class Transaction {
public:
    explicit Transaction(SqliteDb& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    // The outcome of BEGIN; check it before doing work.
    const Status& begun() const { return begun_; }
    Status commit();

private:
    SqliteDb& db_;
    Status begun_;
    bool active_ = false;
};

}  // namespace taxo
