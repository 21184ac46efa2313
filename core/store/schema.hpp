// Schema of the history store and its forward migrations (PRAGMA user_version).
#pragma once

#include <core/error.hpp>

#include <sqlite3.h>

namespace inboxprobe::schema {

// The version this build writes.
constexpr int k_current_version = 2;

// Migrate `db` from its user_version to k_current_version, one transaction per
// step. Error "store.schema_too_new" when the file was written by a newer
// inboxprobe.
Result<void> migrate(sqlite3* db);

} // namespace inboxprobe::schema
