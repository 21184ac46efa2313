// The sender's submission record in the history store: every field written by
// schema version 2 reads back, and a version 1 database is migrated with the
// new columns at their "not measured" defaults.
#include "tests/support/temp_dir.hpp"

#include <core/store/schema.hpp>
#include <core/store/store.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

using namespace inboxprobe;

namespace {

const std::string k_run_id = "20261129T120000Z-abcd";

Run
one_route_run()
{
  Run run;
  run.id = k_run_id;
  run.campaign = "lab";
  run.state = "sending";
  run.started_at_ms = 1'795'000'000'000;
  run.routes = {"provider-a"};
  run.seeds = {{"seed1@inbox.test", "lab"}};
  return run;
}

void
exec(sqlite3* db, const char* sql)
{
  char* message = nullptr;
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message);
  INFO((message ? message : ""));
  sqlite3_free(message);
  REQUIRE(rc == SQLITE_OK);
}

// The version 1 tables a submission row needs, as the first release wrote them.
const char* const k_v1_schema = R"sql(
CREATE TABLE runs (id TEXT PRIMARY KEY, campaign TEXT NOT NULL, state TEXT NOT NULL,
  started_at_ms INTEGER NOT NULL, deadline_at_ms INTEGER NOT NULL,
  finished_at_ms INTEGER NOT NULL DEFAULT 0, routes_json TEXT NOT NULL,
  seeds_json TEXT NOT NULL);
CREATE TABLE probes (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL REFERENCES runs(id),
  token TEXT NOT NULL UNIQUE, route TEXT NOT NULL, seed TEXT NOT NULL, content TEXT NOT NULL);
CREATE INDEX probes_run ON probes(run_id);
CREATE TABLE submissions (probe_id INTEGER PRIMARY KEY REFERENCES probes(id),
  outcome TEXT NOT NULL, step TEXT NOT NULL, reply_code INTEGER NOT NULL,
  enhanced_code TEXT NOT NULL, reply_text TEXT NOT NULL, error TEXT NOT NULL,
  message_id TEXT NOT NULL, queue_id TEXT NOT NULL, started_at_ms INTEGER NOT NULL,
  accepted_at_ms INTEGER NOT NULL, connect_ms INTEGER NOT NULL, tls_ms INTEGER NOT NULL,
  total_ms INTEGER NOT NULL, tls_version TEXT NOT NULL, transcript TEXT NOT NULL,
  message_bytes BLOB NOT NULL);
CREATE TABLE sightings (id INTEGER PRIMARY KEY, probe_id INTEGER NOT NULL REFERENCES probes(id),
  folder TEXT NOT NULL, role TEXT NOT NULL, uid INTEGER NOT NULL, uidvalidity INTEGER NOT NULL,
  internaldate_at INTEGER NOT NULL, found_at_ms INTEGER NOT NULL, matched_by TEXT NOT NULL,
  message_bytes BLOB NOT NULL, UNIQUE (probe_id, folder, uidvalidity, uid));
CREATE TABLE results (probe_id INTEGER PRIMARY KEY REFERENCES probes(id),
  placement TEXT NOT NULL, folder TEXT NOT NULL, latency_ms INTEGER, detail_json TEXT NOT NULL);
INSERT INTO runs VALUES ('20261129T120000Z-abcd', 'lab', 'done', 1, 2, 3, '["a"]', '[]');
INSERT INTO probes VALUES (1, '20261129T120000Z-abcd', 'tok1', 'a', 'seed1@inbox.test', 'n');
INSERT INTO submissions VALUES (1, 'accepted', 'end-of-data', 250, '2.0.0',
  'Ok: queued as 4XyZ', '', 'tok1.probe@sender.test', '4XyZ', 10, 20, 3, 4, 9, 'TLSv1.3', '',
  X'6869');
PRAGMA user_version = 1;
)sql";

} // namespace

TEST_CASE("every sender field of a submission reads back from the store", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  REQUIRE(store->create_run(one_route_run()));
  std::vector<Probe> probes = {{0, k_run_id, "tok1", "provider-a", "seed1@inbox.test", "n"}};
  REQUIRE(store->save_probes(probes));

  Submission in;
  in.probe_id = probes[0].id;
  in.outcome = SubmitOutcome::deferred;
  in.step = SmtpStep::rcpt;
  in.reply = {450, "4.2.1", "try later"};
  in.dns_ms = 1;
  in.connect_ms = 2;
  in.tls_ms = 3;
  in.greeting_ms = 4;
  in.end_of_data_ms = 5;
  in.total_ms = 6;
  in.tls_version = "TLSv1.3";
  in.tls_cipher = "TLS_AES_256_GCM_SHA384";
  in.attempts = 3;
  in.reused_connection = true;
  in.findings.push_back(
    {"tls.plaintext_route", Severity::warning, "no TLS on this route", "tls = \"none\""});
  REQUIRE(store->save_submission(in, true));

  const auto loaded = store->load_submissions(k_run_id);
  REQUIRE(loaded);
  REQUIRE(loaded->size() == 1);
  const Submission& out = loaded->front();
  CHECK(out.dns_ms == 1);
  CHECK(out.connect_ms == 2);
  CHECK(out.tls_ms == 3);
  CHECK(out.greeting_ms == 4);
  CHECK(out.end_of_data_ms == 5);
  CHECK(out.total_ms == 6);
  CHECK(out.tls_cipher == "TLS_AES_256_GCM_SHA384");
  CHECK(out.attempts == 3);
  CHECK(out.reused_connection);
  REQUIRE(out.findings.size() == 1);
  CHECK(out.findings[0].code == "tls.plaintext_route");
  CHECK(out.findings[0].evidence == "tls = \"none\"");
}

