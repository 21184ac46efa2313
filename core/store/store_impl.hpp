// The store's private parts shared by its files (store.cpp: runs, probes,
// sightings, results; store_submissions.cpp: submissions). Internal to
// core/store.
#pragma once

#include "sqlite.hpp"
#include "store.hpp"

#include <mutex>
#include <optional>

namespace inboxprobe {

struct Store::Impl
{
  sqlite::DbHandle db;
  // Submissions are saved one per probe: compiling the 24-column INSERT every
  // time cost as much CPU as the insert itself (bench/sender.sh).
  std::optional<sqlite::Statement> save_submission;
  std::mutex save_submission_mutex;
};

namespace store_detail {

// Run a function inside BEGIN IMMEDIATE ... COMMIT; roll back when it fails.
template<typename F>
Result<void>
in_transaction(sqlite3* db, F&& body)
{
  TRY(sqlite::exec(db, "BEGIN IMMEDIATE"));
  Result<void> outcome = body();
  if (!outcome) {
    (void)sqlite::exec(db, "ROLLBACK");
    return outcome;
  }
  return sqlite::exec(db, "COMMIT");
}

} // namespace store_detail

} // namespace inboxprobe
