#include "tests/support/temp_dir.hpp"

#include <core/store/schema.hpp>
#include <core/store/store.hpp>

#include <catch2/catch.hpp>

#include <sqlite3.h>

using namespace inboxprobe;

namespace {

Run
sample_run()
{
  Run run;
  run.id = "20261129T120000Z-abcd";
  run.campaign = "lab";
  run.state = "sending";
  run.started_at_ms = 1'795'000'000'000;
  run.deadline_at_ms = 1'795'000'030'000;
  run.routes = {"provider-a", "provider-b"};
  run.seeds = {{"seed1@inbox.test", "lab"}};
  return run;
}

} // namespace

TEST_CASE("the store creates the current schema and keeps a run's records", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  CHECK(store->schema_version() == schema::k_current_version);

  REQUIRE(store->create_run(sample_run()));
  std::vector<Probe> probes = {
    {0, "20261129T120000Z-abcd", "tok1", "provider-a", "seed1@inbox.test", "newsletter"},
    {0, "20261129T120000Z-abcd", "tok2", "provider-b", "seed1@inbox.test", "newsletter"}};
  REQUIRE(store->save_probes(probes));
  CHECK(probes[0].id > 0);
  CHECK(probes[1].id == probes[0].id + 1);

  Submission submission;
  submission.probe_id = probes[0].id;
  submission.outcome = SubmitOutcome::rejected;
  submission.step = SmtpStep::auth;
  submission.reply = {535, "5.7.8", "Error: authentication failed"};
  submission.transcript = "C: AUTH PLAIN <redacted>";
  submission.message_bytes = std::string("a\0b", 3);
  REQUIRE(store->save_submission(submission, true));

  Sighting sighting;
  sighting.probe_id = probes[1].id;
  sighting.folder = "Junk";
  sighting.role = FolderRole::junk;
  sighting.uid = 42;
  sighting.uidvalidity = 1700000000;
  sighting.message_bytes = "raw";
  REQUIRE(store->save_sighting(sighting));
  REQUIRE(store->save_sighting(sighting)); // the same sighting twice is kept once

  ProbeResult result;
  result.probe_id = probes[1].id;
  result.placement = Placement::spam;
  result.latency_ms = 900;
  REQUIRE(store->save_result(result));
  REQUIRE(store->set_run_state("20261129T120000Z-abcd", "done", 1'795'000'031'000));

  const auto run = store->load_run("20261129T120000Z-abcd");
  REQUIRE(run);
  CHECK(run->state == "done");
  CHECK(run->finished_at_ms == 1'795'000'031'000);
  CHECK(run->routes == std::vector<std::string>{"provider-a", "provider-b"});
  REQUIRE(run->seeds.size() == 1);
  CHECK(run->seeds[0].provider == "lab");

  const auto submissions = store->load_submissions(run->id);
  REQUIRE(submissions);
  REQUIRE(submissions->size() == 1);
  CHECK((*submissions)[0].reply.code == 535);
  CHECK((*submissions)[0].reply.enhanced_code == "5.7.8");
  CHECK((*submissions)[0].step == SmtpStep::auth);
  CHECK((*submissions)[0].message_bytes == std::string("a\0b", 3));

  const auto sightings = store->load_sightings(run->id);
  REQUIRE(sightings);
  REQUIRE(sightings->size() == 1);
  CHECK((*sightings)[0].uid == 42);
  CHECK((*sightings)[0].role == FolderRole::junk);

  const auto results = store->load_results(run->id);
  REQUIRE(results);
  REQUIRE(results->size() == 1);
  CHECK((*results)[0].placement == Placement::spam);
  CHECK((*results)[0].latency_ms == 900);
}

TEST_CASE("the store drops the transcript unless asked to keep it", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  REQUIRE(store->create_run(sample_run()));
  std::vector<Probe> probes = {{0, "20261129T120000Z-abcd", "tok1", "a", "s", "c"}};
  REQUIRE(store->save_probes(probes));
  Submission submission;
  submission.probe_id = probes[0].id;
  submission.outcome = SubmitOutcome::accepted;
  submission.transcript = "S: 250 ok";
  REQUIRE(store->save_submission(submission, false));
  const auto loaded = store->load_submissions(sample_run().id);
  REQUIRE(loaded);
  CHECK((*loaded)[0].transcript.empty());
}

TEST_CASE("an unknown run is an error, not a crash", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  const auto run = store->load_run("nope");
  REQUIRE_FALSE(run);
  CHECK(run.error().code == "store.no_such_run");
}

TEST_CASE("a database from a newer inboxprobe is refused", "[core][store][unit]")
{
  test::TempDir dir;
  const std::string path = (dir.path() / "h.db").string();
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  const auto store = Store::open(path);
  REQUIRE_FALSE(store);
  CHECK(store.error().code == "store.schema_too_new");
}

