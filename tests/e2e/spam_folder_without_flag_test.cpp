// Scenario: two seeds whose spam folder carries no \Junk flag: "Junk Email"
// found through the outlook provider preset, and the localized "Спам" found
// through the seed's junk_folder override. Spam lands there, other mail in
// INBOX.
#include "receiver_lab.hpp"

using namespace inboxprobe;

TEST_CASE("spam is placed by preset and by override where no folder is flagged as junk", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string config =
    lab.campaign("e2e-junk-names", d, "8s") + lab.route("provider-a", 'a')
    + test::lab_seed(lab, "junkname@inbox.test", "outlook")
    + test::lab_seed(lab, "junkru@inbox.test", "lab", "junk_folder = \"Спам\"\n")
    + test::content("plain", "Hello there.\n")
    + test::content("spammy", "You won.\n", "\"X-Lab-Spam\" = \"yes\"");
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("4 probes: 2 inbox, 2 spam, 0 other, 0 missing") != std::string::npos);
  CHECK(run.out.find("seed junkname@inbox.test: polls=") != std::string::npos);
  CHECK(run.out.find("junk=\"Junk Email\" (name)") != std::string::npos);
  CHECK(run.out.find("junk=\"Спам\" (name)") != std::string::npos);

  auto outcome = test::load_run(d + "/history.db");
  struct Case
  {
    const char* key;
    Placement placement;
    const char* folder;
  };
  const Case cases[] = {
    {"junkname@inbox.test spammy", Placement::spam, "Junk Email"},
    {"junkname@inbox.test plain", Placement::inbox, "INBOX"},
    {"junkru@inbox.test spammy", Placement::spam, "Спам"},
    {"junkru@inbox.test plain", Placement::inbox, "INBOX"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.key);
    const test::ProbeOutcome& o = outcome.by_key.at(c.key);
    CHECK(o.result.placement == c.placement);
    CHECK(o.result.folder == c.folder);
    REQUIRE(o.sightings.size() == 1);
    CHECK(o.sightings[0].role
          == (c.placement == Placement::spam ? FolderRole::junk : FolderRole::inbox));
  }
}
