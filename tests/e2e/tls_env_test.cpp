// Scenario: an environment set up to switch TLS verification off (the
// variables other tools honour, INBOXPROBE_* guesses, a CA bundle pointing at
// the lab's CA, an OpenSSL configuration asking for no verification, a
// .curlrc with "insecure") changes nothing: a certificate for another host is
// refused for SMTP and IMAP, a route without ca_file still trusts only the
// system store, and a correctly configured route still delivers. Verification
// is switched off per route in the configuration only (insecure_skip_verify).
#include "fault_lab.hpp"

#include <cstdlib>

using namespace inboxprobe;

namespace {

// Set the variables for this object's life.
class Environment
{
public:
  explicit Environment(std::vector<std::pair<std::string, std::string>> vars)
    : m_vars(std::move(vars))
  {
    for (const auto& [name, value] : m_vars) {
      setenv(name.c_str(), value.c_str(), 1);
    }
  }
  ~Environment()
  {
    for (const auto& [name, value] : m_vars) {
      unsetenv(name.c_str());
    }
  }
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

private:
  std::vector<std::pair<std::string, std::string>> m_vars;
};

} // namespace

TEST_CASE("no environment variable turns TLS verification off", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  test::write_file(dir.path() / ".curlrc", "insecure\n", 0644);
  test::write_file(dir.path() / "openssl.cnf",
                   "openssl_conf = conf\n[conf]\nssl_conf = ssl\n[ssl]\nsystem_default = sys\n"
                   "[sys]\nVerifyMode = None\nCipherString = DEFAULT@SECLEVEL=0\n",
                   0644);
  const Environment env({
    {"CURL_CA_BUNDLE", lab["LAB_CA_FILE"]},
    {"CURL_HOME", d},
    {"OPENSSL_CONF", d + "/openssl.cnf"},
    {"GIT_SSL_NO_VERIFY", "1"},
    {"NODE_TLS_REJECT_UNAUTHORIZED", "0"},
    {"PYTHONHTTPSVERIFY", "0"},
    {"INBOXPROBE_INSECURE", "1"},
    {"INBOXPROBE_INSECURE_SKIP_VERIFY", "true"},
    {"INBOXPROBE_TLS_VERIFY", "0"},
    {"INBOXPROBE_SSL_VERIFY", "0"},
    {"INBOXPROBE_CA_FILE", lab["LAB_CA_FILE"]},
  });
  // Postfix and Dovecot listen on 127.0.0.1: a plain proxy on 127.0.0.2 puts
  // them under a name their certificate does not cover.
  test::FaultProxy smtp_proxy(std::stoi(lab["LAB_PFA_SUBMISSION_PORT"]), {}, "127.0.0.2");
  test::FaultProxy imap_proxy(std::stoi(lab["LAB_IMAP_PORT"]), {}, "127.0.0.2");
  const std::string direct = "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"];
  std::string system_store = test::route_at(lab, "system-store", direct, "timeout = \"3s\"");
  const std::string ca_line = "ca_file = \"" + lab["LAB_CA_FILE"] + "\"\n";
  system_store.erase(system_store.find(ca_line), ca_line.size());
  const std::string config =
    test::short_campaign(lab, "e2e-tls-env", d, "3s") + lab.route("direct", 'a')
    + test::route_at(lab,
                     "wrong-host",
                     "smtp://127.0.0.2:" + std::to_string(smtp_proxy.port()),
                     "timeout = \"3s\"")
    + system_store + test::lab_seed(lab, "seed1@inbox.test", "lab", "cleanup = \"expunge\"\n")
    + test::seed_via(lab, "seed2@inbox.test", "127.0.0.2", imap_proxy.port())
    + test::k_plain_content;
  test::write_file(dir.path() / "campaign.toml", config);
  const test::TimedRun run = test::run_timed("run --config " + d + "/campaign.toml");
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);

  // One probe per route to each seed: both seeds' submissions are alike.
  const auto by_route = test::probes_by_route(d + "/history.db");
  REQUIRE(by_route.size() == 3);
  CHECK(by_route.at("direct").submission.outcome == SubmitOutcome::accepted);
  const Submission& wrong_host = by_route.at("wrong-host").submission;
  CAPTURE(wrong_host.error);
  CHECK(wrong_host.outcome == SubmitOutcome::failed);
  CHECK(wrong_host.step == SmtpStep::starttls);
  CHECK(wrong_host.error.find("no alternative certificate subject name matches target host name "
                              "'127.0.0.2'")
        != std::string::npos);
  const Submission& system = by_route.at("system-store").submission;
  CAPTURE(system.error);
  CHECK(system.outcome == SubmitOutcome::failed);
  CHECK(system.step == SmtpStep::starttls);
  CHECK(system.error.find("certificate") != std::string::npos);
  // Not a byte of the credentials went to either server.
  CHECK(test::client_bytes(smtp_proxy).find("AUTH") == std::string::npos);

  // The seed behind the wrong name is unreachable, with the reason.
  auto store = Store::open(d + "/history.db");
  REQUIRE(store);
  const auto runs = store->list_runs();
  REQUIRE((runs && runs->size() == 1));
  const auto probes = store->load_probes(runs->front().id);
  const auto results = store->load_results(runs->front().id);
  REQUIRE((probes && results));
  std::int64_t behind_id = 0;
  for (const Probe& p : *probes) {
    behind_id = p.route == "direct" && p.seed == "seed2@inbox.test" ? p.id : behind_id;
  }
  ProbeResult behind;
  for (const ProbeResult& r : *results) {
    behind = r.probe_id == behind_id ? r : behind;
  }
  REQUIRE(behind.probe_id != 0);
  CHECK(behind.placement == Placement::pending);
  const Finding* unreachable = test::find_finding(behind, "imap.seed_unreachable");
  REQUIRE(unreachable != nullptr);
  CHECK(unreachable->evidence.find("no alternative certificate subject name matches")
        != std::string::npos);
  CHECK(test::client_bytes(imap_proxy).find("LOGIN") == std::string::npos);
  CHECK(test::client_bytes(imap_proxy).find("AUTHENTICATE") == std::string::npos);

  const test::CommandResult check =
    test::run_command(std::string(INBOXPROBE_BINARY) + " check --config " + d
                      + "/campaign.toml --route wrong-host --no-alerts");
  INFO(check.out);
  CHECK(check.exit_code == 2);
  CHECK(check.out.find("no alternative certificate subject name matches") != std::string::npos);
}
