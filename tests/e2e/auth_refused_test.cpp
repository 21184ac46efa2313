// Scenario: a route whose password is wrong, with three probes to send. The
// server refuses the first AUTH (535 5.7.8); the other probes are recorded with
// the same reply and "not tried", without logging in again: each failed login
// counts toward a provider locking the account.
#include "receiver_lab.hpp"
#include "scenario.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("after the server refuses AUTH, the route's other probes are not tried", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  test::write_file(dir.path() / "wrong.secret", "Wr0ng-pa55word-e2e-auth\n");
  const std::string config =
    lab.campaign("e2e-auth-refused", d, "3s") + lab.route("provider-a", 'a', d + "/wrong.secret")
    + "max_connections = 1\n\n" + lab.seed("seed1@inbox.test") + lab.seed("seed2@inbox.test")
    + lab.seed("seed3@inbox.test") + "[[content]]\nname = \"n\"\nsubject = \"s\"\ntext = \"t\"\n";
  test::write_file(dir.path() / "campaign.toml", config);
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");

  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("3 probes: 0 inbox, 0 spam, 0 other, 0 missing, 3 rejected")
        != std::string::npos);

  const test::RunOutcome outcome = test::load_run(d + "/history.db");
  int tried = 0;
  int not_tried = 0;
  for (const auto& [key, p] : outcome.by_key) {
    CAPTURE(key, p.submission.error);
    CHECK(p.submission.outcome == SubmitOutcome::rejected);
    CHECK(p.submission.step == SmtpStep::auth);
    CHECK(p.submission.reply.code == 535);
    CHECK(p.submission.reply.enhanced_code == "5.7.8");
    CHECK(p.result.placement == Placement::rejected);
    if (p.submission.attempts == 1) {
      ++tried;
    } else if (p.submission.attempts == 0
               && p.submission.error.find("not tried: the server refused AUTH for an earlier "
                                          "probe of this route (535 5.7.8)")
                    != std::string::npos) {
      ++not_tried;
    }
  }
  CHECK(tried == 1);
  CHECK(not_tried == 2);
  // The server saw one failed login, not three.
  CHECK(pfa_log.lines_with({"authentication failed"}).size() == 1);
}
