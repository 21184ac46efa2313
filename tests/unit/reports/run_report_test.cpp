#include "report_fixture.hpp"

#include <core/error.hpp>
#include <reports/run_report.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;
using inboxprobe::test::ReportFixture;

namespace {

// Expected counts of the six standard placements.
struct Expected
{
  int inbox, spam, other, missing, rejected, pending;
};

void
check_counts(const PlacementCounts& actual, const Expected& expected)
{
  CHECK(actual.count(Placement::inbox) == expected.inbox);
  CHECK(actual.count(Placement::spam) == expected.spam);
  CHECK(actual.count(Placement::other) == expected.other);
  CHECK(actual.count(Placement::missing) == expected.missing);
  CHECK(actual.count(Placement::rejected) == expected.rejected);
  CHECK(actual.count(Placement::pending) == expected.pending);
}

} // namespace

TEST_CASE("nearest-rank percentiles pick the value at rank ceil(p/100 * n)", "[reports][unit]")
{
  struct Case
  {
    const char* name;
    std::vector<std::int64_t> values;
    int percent;
    std::optional<std::int64_t> expected;
  };
  const std::vector<Case> cases = {
    {"empty", {}, 50, std::nullopt},
    {"one value", {7000}, 95, 7000},
    {"p50 of 4 is rank 2", {2300, 0, 61000, 800}, 50, 800},
    {"p95 of 4 is rank 4", {2300, 0, 61000, 800}, 95, 61000},
    {"p50 of 5 is rank 3", {5, 1, 4, 2, 3}, 50, 3},
    {"p95 of 20 is rank 19",
     {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
     95,
     19},
    {"p95 of 21 is rank 20 (19.95 rounds up)",
     {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21},
     95,
     20},
    {"p100 is the maximum", {3, 9, 1}, 100, 9},
    {"p1 is the minimum", {3, 9, 1}, 1, 1},
    {"negative (clock skew) values sort first", {-2000, 1000, 3000}, 50, 1000},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    CHECK(nearest_rank_percentile(c.values, c.percent) == c.expected);
  }
}

TEST_CASE("the run report counts placements overall, per route and per cell", "[reports][unit]")
{
  const RunReport report = build_run_report(ReportFixture().input, test::k_generated_at_ms);

  check_counts(report.overall, {3, 2, 1, 1, 1, 1});
  CHECK(report.overall.total() == 9);
  CHECK(report.overall.rate(Placement::inbox) == Approx(3.0 / 9.0));

  REQUIRE(report.routes.size() == 2);
  CHECK(report.routes[0].route == "relay-a");
  check_counts(report.routes[0].counts, {3, 1, 0, 1, 0, 0});
  CHECK(report.routes[0].counts.rate(Placement::inbox) == Approx(0.6));
  CHECK(report.routes[0].counts.rate(Placement::missing) == Approx(0.2));
  CHECK(report.routes[1].route == "relay-b");
  check_counts(report.routes[1].counts, {0, 1, 1, 0, 1, 1});
  CHECK(report.routes[1].counts.rate(Placement::rejected) == Approx(0.25));

  REQUIRE(report.seeds.size() == 3);
  CHECK(report.seeds[1].address == "bob@outlook.example");
  CHECK(report.seeds[1].provider == "outlook");
  REQUIRE(report.matrix.size() == 2);
  REQUIRE(report.matrix[0].size() == 3);
  check_counts(report.matrix[0][0], {2, 0, 0, 0, 0, 0});
  check_counts(report.matrix[0][1], {0, 1, 0, 1, 0, 0});
  check_counts(report.matrix[0][2], {1, 0, 0, 0, 0, 0});
  check_counts(report.matrix[1][0], {0, 0, 0, 0, 1, 0});
  check_counts(report.matrix[1][1], {0, 0, 1, 0, 0, 0});
  check_counts(report.matrix[1][2], {0, 1, 0, 0, 0, 1});
}

TEST_CASE("route latency is summarised over found probes with nearest rank", "[reports][unit]")
{
  const RunReport report = build_run_report(ReportFixture().input, test::k_generated_at_ms);
  const RouteSummary& a = report.routes[0];
  // Found with a latency: 2300, 0, 61000, 800 (probe 5 is missing).
  CHECK(a.latency_samples == 4);
  CHECK(a.latency_p50_ms == 800);
  CHECK(a.latency_p95_ms == 61'000);
  CHECK(a.latency_max_ms == 61'000);
  CHECK(a.latency_resolution_ms == 1000);
  const RouteSummary& b = report.routes[1];
  // Probe 7 only: probe 9 is found but not analysed, so it has no latency.
  CHECK(b.latency_samples == 1);
  CHECK(b.latency_p50_ms == 4000);
  CHECK(b.latency_p95_ms == 4000);
  CHECK(b.latency_max_ms == 4000);
}

TEST_CASE("route authentication counts only the providers' trusted verdicts", "[reports][unit]")
{
  const RunReport report = build_run_report(ReportFixture().input, test::k_generated_at_ms);
  const RouteSummary& a = report.routes[0];
  CHECK(a.auth_seen == 3); // probe 4's field is untrusted
  CHECK(a.dkim_pass == 2);
  CHECK(a.spf_pass == 3);
  CHECK(a.dmarc_pass == 2);
  CHECK(a.findings == 3);
  const RouteSummary& b = report.routes[1];
  CHECK(b.auth_seen == 1);
  CHECK(b.dkim_pass == 1);
  CHECK(b.spf_pass == 0);
  CHECK(b.dmarc_pass == 0);
  CHECK(b.findings == 0);
}

TEST_CASE(
  "probe rows are ordered by route, seed, content and id and keep no "
  "wire data",
  "[reports][unit]")
{
  const RunReport report = build_run_report(ReportFixture().input, test::k_generated_at_ms);
  std::vector<std::int64_t> ids;
  for (const ProbeRow& row : report.probes) {
    ids.push_back(row.probe.id);
    REQUIRE(row.submission);
    CHECK(row.submission->transcript.empty());
    CHECK(row.submission->message_bytes.empty());
  }
  CHECK(ids == std::vector<std::int64_t>{1, 4, 2, 5, 3, 6, 7, 8, 9});

  const ProbeRow& nine = report.probes.back();
  CHECK(nine.analysed);
  CHECK(nine.placement == Placement::spam);
  CHECK(nine.sighting_count == 2);
  REQUIRE(nine.sighting);
  CHECK(nine.sighting->folder == "Junk");
  CHECK(nine.sighting->message_bytes.empty());
  CHECK(report.probes.front().analysed);
  const ProbeRow& eight = report.probes[report.probes.size() - 2];
  CHECK_FALSE(eight.analysed);
  CHECK(eight.placement == Placement::pending);
}

TEST_CASE("an unanalysed probe is pending, whatever its records say: only analysis places",
          "[reports][unit]")
{
  struct Case
  {
    const char* name;
    std::optional<SubmitOutcome> outcome;
    std::optional<FolderRole> seen_in;
    std::int64_t now_ms;
    Placement expected;
  };
  const std::int64_t before = test::k_deadline_at_ms - 1;
  const std::int64_t after = test::k_deadline_at_ms;
  const std::vector<Case> cases = {
    {"not submitted yet", std::nullopt, std::nullopt, after, Placement::pending},
    {"accepted, inside the deadline",
     SubmitOutcome::accepted,
     std::nullopt,
     before,
     Placement::pending},
    {"accepted, deadline passed", SubmitOutcome::accepted, std::nullopt, after, Placement::pending},
    {"uncertain, deadline passed",
     SubmitOutcome::uncertain,
     std::nullopt,
     after,
     Placement::pending},
    {"rejected", SubmitOutcome::rejected, std::nullopt, before, Placement::pending},
    {"deferred", SubmitOutcome::deferred, std::nullopt, before, Placement::pending},
    {"failed", SubmitOutcome::failed, std::nullopt, before, Placement::pending},
    {"seen in the inbox", SubmitOutcome::accepted, FolderRole::inbox, after, Placement::pending},
    {"seen in junk", SubmitOutcome::accepted, FolderRole::junk, before, Placement::pending},
    {"seen elsewhere", SubmitOutcome::uncertain, FolderRole::other, before, Placement::pending},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    RunReportInput input;
    input.run.deadline_at_ms = test::k_deadline_at_ms;
    input.probes.push_back({1, "r", "t", "route", "seed", "plain"});
    if (c.outcome) {
      Submission submission;
      submission.probe_id = 1;
      submission.outcome = *c.outcome;
      input.submissions.push_back(submission);
    }
    if (c.seen_in) {
      Sighting sighting;
      sighting.probe_id = 1;
      sighting.role = *c.seen_in;
      input.sightings.push_back(sighting);
    }
    const RunReport report = build_run_report(input, c.now_ms);
    REQUIRE(report.probes.size() == 1);
    CHECK(report.probes[0].placement == c.expected);
    CHECK_FALSE(report.probes[0].analysed);
  }
}

TEST_CASE(
  "routes and seeds that only the probes name follow the configured "
  "ones",
  "[reports][unit]")
{
  ReportFixture fixture;
  fixture.input.probes.push_back({10, "r", "t10", "relay-c", "dave@extra.example", "plain"});
  fixture.input.submissions.push_back({});
  fixture.input.submissions.back().probe_id = 99; // no such probe: ignored
  const RunReport report = build_run_report(fixture.input, test::k_generated_at_ms);
  REQUIRE(report.routes.size() == 3);
  CHECK(report.routes[2].route == "relay-c");
  REQUIRE(report.seeds.size() == 4);
  CHECK(report.seeds[3].address == "dave@extra.example");
  CHECK(report.seeds[3].provider.empty());
  check_counts(report.matrix[2][3], {0, 0, 0, 0, 0, 1});
  CHECK(report.overall.total() == 10);
}

TEST_CASE("two results, two submissions or two probes with one id are a bug", "[reports][unit]")
{
  ReportFixture twice_analysed;
  twice_analysed.input.results.push_back(twice_analysed.input.results[0]);
  CHECK_THROWS_AS(build_run_report(twice_analysed.input, 0), Bug);

  ReportFixture twice_sent;
  twice_sent.input.submissions.push_back(twice_sent.input.submissions[0]);
  CHECK_THROWS_AS(build_run_report(twice_sent.input, 0), Bug);

  ReportFixture same_id;
  same_id.input.probes.push_back(same_id.input.probes[0]);
  CHECK_THROWS_AS(build_run_report(same_id.input, 0), Bug);
}

TEST_CASE("an empty run gives an empty report with zero rates", "[reports][unit]")
{
  RunReportInput input;
  input.run.id = "empty";
  input.run.routes = {"relay-a"};
  const RunReport report = build_run_report(input, 5);
  CHECK(report.generated_at_ms == 5);
  CHECK(report.overall.total() == 0);
  CHECK(report.overall.rate(Placement::inbox) == 0.0);
  REQUIRE(report.routes.size() == 1);
  CHECK(report.routes[0].latency_samples == 0);
  CHECK_FALSE(report.routes[0].latency_p50_ms);
  CHECK(report.matrix.size() == 1);
  CHECK(report.matrix[0].empty());
  CHECK(report.probes.empty());
}
