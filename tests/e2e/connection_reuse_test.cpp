// Scenario: three probes through a route with one connection share it: the
// server sees one session with one AUTH and three separate transactions (one
// MAIL, one RCPT and one DATA per seed), and each probe gets its own queue id.
#include "scenario.hpp"

#include <set>

using namespace inboxprobe;

TEST_CASE("probes to one route reuse its connection, one transaction per seed", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const test::LogTail pfb_log(lab["LAB_LOG_DIR"] + "/pfb.log");
  const std::string config = lab.campaign("e2e-reuse", dir.path().string(), "8s")
                             + test::route_at(lab,
                                              "provider-b",
                                              "smtp://127.0.0.1:" + lab["LAB_PFB_SUBMISSION_PORT"],
                                              "max_connections = 1")
                             + lab.seed("seed1@inbox.test") + lab.seed("seed2@inbox.test")
                             + lab.seed("seed3@inbox.test") + test::k_plain_content;
  const test::ScenarioRun run = test::run_scenario(dir, config);
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  CHECK(run.command.out.find("3 probes: 3 inbox") != std::string::npos);

  REQUIRE(run.probes.size() == 3);
  std::set<std::string> queue_ids;
  int reused = 0;
  for (const test::ProbeRecord& r : run.probes) {
    CAPTURE(r.probe.seed);
    REQUIRE(r.submission);
    CHECK(r.submission->outcome == SubmitOutcome::accepted);
    queue_ids.insert(r.submission->queue_id);
    reused += r.submission->reused_connection ? 1 : 0;
    CHECK(r.submission->tls_version == "TLSv1.3");
    if (r.submission->reused_connection) {
      // Nothing to time on a reused connection: no DNS, connect, TLS or greeting;
      // its TLS session is the connection's.
      CHECK(r.submission->connect_ms == -1);
      CHECK(r.submission->greeting_ms == -1);
      CHECK(r.submission->tls_ms == -1);
    }
  }
  CHECK(queue_ids.size() == 3);
  CHECK(reused == 2);

  const auto sessions =
    test::wait_for_log(pfb_log, {"postfix-pfb/submission/smtpd", "disconnect from"});
  REQUIRE(sessions.size() == 1);
  CAPTURE(sessions[0]);
  CHECK(sessions[0].find(" auth=1 mail=3 rcpt=3 data=3 quit=1 ") != std::string::npos);
}
