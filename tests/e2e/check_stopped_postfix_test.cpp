// Scenario: a throwaway Postfix that was healthy is stopped; `check` then
// says critical, exits 2 and names the reason.
#include "monitor_support.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("a stopped Postfix makes check critical with exit code 2 and a clear reason", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  test::ThrowawayPostfix postfix(lab, dir.path() / "pf");
  postfix.start();
  const std::string config = lab.campaign("e2e-stopped", d, "5s") + postfix.route(lab, "relay")
                             + lab.seed("seed1@inbox.test")
                             + "[[content]]\nname = \"n\"\nsubject = \"s\"\ntext = \"t\"\n";
  test::write_file(dir.path() / "campaign.toml", config);
  const std::string check =
    std::string(INBOXPROBE_BINARY) + " check --config " + d + "/campaign.toml --nagios";

  const auto running = test::run_command(check);
  INFO(running.out);
  CHECK(running.exit_code == 0);
  CHECK(running.out.rfind("INBOXPROBE CHECK OK - 1 routes healthy |", 0) == 0);

  postfix.stop();
  const auto stopped = test::run_command(check);
  INFO(stopped.out);
  CHECK(stopped.exit_code == 2);
  CHECK(stopped.out.rfind("INBOXPROBE CHECK CRITICAL - relay: Couldn't connect to server: Failed "
                          "to connect to 127.0.0.1 port "
                            + std::to_string(postfix.port()),
                          0)
        == 0);
  // postqueue reads a stopped instance's queue directly: still 0 messages.
  CHECK(stopped.out.find(" relay_queue=0;;;0") != std::string::npos);
}
