// Scenario: a server that goes silent after the final "." makes the probe
// `uncertain` within the route's timeout: not resent, still looked for, and
// the plaintext route is a finding in the report.
#include "scenario.hpp"

#include <algorithm>

using namespace inboxprobe;

TEST_CASE("no reply to the final dot within the timeout is uncertain, never resent", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  // The relay port needs no AUTH (so no delay from an earlier failed AUTH can
  // eat into the timeout) and has no TLS.
  const std::string config = lab.campaign("e2e-stall", dir.path().string(), "2s")
                             + test::route_at(lab,
                                              "stalling",
                                              "smtp://127.0.0.1:" + lab["LAB_PFA_RELAY_PORT"],
                                              "tls = \"none\"\ntimeout = \"2s\"",
                                              false)
                             + test::seed_as(lab, "stall@inbox.test", "seed1@inbox.test")
                             + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config);
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);

  const test::ProbeRecord& r = run.of("stall@inbox.test");
  const Submission& s = r.submission.value();
  CHECK(s.outcome == SubmitOutcome::uncertain);
  CHECK(s.step == SmtpStep::end_of_data);
  CHECK(s.attempts == 1);
  CHECK(s.total_ms >= 2'000);
  CHECK(s.total_ms < 3'500);
  CHECK(s.accepted_at_ms == 0);
  CHECK(s.error.find("may have accepted") != std::string::npos);
  // Uncertain counts as sent: the receiver looked for it until the deadline.
  CHECK(r.result->placement == Placement::missing);
  const auto& findings = r.result->findings;
  const auto plaintext = std::find_if(findings.begin(), findings.end(), [](const Finding& f) {
    return f.code == "tls.plaintext_route";
  });
  REQUIRE(plaintext != findings.end());
  CHECK(plaintext->severity == Severity::warning);
  // One DATA only: the probe was not sent again.
  CHECK(pfa_log.lines_with({"postfix-pfa/relay/smtpd", "client=localhost"}).size() == 1);
}
