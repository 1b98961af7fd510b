// Minimal RAII over SQLite's C API: a connection, a prepared statement and a
// transaction that rolls back unless committed. Errors become tally::Error
// naming the database file.
#ifndef TALLY_HISTORY_SQLITE_HPP
#define TALLY_HISTORY_SQLITE_HPP

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>

namespace tally::history {

class SqliteDb {
 public:
  /// Opens `path`; with `create`, makes it when absent. A missing file
  /// without `create`, or one that is not a database, throws.
  SqliteDb(const std::string& path, bool create);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const std::string& sql);
  std::int64_t last_insert_rowid() const;
  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  /// Throws the connection's current error, prefixed by `what`.
  [[noreturn]] void fail(const std::string& what, int rc) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Statement {
 public:
  Statement(SqliteDb& db, const std::string& sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  /// Parameters are 1-based, as in SQLite.
  Statement& bind(int index, double value);
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, const std::string& value);
  Statement& bind(int index, const std::optional<std::string>& value);
  /// True while a row is available; false when done.
  bool step();
  void reset();

  double column_double(int index) const;
  std::int64_t column_int64(int index) const;
  bool column_is_null(int index) const;
  std::string column_text(int index) const;  // "" for NULL
  std::optional<std::string> column_optional_text(int index) const;

 private:
  SqliteDb& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Transaction {
 public:
  explicit Transaction(SqliteDb& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  SqliteDb& db_;
  bool done_ = false;
};

}  // namespace tally::history

#endif  // TALLY_HISTORY_SQLITE_HPP
