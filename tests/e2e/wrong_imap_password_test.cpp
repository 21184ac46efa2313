// Scenario: one seed's IMAP password is wrong. That seed's probe stays pending
// with a clear per-seed error (never "missing"); the other seed is read as
// usual; no password appears in the output.
#include "receiver_lab.hpp"

using namespace inboxprobe;

TEST_CASE("a wrong IMAP password fails that seed only, with a clear error", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string wrong = "Wr0ng-imap-pa55word-e2e";
  test::write_file(dir.path() / "wrong.secret", wrong + "\n");
  std::string bad_seed = test::lab_seed(lab, "seed1@inbox.test");
  const std::string good_file = lab["LAB_SECRETS_DIR"] + "/seed1@inbox.test";
  bad_seed.replace(bad_seed.find(good_file), good_file.size(), d + "/wrong.secret");
  const std::string config = lab.campaign("e2e-wrong-imap", d, "3s") + lab.route("provider-a", 'a')
                             + bad_seed + test::lab_seed(lab, "seed2@inbox.test")
                             + test::content("plain", "Hello.\n");
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("2 probes: 1 inbox, 0 spam, 0 other, 0 missing, 0 rejected, 1 pending")
        != std::string::npos);
  CHECK(run.out.find("seed seed1@inbox.test: imap.login_denied: ") != std::string::npos);
  CHECK(run.out.find("seed seed2@inbox.test: imap.") == std::string::npos);
  const auto outcome = test::load_run(d + "/history.db");
  const test::ProbeOutcome& bad = outcome.by_key.at("seed1@inbox.test plain");
  CHECK(bad.result.placement == Placement::pending);
  const Finding* unreachable = test::find_finding(bad.result, "imap.seed_unreachable");
  REQUIRE(unreachable != nullptr);
  CHECK(unreachable->evidence.rfind("imap.login_denied: ", 0) == 0);
  CHECK(outcome.by_key.at("seed2@inbox.test plain").result.placement == Placement::inbox);
  for (const std::string& form : test::secret_forms("seed1@inbox.test", wrong)) {
    CHECK(run.out.find(form) == std::string::npos);
  }
}
