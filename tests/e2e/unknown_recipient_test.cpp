// Scenario: a recipient the provider does not know is refused at RCPT with
// 550 5.1.1, and recorded as rejected with that reply and the failed command.
#include "scenario.hpp"

using namespace inboxprobe;

TEST_CASE("an unknown recipient is rejected 550 5.1.1 at RCPT", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string config =
    lab.campaign("e2e-unknown-recipient", dir.path().string(), "2s")
    + test::route_at(lab, "provider-a", "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"])
    + test::seed_as(lab, "nobody@inbox.test", "seed1@inbox.test") + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config);
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  const Submission& s = run.of("nobody@inbox.test").submission.value();
  CHECK(s.outcome == SubmitOutcome::rejected);
  CHECK(s.step == SmtpStep::rcpt);
  CHECK(s.reply.code == 550);
  CHECK(s.reply.enhanced_code == "5.1.1");
  CHECK(s.reply.text.find("<nobody@inbox.test>: Recipient address rejected") != std::string::npos);
  CHECK(s.attempts == 1); // a 5xx is final: no retry
  CHECK(run.of("nobody@inbox.test").result->placement == Placement::rejected);
}
