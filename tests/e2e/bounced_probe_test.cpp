// Scenario: the MX rejects a probe (X-Lab-Reject) after the provider took it;
// the provider's DSN reaches the route's bounce mailbox (alice's INBOX) and the
// probe is bounced with the RFC 3464 status 5.7.1 and its diagnostic.
#include "receiver_lab.hpp"

using namespace inboxprobe;

TEST_CASE("a probe the MX rejects after acceptance is bounced with status 5.7.1", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  std::string route = lab.route("provider-a", 'a');
  route.insert(route.size() - 1, test::lab_bounce_mailbox(lab, "alice@sender.test"));
  const std::string config = lab.campaign("e2e-bounce", d, "10s") + route
                             + test::lab_seed(lab, "seed4@inbox.test")
                             + test::content("rejected", "No.\n", "\"X-Lab-Reject\" = \"yes\"")
                             + test::content("plain", "Yes.\n");
  test::write_file(dir.path() / "campaign.toml", config);
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("2 probes: 1 inbox, 0 spam, 0 other, 0 missing, 0 rejected, 1 bounced")
        != std::string::npos);
  const auto outcome = test::load_run(d + "/history.db");
  const test::ProbeOutcome& o = outcome.by_key.at("seed4@inbox.test rejected");
  CHECK(o.submission.outcome == SubmitOutcome::accepted); // the provider took it
  CHECK(o.result.placement == Placement::bounced);
  REQUIRE(o.result.bounce.has_value());
  CHECK(o.result.bounce->action == "failed");
  CHECK(o.result.bounce->status == "5.7.1");
  CHECK(o.result.bounce->diagnostic == "554 5.7.1 Rejected by the lab trigger X-Lab-Reject");
  CHECK(o.result.bounce->reporting_mta == "smtp.sender.test");
  REQUIRE(o.sightings.size() == 1);
  CHECK(o.sightings[0].role == FolderRole::bounce);
  CHECK(o.sightings[0].matched_by == "body");
  CHECK(test::find_finding(o.result, "delivery.bounced") != nullptr);
  // The DSN stays unread in the bounce mailbox.
  const std::string flags = test::flags_of(lab, "alice@sender.test", "INBOX", o.sightings[0].uid);
  CHECK(flags.find("FETCH") != std::string::npos);
  CHECK(flags.find("\\Seen") == std::string::npos);
}
