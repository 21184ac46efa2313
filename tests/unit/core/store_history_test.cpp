// The store's history queries and retention: outcomes and placement counts
// over several runs, and prune() deleting old runs and emptying old raw bytes
// while keeping the summaries.
#include <core/store/store.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

namespace {

constexpr std::int64_t k_day_ms = 86'400'000;
constexpr std::int64_t k_now_ms = 1'795'000'000'000;

// Run `id` started `days_ago` days before k_now_ms with two probes: one in the
// inbox (latency 3 s), one without a result, each with raw bytes.
void
add_run(Store& store, const std::string& id, int days_ago)
{
  Run run;
  run.id = id;
  run.campaign = "nightly";
  run.state = "done";
  run.started_at_ms = k_now_ms - days_ago * k_day_ms;
  run.routes = {"relay-a"};
  REQUIRE(store.create_run(run));
  std::vector<Probe> probes = {{0, id, id + "-t1", "relay-a", "s1@x.example", "c"},
                               {0, id, id + "-t2", "relay-a", "s2@x.example", "c"}};
  REQUIRE(store.save_probes(probes));
  for (const Probe& probe : probes) {
    Submission submission;
    submission.probe_id = probe.id;
    submission.outcome = SubmitOutcome::accepted;
    submission.transcript = "S: 250 ok";
    submission.message_bytes = "Subject: sent\r\n\r\nbody\r\n";
    REQUIRE(store.save_submission(submission, true));
    Sighting sighting;
    sighting.probe_id = probe.id;
    sighting.folder = "INBOX";
    sighting.role = FolderRole::inbox;
    sighting.message_bytes = "Subject: fetched\r\n\r\nbody\r\n";
    REQUIRE(store.save_sighting(sighting));
  }
  ProbeResult result;
  result.probe_id = probes[0].id;
  result.placement = Placement::inbox;
  result.latency_ms = 3000;
  REQUIRE(store.save_results({result}));
}

} // namespace

TEST_CASE("outcomes and placement counts come from the indexed columns of each run",
          "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  add_run(*store, "r1", 2);
  add_run(*store, "r2", 1);
  const auto outcomes = store->load_outcomes({"r2", "r1"});
  REQUIRE(outcomes);
  REQUIRE(outcomes->size() == 4);
  CHECK((*outcomes)[0].run_id == "r2");
  CHECK((*outcomes)[0].seed == "s1@x.example");
  CHECK((*outcomes)[0].placement == Placement::inbox);
  CHECK((*outcomes)[0].latency_ms == 3000);
  CHECK_FALSE((*outcomes)[1].placement.has_value());
  CHECK_FALSE((*outcomes)[1].latency_ms.has_value());
  CHECK((*outcomes)[2].run_id == "r1");

  const auto counts = store->count_placements();
  REQUIRE(counts);
  REQUIRE(counts->size() == 2);
  CHECK(counts->at("r1").at(Placement::inbox) == 1);
  CHECK(counts->at("r1").at(Placement::pending) == 1); // no result yet
}

TEST_CASE("retention deletes old runs and empties older raw bytes, keeping summaries",
          "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  add_run(*store, "old", 400);
  add_run(*store, "month", 40);
  add_run(*store, "recent", 3);

  const auto counts = store->prune(k_now_ms, RetentionPolicy{365, 30});
  REQUIRE(counts);
  CHECK(counts->runs_deleted == 1);
  CHECK(counts->runs_raw_pruned == 1);

  const auto runs = store->list_runs();
  REQUIRE(runs);
  REQUIRE(runs->size() == 2);
  CHECK(store->load_run("old").error().code == "store.no_such_run");

  // "month": raw bytes and transcripts gone, placements and results kept.
  CHECK(store->raw_pruned_at_ms("month") == k_now_ms);
  const auto month_submissions = store->load_submissions("month");
  REQUIRE(month_submissions);
  REQUIRE(month_submissions->size() == 2);
  CHECK((*month_submissions)[0].message_bytes.empty());
  CHECK((*month_submissions)[0].transcript.empty());
  CHECK((*month_submissions)[0].outcome == SubmitOutcome::accepted);
  const auto month_sightings = store->load_sightings("month");
  REQUIRE(month_sightings);
  REQUIRE(month_sightings->size() == 2);
  CHECK((*month_sightings)[0].message_bytes.empty());
  CHECK((*month_sightings)[0].folder == "INBOX");
  const auto month_results = store->load_results("month");
  REQUIRE(month_results);
  CHECK(month_results->size() == 1);

  // "recent": untouched.
  CHECK(store->raw_pruned_at_ms("recent") == 0);
  const auto recent = store->load_sightings("recent");
  REQUIRE(recent);
  CHECK((*recent)[0].message_bytes == "Subject: fetched\r\n\r\nbody\r\n");

  // A second prune at the same time finds nothing more to do.
  const auto again = store->prune(k_now_ms, RetentionPolicy{365, 30});
  REQUIRE(again);
  CHECK(again->runs_deleted == 0);
  CHECK(again->runs_raw_pruned == 0);
}

TEST_CASE("retention with zero days keeps everything", "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  add_run(*store, "ancient", 5000);
  const auto counts = store->prune(k_now_ms, RetentionPolicy{0, 0});
  REQUIRE(counts);
  CHECK(counts->runs_deleted == 0);
  CHECK(counts->runs_raw_pruned == 0);
  const auto sightings = store->load_sightings("ancient");
  REQUIRE(sightings);
  CHECK_FALSE((*sightings)[0].message_bytes.empty());
}

TEST_CASE("a campaign's runs in a period come newest first, at most the limit",
          "[core][store][unit]")
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  for (int days_ago = 1; days_ago <= 5; ++days_ago) {
    add_run(*store, "n" + std::to_string(days_ago), days_ago);
  }
  Run other;
  other.id = "other-campaign";
  other.campaign = "weekly";
  other.started_at_ms = k_now_ms - 2 * k_day_ms;
  REQUIRE(store->create_run(other));

  struct Case
  {
    std::int64_t since_ms;
    std::int64_t before_ms;
    int limit;
    std::vector<std::string> expected;
  };
  const std::vector<Case> cases = {
    {0, k_now_ms, 10, {"n1", "n2", "n3", "n4", "n5"}},
    {0, k_now_ms, 2, {"n1", "n2"}},
    {0, k_now_ms - 2 * k_day_ms, 10, {"n3", "n4", "n5"}},        // before is exclusive
    {k_now_ms - 3 * k_day_ms, k_now_ms, 10, {"n1", "n2", "n3"}}, // since is inclusive
  };
  for (const Case& c : cases) {
    CAPTURE(c.since_ms, c.before_ms, c.limit);
    const auto runs = store->list_campaign_runs("nightly", c.since_ms, c.before_ms, c.limit);
    REQUIRE(runs);
    std::vector<std::string> ids;
    for (const Run& run : *runs) {
      ids.push_back(run.id);
    }
    CHECK(ids == c.expected);
  }
}