TEST_CASE("a file store reopens with its runs intact", "[core][store][unit]")
{
  test::TempDir dir;
  const std::string path = (dir.path() / "history.db").string();
  {
    auto store = Store::open(path);
    REQUIRE(store);
    REQUIRE(store->create_run(sample_run()));
  }
  auto store = Store::open(path);
  REQUIRE(store);
  const auto runs = store->list_runs();
  REQUIRE(runs);
  REQUIRE(runs->size() == 1);
  CHECK((*runs)[0].campaign == "lab");
}

TEST_CASE("a replaced verdict stays in the result history", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  REQUIRE(store->create_run(sample_run()));
  std::vector<Probe> probes = {
    {0, "20261129T120000Z-abcd", "tok1", "provider-a", "seed1@inbox.test", "newsletter"}};
  REQUIRE(store->save_probes(probes));
  ProbeResult result;
  result.probe_id = probes[0].id;
  result.placement = Placement::missing;
  REQUIRE(store->save_result(result));
  REQUIRE(store->save_result(result)); // the same verdict again: nothing to keep
  result.placement = Placement::late;
  result.folder = "INBOX";
  REQUIRE(store->save_result(result));

  const auto earlier = store->load_earlier_results(sample_run().id);
  REQUIRE(earlier);
  REQUIRE(earlier->size() == 1);
  CHECK((*earlier)[0].probe_id == probes[0].id);
  CHECK((*earlier)[0].placement == Placement::missing);
  CHECK((*earlier)[0].folder.empty());
  CHECK((*earlier)[0].replaced_at_ms > 1'700'000'000'000);
  const auto results = store->load_results(sample_run().id);
  REQUIRE(results);
  REQUIRE(results->size() == 1);
  CHECK((*results)[0].placement == Placement::late);
}

TEST_CASE("folder cursors are kept per mailbox and replaced in place", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  const std::string url = "imap://127.0.0.1:10143";
  REQUIRE(store->save_cursors(url, "seed1@inbox.test", {{"INBOX", 7, 12}, {"Junk", 8, 3}}, 1));
  REQUIRE(store->save_cursors(url, "seed1@inbox.test", {{"INBOX", 7, 20}}, 2));
  REQUIRE(store->save_cursors(url, "seed2@inbox.test", {{"INBOX", 9, 5}}, 2));
  const auto cursors = store->load_cursors(url, "seed1@inbox.test");
  REQUIRE(cursors);
  REQUIRE(cursors->size() == 2);
  CHECK((*cursors)[0].folder == "INBOX");
  CHECK((*cursors)[0].uidvalidity == 7);
  CHECK((*cursors)[0].next_uid == 20);
  CHECK((*cursors)[1].folder == "Junk");
  CHECK((*cursors)[1].next_uid == 3);
  CHECK(store->load_cursors("imap://elsewhere:143", "seed1@inbox.test")->empty());
}

TEST_CASE("a sighting keeps its Gmail tab and message id", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  REQUIRE(store->create_run(sample_run()));
  std::vector<Probe> probes = {
    {0, "20261129T120000Z-abcd", "tok1", "provider-a", "seed1@inbox.test", "newsletter"}};
  REQUIRE(store->save_probes(probes));
  Sighting s;
  s.probe_id = probes[0].id;
  s.folder = "INBOX";
  s.role = FolderRole::inbox;
  s.uid = 3;
  s.gmail_tab = "promotions";
  s.gmail_msgid = 0xF000'0000'0000'0001ULL; // above INT64_MAX
  REQUIRE(store->save_sighting(s));
  const auto loaded = store->load_sightings(sample_run().id);
  REQUIRE(loaded);
  REQUIRE(loaded->size() == 1);
  CHECK((*loaded)[0].gmail_tab == "promotions");
  CHECK((*loaded)[0].gmail_msgid == 0xF000'0000'0000'0001ULL);
}

TEST_CASE("a run whose probes cannot be saved is not created either", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  const Run run = sample_run();
  // The same token twice: the UNIQUE constraint refuses the second probe.
  std::vector<Probe> probes = {{0, run.id, "tok", "r", "s1", "n"},
                               {0, run.id, "tok", "r", "s2", "n"}};
  CHECK_FALSE(store->create_run_with_probes(run, probes));
  CHECK(store->list_runs()->empty());
  std::vector<Probe> good = {{0, run.id, "tok1", "r", "s1", "n"},
                             {0, run.id, "tok2", "r", "s2", "n"}};
  REQUIRE(store->create_run_with_probes(run, good));
  CHECK(good[0].id > 0);
  CHECK(good[1].id == good[0].id + 1);
  CHECK(store->load_probes(run.id)->size() == 2);
}
