// Scenario: a seed with cleanup = "trash": after the collection the probe is
// moved to the \Trash folder (UID MOVE); its INBOX copy is gone.
#include "receiver_lab.hpp"

using namespace inboxprobe;

TEST_CASE("a seed with trash cleanup has its probe moved to Trash after collection", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string config =
    lab.campaign("e2e-cleanup", d, "8s") + lab.route("provider-a", 'a')
    + test::lab_seed(lab, "seed4@inbox.test", "lab", "cleanup = \"trash\"\n")
    + test::content("plain", "Throw me away.\n");
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("1 probes: 1 inbox") != std::string::npos);
  CHECK(run.out.find("seed seed4@inbox.test: cleanup moved 1, deleted 0, skipped 0")
        != std::string::npos);
  const auto outcome = test::load_run(d + "/history.db");
  const std::string token = outcome.by_key.at("seed4@inbox.test plain").probe.token;
  const std::string search = "UID SEARCH HEADER X-Inboxprobe-Probe " + token;
  CHECK(test::imap_as(lab, "seed4@inbox.test", "INBOX", search).find("SEARCH ")
        == std::string::npos);
  CHECK(test::imap_as(lab, "seed4@inbox.test", "Trash", search).find("SEARCH ")
        != std::string::npos);
  // The history keeps the copy it fetched before the move.
  CHECK_FALSE(outcome.by_key.at("seed4@inbox.test plain").sightings.at(0).message_bytes.empty());
}
