// A thin RAII layer over the SQLite C API for the store: owned handles,
// prepared statements with typed binds and columns, and errors as Result.
// Internal to core/store.
#pragma once

#include <core/error.hpp>

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace inboxprobe::sqlite {

struct DbDeleter
{
  void
  operator()(sqlite3* db) const
  {
    sqlite3_close_v2(db);
  }
};
struct StatementDeleter
{
  void
  operator()(sqlite3_stmt* stmt) const
  {
    sqlite3_finalize(stmt);
  }
};
using DbHandle = std::unique_ptr<sqlite3, DbDeleter>;

// A prepared statement. bind() indexes start at 1 (SQLite's convention);
// column() at 0.
class Statement
{
public:
  Statement(sqlite3* db, std::unique_ptr<sqlite3_stmt, StatementDeleter> stmt)
    : m_db(db),
      m_stmt(std::move(stmt))
  {
  }

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view text);
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);

  // One step: true when a row is available, false when done; error on failure.
  Result<bool> step();
  // Step to completion, for statements that return no rows.
  Result<void> run();
  void reset();

  std::int64_t column_int(int index) const;
  std::string column_text(int index) const;
  bool column_is_null(int index) const;

private:
  sqlite3* m_db;
  std::unique_ptr<sqlite3_stmt, StatementDeleter> m_stmt;
};

// Prepare `sql` on `db`.
Result<Statement> prepare(sqlite3* db, std::string_view sql);

// Execute one or more statements without parameters.
Result<void> exec(sqlite3* db, const std::string& sql);

// An Error carrying SQLite's message for the last failure on `db`, prefixed
// with the database file ("history database PATH: ") and followed by the OS
// error of a file failure. Codes: store.busy (locked past the busy timeout),
// store.disk_full (SQLITE_FULL, or ENOSPC / EDQUOT / EFBIG underneath),
// store.read_only (SQLITE_READONLY, or EROFS / EACCES / EPERM), store.sqlite.
Error error_of(sqlite3* db, std::string_view context);

} // namespace inboxprobe::sqlite
