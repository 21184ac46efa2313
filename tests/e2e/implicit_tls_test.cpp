// Scenario: a route with implicit TLS (smtps://, like port 465) delivers, and
// the submission records the TLS version and cipher and the handshake and
// greeting times.
#include "scenario.hpp"

using namespace inboxprobe;

TEST_CASE("implicit TLS delivers and records the TLS session", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string config =
    lab.campaign("e2e-implicit-tls", dir.path().string(), "8s")
    + test::route_at(lab, "smtps", "smtps://127.0.0.1:" + lab["LAB_PFA_SMTPS_PORT"])
    + lab.seed("seed3@inbox.test") + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config);
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  const test::ProbeRecord& r = run.of("seed3@inbox.test");
  const Submission& s = r.submission.value();
  CHECK(s.outcome == SubmitOutcome::accepted);
  CHECK(s.tls_version == "TLSv1.3");
  CHECK(s.tls_cipher.rfind("TLS_", 0) == 0);
  CHECK(s.tls_ms >= 0);
  CHECK(s.tls_ms < 5'000);
  CHECK(s.greeting_ms >= 0);
  CHECK(s.connect_ms >= 0);
  CHECK(s.end_of_data_ms >= 0);
  CHECK(s.total_ms >= s.end_of_data_ms);
  CHECK_FALSE(s.reused_connection);
  CHECK(s.findings.empty());
  CHECK(r.result->placement == Placement::inbox);
}
