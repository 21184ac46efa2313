// Scenario: a seed's IMAP server accepts connections and never says a word.
// The run ends at the deadline plus at most one IMAP timeout; the probe is
// pending with an imap.timeout error, and the healthy seed is unaffected.
#include "receiver_lab.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

using namespace inboxprobe;

namespace {

// A TCP listener on 127.0.0.1 that accepts and never replies (connections are
// kept open until the listener goes away).
class SilentServer
{
public:
  SilentServer()
  {
    m_fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(m_fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
    m_port = ntohs(addr.sin_port);
    REQUIRE(listen(m_fd, 64) == 0);
    m_thread = std::thread([this] {
      while (!m_stop) {
        const int c = accept(m_fd, nullptr, nullptr);
        if (c >= 0) {
          m_clients.push_back(c);
        }
      }
    });
  }
  ~SilentServer()
  {
    m_stop = true;
    shutdown(m_fd, SHUT_RDWR);
    close(m_fd);
    m_thread.join();
    for (int c : m_clients) {
      close(c);
    }
  }
  int
  port() const
  {
    return m_port;
  }

private:
  int m_fd = -1;
  int m_port = 0;
  std::atomic<bool> m_stop{false};
  std::vector<int> m_clients;
  std::thread m_thread;
};

} // namespace

TEST_CASE("a server that never answers ends the run at the deadline plus one timeout", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  SilentServer silent;
  const std::string d = dir.path().string();
  std::string mute_seed = test::lab_seed(lab, "seed1@inbox.test");
  const std::string real_url = "imap://127.0.0.1:" + lab["LAB_IMAP_PORT"];
  mute_seed.replace(
    mute_seed.find(real_url), real_url.size(), "imap://127.0.0.1:" + std::to_string(silent.port()));
  std::string campaign = lab.campaign("e2e-silent", d, "3s");
  campaign.insert(campaign.find("db = "), "imap_timeout = \"2s\"\n");
  const std::string config = campaign + lab.route("provider-a", 'a') + mute_seed
                             + test::lab_seed(lab, "seed2@inbox.test")
                             + test::content("plain", "Hello.\n");
  test::write_file(dir.path() / "campaign.toml", config);
  // Timed from the start of collecting (sending may wait on the lab's auth
  // penalty after an earlier test's failed logins): the deadline counts from
  // there.
  FILE* child = popen(
    (std::string(INBOXPROBE_BINARY) + " run --config " + d + "/campaign.toml 2>&1").c_str(), "r");
  REQUIRE(child != nullptr);
  test::CommandResult run;
  std::optional<std::chrono::steady_clock::time_point> collecting;
  char line[4096];
  while (fgets(line, sizeof line, child)) {
    run.out += line;
    if (!collecting && run.out.find(": collecting") != std::string::npos) {
      collecting = std::chrono::steady_clock::now();
    }
  }
  const int status = pclose(child);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  INFO(run.out);
  REQUIRE(collecting.has_value());
  const double seconds =
    std::chrono::duration<double>(std::chrono::steady_clock::now() - *collecting).count();
  REQUIRE(run.exit_code == 0);
  // The 3 s deadline + one 2 s timeout, and the analysis and report.
  CHECK(seconds < 3.0 + 2.0 + 1.0);
  CHECK(seconds > 3.0);
  CHECK(run.out.find("seed seed1@inbox.test: imap.timeout: ") != std::string::npos);
  const auto outcome = test::load_run(d + "/history.db");
  const test::ProbeOutcome& mute = outcome.by_key.at("seed1@inbox.test plain");
  CHECK(mute.result.placement == Placement::pending);
  REQUIRE(test::find_finding(mute.result, "imap.seed_unreachable") != nullptr);
  CHECK(outcome.by_key.at("seed2@inbox.test plain").result.placement == Placement::inbox);
}