TEST_CASE("a finding whose evidence is not UTF-8 is stored with U+FFFD in its place",
          "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  REQUIRE(store->create_run(one_route_run()));
  std::vector<Probe> probes = {{0, k_run_id, "tok1", "provider-a", "seed1@inbox.test", "n"}};
  REQUIRE(store->save_probes(probes));
  Submission in;
  in.probe_id = probes[0].id;
  in.findings.push_back({"tls.plaintext_route", Severity::warning, "x", "reply \xff\xfe end"});
  REQUIRE(store->save_submission(in, false));

  const auto loaded = store->load_submissions(k_run_id);
  REQUIRE(loaded);
  REQUIRE(loaded->size() == 1);
  REQUIRE(loaded->front().findings.size() == 1);
  CHECK(loaded->front().findings[0].evidence == "reply \xef\xbf\xbd\xef\xbf\xbd end");
}

TEST_CASE("a version 1 history is migrated and its submissions keep their values",
          "[core][store][unit]")
{
  test::TempDir dir;
  const std::string path = (dir.path() / "v1.db").string();
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    exec(db, k_v1_schema);
    sqlite3_close(db);
  }
  auto store = Store::open(path);
  REQUIRE(store);
  CHECK(store->schema_version() == schema::k_current_version);
  const auto loaded = store->load_submissions(k_run_id);
  REQUIRE(loaded);
  REQUIRE(loaded->size() == 1);
  const Submission& s = loaded->front();
  CHECK(s.queue_id == "4XyZ");
  CHECK(s.connect_ms == 3);
  CHECK(s.total_ms == 9);
  CHECK(s.message_bytes == "hi");
  // Columns the first release did not have: "not measured".
  CHECK(s.dns_ms == -1);
  CHECK(s.greeting_ms == -1);
  CHECK(s.end_of_data_ms == -1);
  CHECK(s.tls_cipher.empty());
  CHECK(s.attempts == 1);
  CHECK_FALSE(s.reused_connection);
  CHECK(s.findings.empty());
}

TEST_CASE("a batch of submissions is saved in one go, each with its own transcript rule",
          "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  REQUIRE(store->create_run(one_route_run()));
  std::vector<Probe> probes = {{0, k_run_id, "tok1", "provider-a", "seed1@inbox.test", "n"},
                               {0, k_run_id, "tok2", "provider-a", "seed2@inbox.test", "n"}};
  REQUIRE(store->save_probes(probes));
  std::vector<SubmissionRecord> batch(2);
  batch[0].submission.probe_id = probes[0].id;
  batch[0].submission.outcome = SubmitOutcome::accepted;
  batch[0].submission.transcript = "S: 250 accepted";
  batch[0].keep_transcript = false;
  batch[1].submission.probe_id = probes[1].id;
  batch[1].submission.outcome = SubmitOutcome::rejected;
  batch[1].submission.transcript = "S: 550 no";
  batch[1].keep_transcript = true;
  REQUIRE(store->save_submissions(batch));
  // Saving again replaces (a resumed run never duplicates a submission).
  REQUIRE(store->save_submission(batch[1].submission, true));

  const auto loaded = store->load_submissions(k_run_id);
  REQUIRE(loaded);
  REQUIRE(loaded->size() == 2);
  CHECK((*loaded)[0].outcome == SubmitOutcome::accepted);
  CHECK((*loaded)[0].transcript.empty());
  CHECK((*loaded)[1].outcome == SubmitOutcome::rejected);
  CHECK((*loaded)[1].transcript == "S: 550 no");
}

TEST_CASE("a batch with an unknown probe is saved not at all", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  REQUIRE(store->create_run(one_route_run()));
  std::vector<Probe> probes = {{0, k_run_id, "tok1", "provider-a", "seed1@inbox.test", "n"}};
  REQUIRE(store->save_probes(probes));
  std::vector<SubmissionRecord> batch(2);
  batch[0].submission.probe_id = probes[0].id;
  batch[1].submission.probe_id = 9'999; // violates the foreign key
  const auto saved = store->save_submissions(batch);
  REQUIRE_FALSE(saved);
  CHECK(saved.error().code == "store.sqlite");
  CHECK(store->load_submissions(k_run_id)->empty());
}
