// Scenario: the history commands after a real lab run: `runs` lists it with its
// inbox rate, `reanalyze` re-runs the analysis from the stored bytes with the
// same outcome, `report --run` rebuilds report.html, report.json and
// probes.csv with the Received hops of the lab's relay, and `report --since`
// writes the trend report.
#include "lab.hpp"

#include <core/store/store.hpp>

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("a lab run can be listed, re-analysed and reported from the history", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string config = lab.campaign("e2e-history", d, "8s") + lab.route("provider-a", 'a')
                             + lab.seed("seed1@inbox.test")
                             + "[[content]]\nname = \"n\"\nsubject = \"s\"\ntext = \"t\"\n";
  test::write_file(dir.path() / "campaign.toml", config);
  const std::string bin = std::string(INBOXPROBE_BINARY);
  const std::string with_config = " --config " + d + "/campaign.toml";

  const auto run = test::run_command(bin + " run" + with_config);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("1 probes: 1 inbox, 0 spam, 0 other, 0 missing, 0 rejected")
        != std::string::npos);
  std::string id;
  {
    auto store = Store::open(d + "/history.db");
    REQUIRE(store);
    id = store->list_runs()->front().id;
  }

  const auto runs = test::run_command(bin + " runs" + with_config);
  INFO(runs.out);
  CHECK(runs.exit_code == 0);
  CHECK(runs.out.find(id) != std::string::npos);
  CHECK(runs.out.find("100.0 % done") != std::string::npos);

  const auto again = test::run_command(bin + " reanalyze" + with_config + " --run " + id);
  INFO(again.out);
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("1 probes: 1 inbox, 0 spam, 0 other, 0 missing, 0 rejected")
        != std::string::npos);

  const std::string html = test::slurp(dir.path() / "out" / id / "report.html");
  // The lab's relay hands over with TLS (RFC 3848 ESMTPS) and LMTP to Dovecot.
  CHECK(html.find("<ol class=\"hops\">") != std::string::npos);
  CHECK(html.find("ESMTPSA (TLS)") != std::string::npos);
  const std::string csv = test::slurp(dir.path() / "out" / id / "probes.csv");
  CHECK(csv.find(",provider-a,seed1@inbox.test,lab,n,inbox,INBOX,yes,accepted,250,")
        != std::string::npos);

  const auto trend = test::run_command(bin + " report" + with_config + " --since 30d");
  INFO(trend.out);
  CHECK(trend.exit_code == 0);
  const std::string trend_html = test::slurp(dir.path() / "out" / "trend" / "trend.html");
  CHECK(trend_html.find("1 runs, 1 probes: inbox 1") != std::string::npos);
  CHECK(trend_html.find(id) != std::string::npos);
}
