// Scenario: a throwaway Postfix configured as an open relay on purpose is
// flagged critical by the opt-in relay probe, which stops at DATA: the server
// logs a lost connection with 0 bytes and nothing is queued. A message that
// is queued there (its relayhost is a closed port) shows in the queue length.
#include "monitor_support.hpp"

#include <catch2/catch.hpp>

using namespace inboxprobe;

TEST_CASE("an open relay is flagged critical by the relay probe, which never delivers", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  test::ThrowawayPostfix postfix(lab, dir.path() / "pf");
  postfix.start();
  const std::string config = lab.campaign("e2e-open-relay", d, "5s")
                             + postfix.route(lab, "open-relay") + lab.seed("seed1@inbox.test")
                             + "[[content]]\nname = \"n\"\nsubject = \"s\"\ntext = \"t\"\n\n"
                             + "[thresholds]\nmax_queue_messages = { warning = 0 }\n";
  test::write_file(dir.path() / "campaign.toml", config);
  const std::string check =
    std::string(INBOXPROBE_BINARY) + " check --config " + d + "/campaign.toml";

  const auto nagios = test::run_command(check + " --open-relay-probe --nagios");
  INFO(nagios.out);
  CHECK(nagios.exit_code == 2);
  CHECK(nagios.out.rfind("INBOXPROBE CHECK CRITICAL - open-relay: an unauthenticated client may "
                         "relay to inboxprobe-relay-probe@example.com: an open relay",
                         0)
        == 0);

  const auto human = test::run_command(check + " --open-relay-probe --no-alerts");
  INFO(human.out);
  CHECK(human.exit_code == 2);
  CHECK(human.out.find("  open-relay probe to inboxprobe-relay-probe@example.com: OPEN (rcpt 250")
        != std::string::npos);
  CHECK(human.out.find("  CRITICAL smtp.open_relay: ") != std::string::npos);
  CHECK(human.out.find("  postfix queue " + postfix.config_dir() + ": 0 messages\n")
        != std::string::npos);
  const std::string log = test::slurp(dir.path() / "pf" / "postfix.log");
  CHECK(log.find("lost connection after DATA (0 bytes)") != std::string::npos);
  CHECK(log.find("queued as") == std::string::npos);

  // A real message to the outside stays deferred: its only next hop is closed.
  test::write_file(dir.path() / "m.eml", "Subject: queued\r\n\r\nbody\r\n");
  const auto sent = test::run_command(
    "curl -s --max-time 10 smtp://127.0.0.1:" + std::to_string(postfix.port())
    + "/client.lab.test --mail-from monitor@throwaway.test --mail-rcpt someone@example.com -T " + d
    + "/m.eml");
  INFO(sent.out);
  REQUIRE(sent.exit_code == 0);
  const auto queued = test::run_command(check);
  INFO(queued.out);
  CHECK(queued.exit_code == 1);
  CHECK(queued.out.find(": 1 messages\n") != std::string::npos);
  CHECK(queued.out.find("  WARNING postfix.queue_length: open-relay: the Postfix queue is 1 "
                        "messages, above the warning limit of 0 messages")
        != std::string::npos);
}
