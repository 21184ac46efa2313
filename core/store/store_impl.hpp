// What the store's source files share: the open connection behind Store, its cached
// statements, and the transaction helper. Internal to core/store (store.cpp: runs, probes,
// sightings, results; store_submissions.cpp: submissions; store_history.cpp: history
// queries and retention; store_cursors.cpp: folder cursors and earlier results).
#pragma once

#include "sqlite.hpp"
#include "store.hpp"

#include <mutex>
#include <optional>

namespace inboxprobe {

struct Store::Impl
{
  sqlite::DbHandle db;
  // Submissions are saved one per probe: compiling the 24-column INSERT every time cost as
  // much CPU as the insert itself (bench/sender.sh).
  std::optional<sqlite::Statement> save_submission;
  std::mutex save_submission_mutex;
};

namespace store_detail {

// The runs columns run_from_row reads, in its order.
extern const char* const k_run_columns;
// A Run from a row of k_run_columns; "store.corrupt" for bad JSON.
Result<Run> run_from_row(const sqlite::Statement& row);

} // namespace store_detail

namespace sqlite {

// Run `body` inside BEGIN IMMEDIATE ... COMMIT; roll back when it or the COMMIT fails.
template<typename F>
Result<void>
in_transaction(sqlite3* db, F&& body)
{
  TRY(exec(db, "BEGIN IMMEDIATE"));
  Result<void> outcome = body();
  if (outcome) {
    outcome = exec(db, "COMMIT");
  }
  if (!outcome) {
    // A failed COMMIT (a full disk) may leave the transaction open, and every
    // later BEGIN on this connection would fail: end it here. The error was
    // taken before, so ROLLBACK does not overwrite it.
    (void)exec(db, "ROLLBACK");
  }
  return outcome;
}

} // namespace sqlite

} // namespace inboxprobe
