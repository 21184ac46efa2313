// Scenario: a provider that answers 450 (a rate limit) is retried with backoff
// up to max_retries, then the probe is recorded as deferred; the server log
// shows exactly one RCPT per attempt.
#include "scenario.hpp"

using namespace inboxprobe;

TEST_CASE("a 4xx reply is retried with backoff, then recorded as deferred", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  const std::string config = lab.campaign("e2e-deferred", dir.path().string(), "2s")
                             + test::route_at(lab,
                                              "provider-a",
                                              "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"],
                                              "max_retries = 2\nretry_backoff = \"300ms\"")
                             + test::seed_as(lab, "defer@inbox.test", "seed1@inbox.test")
                             + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config);
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  CHECK(run.command.out.find("retry 1/2 in 300 ms") != std::string::npos);
  CHECK(run.command.out.find("retry 2/2 in 600 ms") != std::string::npos);

  const test::ProbeRecord& r = run.of("defer@inbox.test");
  const Submission& s = r.submission.value();
  CHECK(s.outcome == SubmitOutcome::deferred);
  CHECK(s.attempts == 3);
  CHECK(s.step == SmtpStep::rcpt);
  CHECK(s.reply.code == 450);
  CHECK(s.reply.enhanced_code == "4.2.1");
  CHECK(r.result->placement == Placement::rejected);

  const auto rejects = test::wait_for_log(pfa_log, {"NOQUEUE: reject: RCPT", "<defer@inbox.test>"});
  CHECK(rejects.size() == 3);
}
