// What the store's source files share: the open connection behind Store and
// the transaction helper. Internal to core/store.
#pragma once

#include "sqlite.hpp"
#include "store.hpp"

namespace inboxprobe {

struct Store::Impl
{
  sqlite::DbHandle db;
};

namespace store_detail {

// The runs columns run_from_row reads, in its order.
extern const char* const k_run_columns;
// A Run from a row of k_run_columns; "store.corrupt" for bad JSON.
Result<Run> run_from_row(const sqlite::Statement& row);

} // namespace store_detail

namespace sqlite {

// Run `body` inside BEGIN IMMEDIATE ... COMMIT; roll back when it fails.
template<typename F>
Result<void>
in_transaction(sqlite3* db, F&& body)
{
  TRY(exec(db, "BEGIN IMMEDIATE"));
  Result<void> outcome = body();
  if (!outcome) {
    (void)exec(db, "ROLLBACK");
    return outcome;
  }
  return exec(db, "COMMIT");
}

} // namespace sqlite

} // namespace inboxprobe
