// Scenario: the two route settings that weaken transport security are allowed
// only explicitly and then shown as findings in the report: tls = "none" with
// plaintext AUTH (an error) and insecure_skip_verify (a warning).
#include "scenario.hpp"

#include <algorithm>

using namespace inboxprobe;

namespace {

const Finding*
find_code(const std::vector<Finding>& findings, const std::string& code)
{
  const auto it = std::find_if(
    findings.begin(), findings.end(), [&](const Finding& f) { return f.code == code; });
  return it == findings.end() ? nullptr : &*it;
}

} // namespace

TEST_CASE("plaintext and unverified routes deliver and are reported as findings", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const test::LogTail pfa_log(lab["LAB_LOG_DIR"] + "/pfa.log");
  // No ca_file on the unverified route: the lab's self-signed certificate would
  // fail verification.
  std::string unverified = test::route_at(lab,
                                          "unverified",
                                          "smtp://127.0.0.1:" + lab["LAB_PFA_SUBMISSION_PORT"],
                                          "insecure_skip_verify = true");
  unverified.erase(unverified.find("ca_file"),
                   unverified.find('\n', unverified.find("ca_file")) - unverified.find("ca_file")
                     + 1);
  const std::string config = lab.campaign("e2e-findings", dir.path().string(), "8s")
                             + test::route_at(lab,
                                              "plaintext",
                                              "smtp://127.0.0.1:" + lab["LAB_PFA_PLAIN_PORT"],
                                              "tls = \"none\"\nallow_plaintext_auth = true")
                             + unverified + lab.seed("seed2@inbox.test") + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config);
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  CHECK(run.command.out.find("2 probes: 2 inbox") != std::string::npos);

  for (const test::ProbeRecord& r : run.probes) {
    CAPTURE(r.probe.route);
    REQUIRE(r.submission);
    CHECK(r.submission->outcome == SubmitOutcome::accepted);
    REQUIRE(r.result);
    const bool plaintext = r.probe.route == "plaintext";
    const Finding* f = find_code(r.result->findings,
                                 plaintext ? "tls.plaintext_route" : "tls.verification_disabled");
    REQUIRE(f != nullptr);
    CHECK(f->severity == (plaintext ? Severity::error : Severity::warning));
    CHECK(r.submission->tls_version.empty() == plaintext);
  }
  // The plaintext route did AUTH without TLS, as configured.
  CHECK(test::wait_for_log(pfa_log, {"postfix-pfa/plain/smtpd", "sasl_method=PLAIN"}).size() == 1);

  const std::size_t at = run.command.out.find("report: ");
  REQUIRE(at != std::string::npos);
  const std::string html =
    test::slurp(run.command.out.substr(at + 8, run.command.out.find('\n', at) - at - 8));
  CHECK(html.find("tls.plaintext_route") != std::string::npos);
  CHECK(html.find("tls.verification_disabled") != std::string::npos);
}
