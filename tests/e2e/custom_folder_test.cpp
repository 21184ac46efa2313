// Scenario: a seed whose Sieve files every message into a custom folder: the
// probe is "other" with the folder's name; spam still goes to \Junk.
#include "receiver_lab.hpp"

using namespace inboxprobe;

TEST_CASE("a probe filed into a custom folder is other, with the folder named", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string config =
    lab.campaign("e2e-custom-folder", d, "8s") + lab.route("provider-a", 'a')
    + test::lab_seed(lab, "receipts@inbox.test") + test::content("plain", "Your receipt.\n")
    + test::content("spammy", "You won.\n", "\"X-Lab-Spam\" = \"yes\"");
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("2 probes: 0 inbox, 1 spam, 1 other, 0 missing") != std::string::npos);
  const auto outcome = test::load_run(d + "/history.db");
  const test::ProbeOutcome& plain = outcome.by_key.at("receipts@inbox.test plain");
  CHECK(plain.result.placement == Placement::other);
  CHECK(plain.result.folder == "Receipts");
  REQUIRE(plain.sightings.size() == 1);
  CHECK(plain.sightings[0].role == FolderRole::other);
  const test::ProbeOutcome& spammy = outcome.by_key.at("receipts@inbox.test spammy");
  CHECK(spammy.result.placement == Placement::spam);
  CHECK(spammy.result.folder == "Junk");
}
