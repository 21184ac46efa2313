// The store's internals shared by its source files (not part of the
// interface): the connection and the transaction helper.
#pragma once

#include "sqlite.hpp"

#include <core/store/store.hpp>

namespace inboxprobe {

struct Store::Impl
{
  sqlite::DbHandle db;
};

namespace store_detail {

// Run `body` inside BEGIN IMMEDIATE ... COMMIT; roll back when it fails.
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
