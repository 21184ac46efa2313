// Scenario: an accepted probe's record agrees with the provider's own log: the
// queue id parsed from the final 250 is the one Postfix logged for this
// Message-ID; every timing was measured; the kept transcript is redacted.
#include "scenario.hpp"

using namespace inboxprobe;

TEST_CASE("an accepted probe's queue id matches the server log, its transcript is redacted",
          "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  const std::string config =
    lab.campaign("e2e-record", dir.path().string(), "8s")
    + test::route_at(lab, "provider-a", "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"])
    + lab.seed("seed2@inbox.test") + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config, "--keep-transcripts");
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  const test::ProbeRecord& r = run.of("seed2@inbox.test");
  const Submission& s = r.submission.value();
  REQUIRE(s.outcome == SubmitOutcome::accepted);
  CHECK(r.result->placement == Placement::inbox);

  // Postfix: "QUEUEID: message-id=<TOKEN.probe@sender.test>" from its cleanup daemon.
  REQUIRE(s.queue_id.size() >= 8);
  const auto lines = test::wait_for_log(pfa_log, {"message-id=<" + s.message_id + ">"});
  REQUIRE(lines.size() == 1);
  CHECK(lines[0].find(" " + s.queue_id + ": message-id=") != std::string::npos);
  CHECK(pfa_log.lines_with({s.queue_id + ": client=localhost", "sasl_username=alice@sender.test"})
          .size()
        == 1);

  CHECK(s.dns_ms >= 0);
  CHECK(s.connect_ms >= 0);
  CHECK(s.tls_ms >= 0);
  CHECK(s.greeting_ms >= 0);
  CHECK(s.end_of_data_ms >= 0);
  CHECK(s.total_ms >= s.end_of_data_ms);
  CHECK(s.tls_version == "TLSv1.3");
  CHECK_FALSE(s.tls_cipher.empty());
  CHECK(s.accepted_at_ms >= s.started_at_ms);

  // --keep-transcripts kept it; AUTH is in it, the password in no form.
  CHECK(s.transcript.find("C: AUTH PLAIN\n") != std::string::npos);
  CHECK(s.transcript.find("C: <redacted>\n") != std::string::npos);
  CHECK(s.transcript.find("S: 250 2.0.0 Ok: queued as " + s.queue_id) != std::string::npos);
  const std::string password = lab.password("alice@sender.test");
  REQUIRE_FALSE(password.empty());
  const auto dump = test::run_command("sqlite3 " + run.db_path + " .dump");
  for (const std::string& form : test::secret_forms("alice@sender.test", password)) {
    CHECK(s.transcript.find(form) == std::string::npos);
    CHECK(dump.out.find(form) == std::string::npos);
    CHECK(run.command.out.find(form) == std::string::npos);
  }
}
