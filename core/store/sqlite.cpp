// RAII helpers over the SQLite C API.
#include "sqlite.hpp"

#include <cerrno>
#include <cstring>

namespace inboxprobe::sqlite {

Error
error_of(sqlite3* db, std::string_view context)
{
  const int code = sqlite3_extended_errcode(db) & 0xff;
  // The OS error behind a file failure: a full disk shows as SQLITE_IOERR when
  // the WAL index (-shm) cannot grow, and as SQLITE_FULL only elsewhere.
  const bool file_error = code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN
                          || code == SQLITE_READONLY;
  const int os_error = file_error ? sqlite3_system_errno(db) : 0;
  std::string id = "store.sqlite";
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
    id = "store.busy";
  } else if (code == SQLITE_FULL || os_error == ENOSPC || os_error == EDQUOT || os_error == EFBIG) {
    id = "store.disk_full";
  } else if (code == SQLITE_READONLY || os_error == EROFS || os_error == EACCES
             || os_error == EPERM) {
    id = "store.read_only";
  }
  std::string what = std::string(context) + ": " + sqlite3_errmsg(db);
  if (os_error != 0) {
    what += " (" + std::string(std::strerror(os_error)) + ")";
  }
  // Name the file: a disk error is fixed there, not in the configuration.
  const char* path = sqlite3_db_filename(db, "main");
  if (path != nullptr && *path != '\0') {
    what = "history database " + std::string(path) + ": " + what;
  }
  return Error{id, what};
}

Result<Statement>
prepare(sqlite3* db, std::string_view sql)
{
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw, nullptr)
      != SQLITE_OK) {
    sqlite3_finalize(raw);
    return tl::unexpected(error_of(db, "prepare"));
  }
  return Statement(db, std::unique_ptr<sqlite3_stmt, StatementDeleter>(raw));
}

Result<void>
exec(sqlite3* db, const std::string& sql)
{
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    Error error = error_of(db, "exec");
    sqlite3_free(message);
    return tl::unexpected(error);
  }
  return {};
}

Statement&
Statement::bind(int index, std::int64_t value)
{
  sqlite3_bind_int64(m_stmt.get(), index, value);
  return *this;
}

Statement&
Statement::bind(int index, std::string_view text)
{
  // An empty string_view may have a null data(), which SQLite would store as
  // NULL.
  sqlite3_bind_text(m_stmt.get(),
                    index,
                    text.empty() ? "" : text.data(),
                    static_cast<int>(text.size()),
                    SQLITE_TRANSIENT);
  return *this;
}

Statement&
Statement::bind_blob(int index, std::string_view bytes)
{
  if (bytes.empty()) {
    sqlite3_bind_zeroblob(m_stmt.get(), index, 0); // a null data() would bind NULL
  } else {
    sqlite3_bind_blob64(m_stmt.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  }
  return *this;
}

Statement&
Statement::bind_null(int index)
{
  sqlite3_bind_null(m_stmt.get(), index);
  return *this;
}

Result<bool>
Statement::step()
{
  const int rc = sqlite3_step(m_stmt.get());
  if (rc == SQLITE_ROW) {
    return true;
  }
  if (rc == SQLITE_DONE) {
    return false;
  }
  return tl::unexpected(error_of(m_db, "step"));
}

Result<void>
Statement::run()
{
  while (TRY(step())) {
  }
  return {};
}

void
Statement::reset()
{
  sqlite3_reset(m_stmt.get());
  sqlite3_clear_bindings(m_stmt.get());
}

std::int64_t
Statement::column_int(int index) const
{
  return sqlite3_column_int64(m_stmt.get(), index);
}

std::string
Statement::column_text(int index) const
{
  // Works for TEXT and BLOB columns alike; bytes may contain NULs.
  const void* data = sqlite3_column_blob(m_stmt.get(), index);
  const int size = sqlite3_column_bytes(m_stmt.get(), index);
  return data ? std::string(static_cast<const char*>(data), static_cast<std::size_t>(size))
              : std::string();
}

bool
Statement::column_is_null(int index) const
{
  return sqlite3_column_type(m_stmt.get(), index) == SQLITE_NULL;
}

} // namespace inboxprobe::sqlite
