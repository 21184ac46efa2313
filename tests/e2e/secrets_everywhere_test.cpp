// Scenario: every route and seed has its own secret: the lab's passwords
// (AUTH PLAIN, AUTH LOGIN, IMAP LOGIN) and OAuth token (XOAUTH2), and freshly
// made wrong ones that the servers refuse (so that they show up in error
// paths too; a wrong IMAP password has its own scenario). A full run with --keep-transcripts, the
// metrics textfile, `runs`, `report` and `check` then write everything they write; no output holds
// any secret in any form: as is, base64 at every alignment (AUTH LOGIN), the AUTH PLAIN response
// ("\0user\0secret") or the XOAUTH2 one
// ("user=...\1auth=Bearer ...\1\1").
#include "receiver_lab.hpp"
#include "scenario.hpp"

#include <random>

using namespace inboxprobe;

namespace {

struct Credential
{
  std::string user;
  std::string value;
};

// A secret no server or file has ever seen: "<kind>-" and 24 random hex digits.
std::string
fresh_secret(const std::string& kind)
{
  std::random_device random;
  std::string out = kind + "-";
  for (int i = 0; i < 24; ++i) {
    out += "0123456789abcdef"[random() % 16];
  }
  return out;
}

// Every form of `s` that would leak it.
std::vector<std::string>
leak_forms(const Credential& s)
{
  std::vector<std::string> forms = test::secret_forms(s.user, s.value);
  forms.push_back(test::base64("user=" + s.user + "\1auth=Bearer " + s.value + "\1\1"));
  // A JWT's signature alone.
  if (const std::size_t dot = s.value.rfind('.'); dot != std::string::npos) {
    forms.push_back(s.value.substr(dot + 1));
  }
  return forms;
}

} // namespace

TEST_CASE("no secret of any route or seed appears in any output, in any encoding", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string submission_a = "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"];
  const std::string submission_b = "smtp://127.0.0.1:" + lab["LAB_PFB_SUBMISSION_PORT"];
  const std::string token_file = lab["LAB_OAUTH2_TOKEN_FILE_ALICE_SENDER_TEST"];
  const std::vector<Credential> secrets = {
    {"alice@sender.test", lab.password("alice@sender.test")},
    {"bob@other.test", lab.password("bob@other.test")},
    {"alice@sender.test", test::slurp(token_file)},
    {"seed1@inbox.test", lab.password("seed1@inbox.test")},
    {"alice@sender.test", fresh_secret("wrong-plain")},
    {"bob@other.test", fresh_secret("wrong-login")},
    {"alice@sender.test", "eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImFsaWNlIn0." + fresh_secret("sig")},
    {"seed3@inbox.test", fresh_secret("wrong-imap-token")},
  };
  for (const Credential& s : secrets) {
    REQUIRE(s.value.size() >= 12);
  }
  const std::vector<std::string> secret_files = {
    "wrong-plain", "wrong-login", "wrong-token", "wrong-imap-token"};
  for (std::size_t i = 0; i < secret_files.size(); ++i) {
    test::write_file(dir.path() / secret_files[i], secrets[4 + i].value + "\n");
  }
  std::string seed3 = test::lab_seed(lab, "seed3@inbox.test");
  const std::string seed3_file =
    "password_file = \"" + lab["LAB_SECRETS_DIR"] + "/seed3@inbox.test\"";
  seed3.replace(
    seed3.find(seed3_file), seed3_file.size(), "token_file = \"" + d + "/wrong-imap-token\"");
  const std::string config =
    lab.campaign("e2e-secrets", d, "3s") + "[metrics]\ntextfile = \"" + d
    + "/metrics/inboxprobe.prom\"\n\n"
    + test::route_at(lab, "plain", submission_a, "auth = \"plain\"") + lab.route("login", 'b')
    + "auth = \"login\"\n\n"
    + test::route_at(lab, "oauth", submission_a, "token_file = \"" + token_file + "\"")
    + test::route_at(lab, "wrong-plain", submission_a, "auth = \"plain\"")
    + lab.route("wrong-login", 'b', d + "/wrong-login") + "auth = \"login\"\n\n"
    + test::route_at(lab, "wrong-oauth", submission_a, "token_file = \"" + d + "/wrong-token\"")
    + test::lab_seed(lab, "seed1@inbox.test", "lab", "cleanup = \"expunge\"\n") + seed3
    + test::k_plain_content;
  // route_at gives every password route alice's file: wrong-plain gets its own.
  std::string text = config;
  const std::string wrong_plain = "name = \"wrong-plain\"";
  const std::string alice_file = lab["LAB_SECRETS_DIR"] + "/alice@sender.test";
  text.replace(
    text.find(alice_file, text.find(wrong_plain)), alice_file.size(), d + "/wrong-plain");
  test::write_file(dir.path() / "campaign.toml", text);
  const std::string binary = INBOXPROBE_BINARY;
  const std::string config_arg = " --config " + d + "/campaign.toml";

  const test::ScenarioRun run = test::run_scenario(dir, text, "--keep-transcripts");
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  // Every secret was used: the good ones authenticated, the wrong ones were refused.
  std::map<std::string, std::vector<const test::ProbeRecord*>> by_route;
  for (const test::ProbeRecord& r : run.probes) {
    by_route[r.probe.route].push_back(&r);
  }
  REQUIRE(by_route.size() == 6);
  for (const std::string route : {"plain", "login", "oauth"}) {
    CAPTURE(route);
    CHECK(by_route[route].front()->submission->outcome == SubmitOutcome::accepted);
  }
  for (const std::string route : {"wrong-plain", "wrong-login", "wrong-oauth"}) {
    CAPTURE(route);
    CHECK(by_route[route].front()->submission->step == SmtpStep::auth);
  }
  CHECK(run.of("seed1@inbox.test").sighting.has_value());

  std::vector<std::pair<std::string, std::string>> outputs = {
    {"run output", run.command.out},
    {"database dump", test::run_command("sqlite3 " + run.db_path + " .dump").out},
    {"runs", test::run_command(binary + " runs" + config_arg).out},
    {"report", test::run_command(binary + " report" + config_arg + " --run " + run.run_id).out},
    // AUTH PLAIN, LOGIN and XOAUTH2, and a refused LOGIN (Postfix slows each
    // refusal down: one is enough).
    {"check",
     test::run_command(binary + " check" + config_arg
                       + " --route plain --route login --route oauth --route wrong-login")
       .out},
  };
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    const std::string name = entry.path().filename().string();
    if (entry.is_regular_file()
        && std::find(secret_files.begin(), secret_files.end(), name) == secret_files.end()) {
      outputs.emplace_back(entry.path().string(), test::slurp(entry.path()));
    }
  }
  std::size_t scanned = 0;
  for (const auto& [where, output] : outputs) {
    CAPTURE(where);
    scanned += output.size();
    for (const Credential& s : secrets) {
      for (const std::string& form : leak_forms(s)) {
        CAPTURE(s.user, form);
        CHECK(output.find(form) == std::string::npos);
      }
    }
  }
  // The outputs are real: the transcripts, the reports and the metrics are there.
  CHECK(std::filesystem::exists(dir.path() / "metrics" / "inboxprobe.prom"));
  CHECK(std::filesystem::exists(dir.path() / "out" / run.run_id / "report.html"));
  CHECK(outputs[1].second.find("AUTH LOGIN") != std::string::npos);
  CHECK(outputs[1].second.find("AUTH XOAUTH2") != std::string::npos);
  CHECK(scanned > 100'000);
}
