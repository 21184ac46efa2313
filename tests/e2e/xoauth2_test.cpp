// Scenario: XOAUTH2 with a bearer token from oauth2_token_command delivers
// (the provider logs sasl_method=XOAUTH2), a refused token is an AUTH failure
// with the server's JSON reason, and no token appears in any output.
#include "scenario.hpp"

using namespace inboxprobe;

TEST_CASE("XOAUTH2 with a token command delivers, a bad token fails, tokens never leak", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  const std::string token_file = lab["LAB_OAUTH2_TOKEN_FILE_ALICE_SENDER_TEST"];
  const std::string token = test::slurp(token_file);
  REQUIRE(token.size() > 100);
  const std::string bad_token = "eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFsaWNlIn0.e2e-not-signed";
  test::write_file(dir.path() / "bad.token", bad_token);
  const std::string submission_url = "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"];
  const std::string config =
    lab.campaign("e2e-xoauth2", dir.path().string(), "8s")
    + test::route_at(lab,
                     "oauth",
                     submission_url,
                     "auth = \"xoauth2\"\noauth2_token_command = \"cat '" + token_file + "'\"")
    + test::route_at(
      lab, "bad-token", submission_url, "token_file = \"" + dir.path().string() + "/bad.token\"")
    + lab.seed("seed4@inbox.test") + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config, "--keep-transcripts");
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  REQUIRE(run.probes.size() == 2);
  const test::ProbeRecord& good =
    run.probes[0].probe.route == "oauth" ? run.probes[0] : run.probes[1];
  const test::ProbeRecord& bad =
    run.probes[0].probe.route == "oauth" ? run.probes[1] : run.probes[0];

  const Submission& g = good.submission.value();
  CHECK(g.outcome == SubmitOutcome::accepted);
  CHECK(good.result->placement == Placement::inbox);
  CHECK(g.transcript.find("C: AUTH XOAUTH2\n") != std::string::npos);
  CHECK(g.transcript.find("C: <redacted>\n") != std::string::npos);
  const auto logged = test::wait_for_log(
    pfa_log, {g.queue_id + ": client=", "sasl_method=XOAUTH2, sasl_username=alice@sender.test"});
  CHECK(logged.size() == 1);

  const Submission& b = bad.submission.value();
  CHECK(b.outcome == SubmitOutcome::failed);
  CHECK(b.step == SmtpStep::auth);
  CHECK(b.error.find("refused the bearer token") != std::string::npos);
  CHECK(b.error.find("\"status\":\"401\"") != std::string::npos);
  CHECK(bad.result->placement == Placement::rejected);

  const auto dump = test::run_command("sqlite3 " + run.db_path + " .dump");
  std::vector<std::pair<std::string, std::string>> outputs = {{"command output", run.command.out},
                                                              {"database dump", dump.out}};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file() && entry.path().filename() != "bad.token") {
      outputs.emplace_back(entry.path().string(), test::slurp(entry.path()));
    }
  }
  for (const auto& [where, text] : outputs) {
    CAPTURE(where);
    for (const std::string& secret : {token, bad_token}) {
      // The JWT's signature part, and the base64 of the whole SASL response.
      CHECK(text.find(secret.substr(secret.rfind('.') + 1)) == std::string::npos);
      for (const std::string& form : test::secret_forms("alice@sender.test", secret)) {
        CHECK(text.find(form) == std::string::npos);
      }
    }
  }
}
