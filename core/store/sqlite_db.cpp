#include "core/store/sqlite_db.h"

#include <sqlite3.h>

#include <utility>

namespace taxo {

// ---- SqliteStatement ----

SqliteStatement::~SqliteStatement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : stmt_(std::exchange(other.stmt_, nullptr)), db_(other.db_), bindError_(std::move(other.bindError_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
    if (this != &other) {
        if (stmt_) sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
        db_ = other.db_;
        bindError_ = std::move(other.bindError_);
    }
    return *this;
}

void SqliteStatement::noteBind(int rc, int index) {
    if (rc != SQLITE_OK && !bindError_) bindError_ = db_->errorFromCode(rc, "binding parameter " + std::to_string(index));
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
    noteBind(sqlite3_bind_int64(stmt_, index, value), index);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    noteBind(sqlite3_bind_double(stmt_, index, value), index);
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const std::string& value) {
    noteBind(sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
    return *this;
}

SqliteStatement& SqliteStatement::bindNull(int index) {
    noteBind(sqlite3_bind_null(stmt_, index), index);
    return *this;
}

SqliteStatement& SqliteStatement::bindOptional(int index, const std::optional<std::string>& value) {
    return value ? bind(index, *value) : bindNull(index);
}

Result<bool> SqliteStatement::step() {
    if (bindError_) return *bindError_;
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return db_->errorFromCode(rc, std::string("running \"") + sqlite3_sql(stmt_) + "\"");
}

Status SqliteStatement::run() {
    for (;;) {
        Result<bool> row = step();
        if (!row) return row.error();
        if (!*row) return {};
    }
}

void SqliteStatement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    bindError_.reset();
}

std::int64_t SqliteStatement::columnInt(int column) const { return sqlite3_column_int64(stmt_, column); }
double SqliteStatement::columnDouble(int column) const { return sqlite3_column_double(stmt_, column); }
bool SqliteStatement::columnIsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::string SqliteStatement::columnText(int column) const {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!text) return {};
    return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

// ---- SqliteDb ----

Result<SqliteDb> SqliteDb::open(const std::string& path, OpenMode mode, int busyTimeoutMs) {
    SqliteDb db;
    db.path_ = path;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;  // one connection per thread; no shared use
    if (mode == OpenMode::ReadWriteCreate) flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(path.c_str(), &db.db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = db.db_ ? db.error("cannot open database") : makeError(ErrorCode::Database, path + ": cannot open database: " + sqlite3_errstr(rc));
        if (rc == SQLITE_CANTOPEN) e.code = ErrorCode::NotFound;
        return e;
    }
    sqlite3_extended_result_codes(db.db_, 1);
    sqlite3_busy_timeout(db.db_, busyTimeoutMs);
    return db;
}

SqliteDb::~SqliteDb() {
    if (db_) sqlite3_close_v2(db_);
}

SqliteDb::SqliteDb(SqliteDb&& other) noexcept : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

SqliteDb& SqliteDb::operator=(SqliteDb&& other) noexcept {
    if (this != &other) {
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

Status SqliteDb::exec(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return {};
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    const std::string head = sql.substr(0, sql.find('\n'));
    return makeError(ErrorCode::Database, path_ + ": running \"" + head + "\": " + text);
}

Result<SqliteStatement> SqliteDb::prepare(const std::string& sql) const {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) return errorFromCode(rc, "preparing \"" + sql + "\"");
    return SqliteStatement(stmt, this);
}

Result<std::int64_t> SqliteDb::queryInt(const std::string& sql) const {
    auto st = prepare(sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return makeError(ErrorCode::NotFound, path_ + ": no result for \"" + sql + "\"");
    return st->columnInt(0);
}

Result<std::string> SqliteDb::queryText(const std::string& sql) const {
    auto st = prepare(sql);
    if (!st) return st.error();
    auto row = st->step();
    if (!row) return row.error();
    if (!*row) return makeError(ErrorCode::NotFound, path_ + ": no result for \"" + sql + "\"");
    return st->columnText(0);
}

std::int64_t SqliteDb::lastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }
int SqliteDb::changes() const { return sqlite3_changes(db_); }

Error SqliteDb::error(const std::string& what) const {
    return makeError(ErrorCode::Database, path_ + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "not open"));
}

Error SqliteDb::errorFromCode(int rc, const std::string& what) const {
    // sqlite3_errmsg describes the latest call on the connection, which is this one in a single-threaded connection.
    std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        message += " (another process kept the project locked too long)";
    return makeError(ErrorCode::Database, path_ + ": " + what + ": " + message);
}

// ---- Transaction ----

Transaction::Transaction(SqliteDb& db) : db_(db) {
    begun_ = db_.exec("BEGIN IMMEDIATE");
    active_ = begun_.ok();
}

Transaction::~Transaction() {
    if (active_) (void)db_.exec("ROLLBACK");
}

Status Transaction::commit() {
    if (!active_) return makeError(ErrorCode::Internal, db_.path() + ": commit without an open transaction");
    Status s = db_.exec("COMMIT");
    // A failed COMMIT (e.g. SQLITE_BUSY) leaves the transaction open; the destructor rolls it back.
    if (s.ok()) active_ = false;
    return s;
}

}  // namespace taxo
