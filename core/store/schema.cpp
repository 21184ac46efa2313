// History schema, version by version. A migration is appended, never edited: a
// database written by any earlier release is brought forward step by step.
#include "schema.hpp"

#include "sqlite.hpp"

#include <array>
#include <string>

namespace inboxprobe::schema {

namespace {

// k_migrations[i] takes the schema from version i to version i + 1.
const std::array<const char*, k_current_version> k_migrations = {
  // 0 -> 1: the first schema.
  R"sql(
CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  campaign TEXT NOT NULL,
  state TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL,
  deadline_at_ms INTEGER NOT NULL,
  finished_at_ms INTEGER NOT NULL DEFAULT 0,
  routes_json TEXT NOT NULL,
  seeds_json TEXT NOT NULL
);
CREATE TABLE probes (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(id),
  token TEXT NOT NULL UNIQUE,
  route TEXT NOT NULL,
  seed TEXT NOT NULL,
  content TEXT NOT NULL
);
CREATE INDEX probes_run ON probes(run_id);
CREATE TABLE submissions (
  probe_id INTEGER PRIMARY KEY REFERENCES probes(id),
  outcome TEXT NOT NULL,
  step TEXT NOT NULL,
  reply_code INTEGER NOT NULL,
  enhanced_code TEXT NOT NULL,
  reply_text TEXT NOT NULL,
  error TEXT NOT NULL,
  message_id TEXT NOT NULL,
  queue_id TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL,
  accepted_at_ms INTEGER NOT NULL,
  connect_ms INTEGER NOT NULL,
  tls_ms INTEGER NOT NULL,
  total_ms INTEGER NOT NULL,
  tls_version TEXT NOT NULL,
  transcript TEXT NOT NULL,
  message_bytes BLOB NOT NULL
);
CREATE TABLE sightings (
  id INTEGER PRIMARY KEY,
  probe_id INTEGER NOT NULL REFERENCES probes(id),
  folder TEXT NOT NULL,
  role TEXT NOT NULL,
  uid INTEGER NOT NULL,
  uidvalidity INTEGER NOT NULL,
  internaldate_at INTEGER NOT NULL,
  found_at_ms INTEGER NOT NULL,
  matched_by TEXT NOT NULL,
  message_bytes BLOB NOT NULL,
  UNIQUE (probe_id, folder, uidvalidity, uid)
);
CREATE INDEX sightings_probe ON sightings(probe_id);
CREATE TABLE results (
  probe_id INTEGER PRIMARY KEY REFERENCES probes(id),
  placement TEXT NOT NULL,
  folder TEXT NOT NULL,
  latency_ms INTEGER,
  detail_json TEXT NOT NULL
);
)sql",
  // 1 -> 2: the report queries (a run's probes by route and seed, a campaign's
  // runs by start time for trends and retention) and the retention marker.
  R"sql(
DROP INDEX probes_run;
CREATE INDEX probes_run_route_seed ON probes(run_id, route, seed);
CREATE INDEX runs_campaign_started ON runs(campaign, started_at_ms);
CREATE INDEX runs_started ON runs(started_at_ms);
ALTER TABLE runs ADD COLUMN raw_pruned_at_ms INTEGER NOT NULL DEFAULT 0;
)sql",
  // 2 -> 3: the sender's timings, TLS cipher, retries, connection reuse and
  // route findings.
  R"sql(
ALTER TABLE submissions ADD COLUMN dns_ms INTEGER NOT NULL DEFAULT -1;
ALTER TABLE submissions ADD COLUMN greeting_ms INTEGER NOT NULL DEFAULT -1;
ALTER TABLE submissions ADD COLUMN end_of_data_ms INTEGER NOT NULL DEFAULT -1;
ALTER TABLE submissions ADD COLUMN tls_cipher TEXT NOT NULL DEFAULT '';
ALTER TABLE submissions ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;
ALTER TABLE submissions ADD COLUMN reused_connection INTEGER NOT NULL DEFAULT 0;
ALTER TABLE submissions ADD COLUMN findings_json TEXT NOT NULL DEFAULT '[]';
)sql",
  // 3 -> 4: Gmail tab and message id of a sighting; per-folder UID cursors kept
  // across runs (a later collection reads only new mail); earlier verdicts of a
  // probe whose result was replaced (a late or bounced probe keeps its first
  // verdict in the history).
  R"sql(
ALTER TABLE sightings ADD COLUMN gmail_tab TEXT NOT NULL DEFAULT '';
ALTER TABLE sightings ADD COLUMN gmail_msgid INTEGER NOT NULL DEFAULT 0;
CREATE TABLE folder_cursors (
  imap_url TEXT NOT NULL,
  user TEXT NOT NULL,
  folder TEXT NOT NULL,
  uidvalidity INTEGER NOT NULL,
  next_uid INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  PRIMARY KEY (imap_url, user, folder)
);
CREATE TABLE result_history (
  id INTEGER PRIMARY KEY,
  probe_id INTEGER NOT NULL REFERENCES probes(id),
  placement TEXT NOT NULL,
  folder TEXT NOT NULL,
  detail_json TEXT NOT NULL,
  replaced_at_ms INTEGER NOT NULL
);
CREATE INDEX result_history_probe ON result_history(probe_id);
)sql",
  // 4 -> 5: the monitoring alerts that are active now, per evaluation scope,
  // so that an ongoing breach is not announced again (core/store/alert_rows.hpp).
  R"sql(
CREATE TABLE alert_states (
  scope TEXT NOT NULL,
  route TEXT NOT NULL,
  code TEXT NOT NULL,
  level TEXT NOT NULL,
  message TEXT NOT NULL,
  since_at_ms INTEGER NOT NULL,
  last_seen_at_ms INTEGER NOT NULL,
  PRIMARY KEY (scope, route, code)
);
)sql",
};

Result<int>
user_version(sqlite3* db)
{
  auto stmt = TRY(sqlite::prepare(db, "PRAGMA user_version"));
  TRY(stmt.step());
  return static_cast<int>(stmt.column_int(0));
}

} // namespace

Result<void>
migrate(sqlite3* db)
{
  return migrate_to(db, k_current_version);
}

Result<void>
migrate_to(sqlite3* db, int target_version)
{
  if (target_version < 0 || target_version > k_current_version) {
    throw Bug("schema::migrate_to: no schema version " + std::to_string(target_version));
  }
  // The version is read again inside each write transaction: another process
  // opening the same file at the same moment may have migrated it while we
  // waited for the lock.
  for (;;) {
    TRY(sqlite::exec(db, "BEGIN IMMEDIATE"));
    auto version = user_version(db);
    Result<void> step;
    if (!version) {
      step = tl::unexpected(version.error());
    } else if (*version > k_current_version) {
      step = fail("store.schema_too_new",
                  "history database has schema version " + std::to_string(*version)
                    + ", newer than this inboxprobe understands ("
                    + std::to_string(k_current_version) + ")");
    } else if (*version >= target_version) {
      TRY(sqlite::exec(db, "COMMIT"));
      return {};
    } else {
      step = sqlite::exec(db, k_migrations[static_cast<std::size_t>(*version)]);
      if (step) {
        step = sqlite::exec(db, "PRAGMA user_version = " + std::to_string(*version + 1));
      }
    }
    if (!step) {
      (void)sqlite::exec(db, "ROLLBACK");
      return tl::unexpected(step.error());
    }
    TRY(sqlite::exec(db, "COMMIT"));
  }
}

} // namespace inboxprobe::schema
