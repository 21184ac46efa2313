// Scenario: a seed that receives every message twice (the MX delivers it to
// the address and to its +copy): the probe is reported once, as duplicate,
// with both copies kept.
#include "receiver_lab.hpp"

using namespace inboxprobe;

TEST_CASE("a probe delivered twice is reported once, as duplicate", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  // void@ keeps the collection going until its 4 s deadline, so dup@ gets the
  // poll after the one that found its probe even if the second copy was saved
  // only just after that one.
  const std::string config = lab.campaign("e2e-duplicate", d, "4s") + lab.route("provider-a", 'a')
                             + test::lab_seed(lab, "dup@inbox.test")
                             + test::lab_seed(lab, "void@inbox.test")
                             + test::content("plain", "Twice.\n");
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("2 probes: 0 inbox, 0 spam, 0 other, 1 missing, 0 rejected, 1 duplicate")
        != std::string::npos);
  const auto outcome = test::load_run(d + "/history.db");
  REQUIRE(outcome.by_key.size() == 2);
  const test::ProbeOutcome& o = outcome.by_key.at("dup@inbox.test plain");
  CHECK(o.result.placement == Placement::duplicate);
  CHECK(o.result.folder == "INBOX");
  REQUIRE(o.sightings.size() == 2);
  CHECK(o.sightings[0].uid != o.sightings[1].uid);
  const Finding* dup = test::find_finding(o.result, "placement.duplicate");
  REQUIRE(dup != nullptr);
  CHECK(dup->message == "the probe was delivered 2 times (reported once)");
}
