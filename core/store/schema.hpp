// Schema of the history store and its forward migrations (PRAGMA user_version).
// Internal to core/store (and its tests): the rest of the program sees Store.
//
// Version history (one migration step each, appended, never edited):
//   1  runs, probes, submissions, sightings, results
//   2  indices for the report queries (runs by campaign and start, probes by
//      run/route/seed), runs.raw_pruned_at_ms for the retention of raw bytes
//   3  submissions: DNS/greeting/end-of-data timings, TLS cipher, attempts,
//      connection reuse, route findings
//   4  sightings: Gmail tab and message id; folder_cursors (UID cursors kept
//      across runs); result_history (earlier verdicts of a replaced result)
//   5  alert_states: the active monitoring alerts per scope (de-duplication)
#pragma once

#include <core/error.hpp>

#include <sqlite3.h>

namespace inboxprobe::schema {

// The version this build writes: the number of migration steps.
constexpr int k_current_version = 5;

// Migrate `db` from its user_version to k_current_version, one transaction per
// step. Error "store.schema_too_new" when the file was written by a newer
// inboxprobe.
Result<void> migrate(sqlite3* db);

// Migrate `db` from its user_version up to `target_version` (0 ..
// k_current_version) and no further: how the tests build a database of every
// earlier version. Same errors as migrate(); a database already at or past
// `target_version` is left alone unless it is newer than this build.
Result<void> migrate_to(sqlite3* db, int target_version);

} // namespace inboxprobe::schema
