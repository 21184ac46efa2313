// Scenario: a seed whose INBOX holds 10,000 month-old messages: the probe is
// found in the first poll without reading the old mail (SEARCH SINCE bounds
// the first read), in a handful of round trips.
#include "receiver_lab.hpp"

#include <regex>

using namespace inboxprobe;

TEST_CASE("a mailbox with 10,000 old messages is read without reading them", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string config = lab.campaign("e2e-old-mail", d, "10s") + lab.route("provider-a", 'a')
                             + test::lab_seed(lab, "bulk@inbox.test")
                             + test::content("plain", "Among many.\n");
  test::write_file(dir.path() / "campaign.toml", config);
  const auto started = std::chrono::steady_clock::now();
  const auto run =
    test::run_command(std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml");
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  CHECK(run.out.find("1 probes: 1 inbox") != std::string::npos);
  CHECK(seconds.count() < 8.0);
  std::smatch m;
  REQUIRE(std::regex_search(
    run.out,
    m,
    std::regex("seed bulk@inbox.test: polls=(\\d+) failed_polls=0 round_trips=(\\d+) "
               "messages_read=(\\d+)")));
  CAPTURE(m[0].str());
  const int polls = std::stoi(m[1]), round_trips = std::stoi(m[2]), read = std::stoi(m[3]);
  CHECK(read < 20); // today's mail only, never the 10,000
  // Login (4) + LIST-STATUS + per read folder SELECT, SEARCH, FETCH, FETCH,
  // NOOP; Junk is empty: counted per poll, generously.
  CHECK(round_trips <= polls * 15);
  const std::string count = test::imap_as(lab, "bulk@inbox.test", "", "STATUS INBOX (MESSAGES)");
  CHECK(count.find("MESSAGES 100") != std::string::npos); // 10,0xx: the old mail is there
}
