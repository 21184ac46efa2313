// Scenario: a route that requires STARTTLS, pointed at a server that offers
// AUTH but no STARTTLS, is rejected at the STARTTLS step; the server's own log
// proves that no AUTH command (and no password) was sent.
#include "scenario.hpp"

using namespace inboxprobe;

TEST_CASE("a server without STARTTLS is refused and never sees AUTH", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  const std::string config =
    lab.campaign("e2e-starttls", dir.path().string(), "2s")
    + test::route_at(
      lab, "no-starttls", "smtp://127.0.0.1:" + lab["LAB_PFA_PLAIN_PORT"], "tls = \"starttls\"")
    + lab.seed("seed1@inbox.test") + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config, "--keep-transcripts");
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  CHECK(run.command.out.find("1 probes: 0 inbox, 0 spam, 0 other, 0 missing, 1 rejected")
        != std::string::npos);

  const Submission& s = run.of("seed1@inbox.test").submission.value();
  CHECK(s.outcome == SubmitOutcome::rejected);
  CHECK(s.step == SmtpStep::starttls);
  CHECK(s.reply.code == 0);
  CHECK(s.error.find("did not offer STARTTLS") != std::string::npos);
  // The server offered AUTH in plaintext; we did not take it.
  CHECK(s.transcript.find("S: 250-AUTH PLAIN LOGIN") != std::string::npos);
  CHECK(s.transcript.find("C: AUTH") == std::string::npos);
  CHECK(s.transcript.find("C: MAIL") == std::string::npos);
  CHECK(run.of("seed1@inbox.test").result->placement == Placement::rejected);

  // Postfix counts every command of a session in its disconnect line.
  const auto lines = test::wait_for_log(pfa_log, {"postfix-pfa/plain/smtpd", "disconnect from"});
  REQUIRE(lines.size() == 1);
  CAPTURE(lines[0]);
  CHECK(lines[0].find(" ehlo=1 ") != std::string::npos);
  CHECK(lines[0].find("auth=") == std::string::npos);
  CHECK(lines[0].find("mail=") == std::string::npos);
  CHECK(pfa_log.lines_with({"sasl_username=alice@sender.test", "plain"}).empty());
}
