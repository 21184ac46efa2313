// Scenario: a route with min_interval starts its submissions at least that far
// apart, across its two connections, as recorded in the history.
#include "scenario.hpp"

#include <algorithm>

using namespace inboxprobe;

TEST_CASE("min_interval keeps a route's submission starts apart", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string config =
    lab.campaign("e2e-pacing", dir.path().string(), "8s")
    + test::route_at(lab,
                     "paced",
                     "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"],
                     "max_connections = 2\nmin_interval = \"400ms\"\njitter = \"100ms\"")
    + lab.seed("seed1@inbox.test") + lab.seed("seed2@inbox.test") + lab.seed("seed3@inbox.test")
    + lab.seed("seed4@inbox.test") + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config);
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  REQUIRE(run.probes.size() == 4);
  std::vector<std::int64_t> starts;
  for (const test::ProbeRecord& r : run.probes) {
    REQUIRE(r.submission);
    CHECK(r.submission->outcome == SubmitOutcome::accepted);
    starts.push_back(r.submission->started_at_ms);
  }
  std::sort(starts.begin(), starts.end());
  for (std::size_t i = 1; i < starts.size(); ++i) {
    CAPTURE(i);
    CHECK(starts[i] - starts[i - 1] >= 400);
    CHECK(starts[i] - starts[i - 1] < 5'000);
  }
}
