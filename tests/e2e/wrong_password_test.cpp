// Scenario: a route with a wrong password is rejected with the server's 535
// reply kept, and the password appears nowhere: not in the output, the history
// database or the reports.
#include "lab.hpp"

#include <core/store/store.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("a wrong SMTP password is recorded as rejected 535 and never leaks", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string wrong = "Wr0ng-pa55word-e2e-7f3k";
  test::write_file(dir.path() / "wrong.secret", wrong + "\n");
  const std::string config =
    lab.campaign("e2e-wrong-password", d, "3s") + lab.route("provider-a", 'a', d + "/wrong.secret")
    + lab.seed("seed3@inbox.test") + "[[content]]\nname = \"n\"\nsubject = \"s\"\ntext = \"t\"\n";
  test::write_file(dir.path() / "campaign.toml", config);

  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  REQUIRE(run.exit_code == 0); // a rejection is a result, not an error
  CHECK(run.out.find("1 probes: 0 inbox, 0 spam, 0 other, 0 missing, 1 rejected")
        != std::string::npos);

  auto store = Store::open(d + "/history.db");
  REQUIRE(store);
  const std::string id = store->list_runs()->front().id;
  const auto submissions = store->load_submissions(id);
  REQUIRE(submissions);
  REQUIRE(submissions->size() == 1);
  const Submission& s = submissions->front();
  CHECK(s.outcome == SubmitOutcome::rejected);
  CHECK(s.step == SmtpStep::auth);
  CHECK(s.reply.code == 535);
  CHECK(s.reply.enhanced_code == "5.7.8");
  // libcurl sends AUTH PLAIN without an initial response; the SASL line after 334 is ours.
  CHECK(s.transcript.find("C: AUTH PLAIN\n") != std::string::npos);
  CHECK(s.transcript.find("C: <redacted>\n") != std::string::npos);
  CHECK(s.transcript.find("S: 535 5.7.8") != std::string::npos);
  CHECK(store->load_results(id)->front().placement == Placement::rejected);

  // The secret in every form that could carry it must appear nowhere.
  const auto forms = test::secret_forms("alice@sender.test", wrong);
  const auto dump = test::run_command("sqlite3 " + d + "/history.db .dump");
  REQUIRE(dump.exit_code == 0);
  std::vector<std::pair<std::string, std::string>> outputs = {{"command output", run.out},
                                                              {"database dump", dump.out}};
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    if (entry.is_regular_file() && entry.path().filename() != "wrong.secret") {
      outputs.emplace_back(entry.path().string(), test::slurp(entry.path()));
    }
  }
  for (const auto& [where, text] : outputs) {
    for (const std::string& form : forms) {
      CAPTURE(where);
      CHECK(text.find(form) == std::string::npos);
    }
  }
}
