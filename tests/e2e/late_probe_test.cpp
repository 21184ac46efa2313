// Scenario: a probe the provider holds until after the run's deadline is
// missing in the run; released and delivered, the next `collect` reports it
// late, and the history keeps the missing verdict.
#include "receiver_lab.hpp"

using namespace inboxprobe;

TEST_CASE("a probe delivered after its deadline is missing, then late at the next collect", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string config = lab.campaign("e2e-late", d, "3s") + lab.route("provider-a", 'a')
                             + test::lab_seed(lab, "seed3@inbox.test")
                             + test::content("held", "Held back.\n", "\"X-Lab-Hold\" = \"yes\"");
  test::write_file(dir.path() / "campaign.toml", config);
  const std::string binary = INBOXPROBE_BINARY;
  const auto run = test::run_command(binary + " run --config " + d + "/campaign.toml");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("1 probes: 0 inbox, 0 spam, 0 other, 1 missing") != std::string::npos);
  const std::string token =
    test::load_run(d + "/history.db").by_key.at("seed3@inbox.test held").probe.token;

  // The provider releases it once the deadline's second is over (INTERNALDATE
  // has 1 s resolution: an arrival within that second is not "after"); wait
  // until Dovecot has it.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  test::release_held_mail(lab);
  REQUIRE(test::wait_for_token(lab, "seed3@inbox.test", "INBOX", token, 20));

  const auto collect = test::run_command(binary + " collect --config " + d + "/campaign.toml");
  INFO(collect.out);
  REQUIRE(collect.exit_code == 0);
  CHECK(collect.out.find("collecting 1 run(s)") != std::string::npos);
  CHECK(collect.out.find("1 probes: 0 inbox, 0 spam, 0 other, 0 missing, 0 rejected, 1 late")
        != std::string::npos);
  const auto outcome = test::load_run(d + "/history.db");
  const test::ProbeOutcome& held = outcome.by_key.at("seed3@inbox.test held");
  CHECK(held.result.placement == Placement::late);
  CHECK(held.result.folder == "INBOX");
  REQUIRE(held.result.latency_ms.has_value());
  CHECK(*held.result.latency_ms >= 3000);
  const Finding* late = test::find_finding(held.result, "placement.late");
  REQUIRE(late != nullptr);
  CHECK(late->evidence.find("earlier verdict: missing") != std::string::npos);
  // The run's own verdict stays in the history.
  REQUIRE(outcome.earlier.size() == 1);
  CHECK(outcome.earlier[0].probe_id == held.probe.id);
  CHECK(outcome.earlier[0].placement == Placement::missing);
  // Nothing is pending any more: a further collect has nothing to do.
  const auto again = test::run_command(binary + " collect --config " + d + "/campaign.toml");
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("no run has pending probes") != std::string::npos);
}
