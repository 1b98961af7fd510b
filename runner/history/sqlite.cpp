#include "history/sqlite.hpp"

#include "core/error.hpp"

namespace tally::history {

namespace {

/// A damaged or foreign file is bad input; anything else is an I/O problem.
ExitCode code_for(int rc) {
  const int primary = rc & 0xff;
  return (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
             ? ExitCode::kBadInput
             : ExitCode::kIoError;
}

// Concurrent nightly jobs may add to one database; wait for a writer
// rather than fail at once.
constexpr int kBusyTimeoutMs = 10000;

}  // namespace

SqliteDb::SqliteDb(const std::string& path, bool create) : path_(path) {
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(path + ": cannot open history database: " + message,
                ExitCode::kIoError);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  try {
    exec("PRAGMA foreign_keys = ON");
  } catch (...) {
    sqlite3_close(db_);  // the destructor does not run for a throwing ctor
    throw;
  }
}

SqliteDb::~SqliteDb() { sqlite3_close(db_); }

void SqliteDb::fail(const std::string& what, int rc) const {
  throw Error(path_ + ": " + what + ": " + sqlite3_errmsg(db_), code_for(rc));
}

void SqliteDb::exec(const std::string& sql) {
  char* message = nullptr;
  const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    const std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    throw Error(path_ + ": " + text, code_for(rc));
  }
}

std::int64_t SqliteDb::last_insert_rowid() const {
  return sqlite3_last_insert_rowid(db_);
}

Statement::Statement(SqliteDb& db, const std::string& sql) : db_(db) {
  const int rc =
      sqlite3_prepare_v2(db.handle(), sql.c_str(), -1, &stmt_, nullptr);
  if (rc != SQLITE_OK) db_.fail("cannot prepare query", rc);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, double value) {
  const int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail("cannot bind value", rc);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  const int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) db_.fail("cannot bind value", rc);
  return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
  const int rc =
      sqlite3_bind_text(stmt_, index, value.data(),
                        static_cast<int>(value.size()), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) db_.fail("cannot bind value", rc);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value) {
  if (value) return bind(index, *value);
  const int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) db_.fail("cannot bind value", rc);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  db_.fail("query failed", rc);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

double Statement::column_double(int index) const {
  return sqlite3_column_double(stmt_, index);
}

std::int64_t Statement::column_int64(int index) const {
  return sqlite3_column_int64(stmt_, index);
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

std::string Statement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(stmt_, index);
  return text ? reinterpret_cast<const char*>(text) : "";
}

std::optional<std::string> Statement::column_optional_text(int index) const {
  if (column_is_null(index)) return std::nullopt;
  return column_text(index);
}

Transaction::Transaction(SqliteDb& db) : db_(db) {
  // IMMEDIATE takes the write lock now, so two writers queue instead of
  // deadlocking on a lock upgrade.
  db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace tally::history
