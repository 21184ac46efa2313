// Scenario: Dovecot is stopped and started again while a run is polling. The
// polls during the outage fail, the collection carries on, and the probe that
// arrives after the restart is found.
#include "receiver_lab.hpp"

#include <csignal>
#include <cstdio>
#include <fstream>
#include <regex>

using namespace inboxprobe;

namespace {

bool
process_alive(int pid)
{
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  // A zombie (state Z) has exited.
  return std::getline(stat, line) && line.find(") Z ") == std::string::npos;
}

void
restart_dovecot(const test::Lab& lab)
{
  int pid = 0;
  std::ifstream(lab["LAB_DIR"] + "/run/dovecot/master.pid") >> pid;
  REQUIRE(pid > 0);
  REQUIRE(kill(pid, SIGTERM) == 0);
  for (int i = 0; i < 100 && process_alive(pid); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  REQUIRE_FALSE(process_alive(pid));
  // Down long enough for at least one poll (1 s interval) to fail.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  // Its output away from our pipe: the daemon keeps the descriptors it inherits.
  REQUIRE(test::run_command("dovecot -c " + lab["LAB_DIR"]
                            + "/dovecot/dovecot.conf </dev/null >/dev/null 2>/dev/null")
            .exit_code
          == 0);
  for (int i = 0; i < 50; ++i) {
    if (test::imap_as(lab, "seed3@inbox.test", "", "NOOP").find("curl:") == std::string::npos
        && test::run_command("ss -Hlnt | grep -q ':" + lab["LAB_IMAP_PORT"] + " '").exit_code
             == 0) {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  FAIL("Dovecot did not come back");
}

} // namespace

TEST_CASE("a Dovecot restart in the middle of polling does not end the collection", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::string config = lab.campaign("e2e-restart", d, "20s") + lab.route("provider-a", 'a')
                             + test::lab_seed(lab, "seed3@inbox.test")
                             + test::content("plain", "Before.\n")
                             + test::content("held", "After.\n", "\"X-Lab-Hold\" = \"yes\"");
  test::write_file(dir.path() / "campaign.toml", config);
  FILE* child = popen(
    (std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml 2>&1").c_str(), "r");
  REQUIRE(child != nullptr);
  std::string out;
  char line[4096];
  bool restarted = false;
  while (fgets(line, sizeof line, child)) {
    out += line;
    if (!restarted && out.find("found 1/2") != std::string::npos) {
      restarted = true;
      restart_dovecot(lab);
      test::release_held_mail(lab);
    }
  }
  const int status = pclose(child);
  INFO(out);
  REQUIRE(restarted);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(out.find("2 probes: 2 inbox, 0 spam, 0 other, 0 missing") != std::string::npos);
  std::smatch m;
  REQUIRE(std::regex_search(out,
                            m,
                            std::regex("seed seed3@inbox.test: polls=(\\d+) "
                                       "failed_polls=(\\d+)")));
  CAPTURE(m[0].str());
  CHECK(std::stoi(m[2]) >= 1);
  const auto outcome = test::load_run(d + "/history.db");
  CHECK(outcome.by_key.at("seed3@inbox.test held").result.placement == Placement::inbox);
}
