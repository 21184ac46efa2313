// Scenario: SMTP servers that misbehave on the wire, one route each, all in one
// run (routes are sent in parallel): a fault-injecting proxy between inboxprobe
// and the lab's provider A stalls, drops TLS handshakes, splits replies into
// 1-byte segments, sends garbage and over-long lines, strips STARTTLS from the
// EHLO reply (and offers AUTH in its place), or is reached under a name the
// certificate does not cover. Each faulty route's probe carries the precise
// outcome, step and error; the direct route is unaffected; the send pass ends
// within one route timeout and the run within its deadline plus one timeout.
#include "fault_lab.hpp"

using namespace inboxprobe;
using test::Fault;
using test::FaultAction;
using test::Flow;

namespace {

struct Case
{
  Case(std::string route_,
       std::string port_var_,
       test::ProxyScript script_,
       std::string scheme_ = "smtp",
       std::string listen_ = "127.0.0.1",
       std::string tls_ = "starttls",
       SubmitOutcome outcome_ = SubmitOutcome::accepted,
       SmtpStep step_ = SmtpStep::end_of_data,
       std::string error_part_ = {},
       Placement placement_ = Placement::inbox,
       bool auth_ = true)
    : route(std::move(route_)),
      port_var(std::move(port_var_)),
      script(std::move(script_)),
      scheme(std::move(scheme_)),
      listen(std::move(listen_)),
      tls(std::move(tls_)),
      outcome(outcome_),
      step(step_),
      error_part(std::move(error_part_)),
      placement(placement_),
      auth(auth_)
  {
  }

  std::string route;
  std::string port_var; // the lab port the proxy forwards to
  test::ProxyScript script;
  std::string scheme = "smtp";
  std::string listen = "127.0.0.1";
  std::string tls = "starttls";
  SubmitOutcome outcome = SubmitOutcome::accepted;
  SmtpStep step = SmtpStep::end_of_data;
  std::string error_part; // in Submission::error
  Placement placement = Placement::inbox;
  bool auth = true; // false: no credentials (the relay port, in plaintext)
};

std::vector<Case>
cases()
{
  const std::string starttls_ready = "Ready to start TLS\r\n";
  const std::string greeting = "\r\n"; // the end of the greeting, the first line
  return {
    {"stall-at-connect",
     "LAB_PFA_SUBMISSION_PORT",
     {{{Flow::to_client, "", 0, FaultAction::stall}}, {}},
     "smtp",
     "127.0.0.1",
     "starttls",
     SubmitOutcome::failed,
     SmtpStep::connect,
     "Timeout was reached",
     Placement::rejected},
    {"stall-after-greeting",
     "LAB_PFA_SUBMISSION_PORT",
     {{{Flow::to_client, greeting, 0, FaultAction::stall}}, {}},
     "smtp",
     "127.0.0.1",
     "starttls",
     SubmitOutcome::failed,
     SmtpStep::ehlo,
     "Timeout was reached",
     Placement::rejected},
    {"drop-mid-starttls-handshake",
     "LAB_PFA_SUBMISSION_PORT",
     {{{Flow::to_client, starttls_ready, 200, FaultAction::drop}}, {}},
     "smtp",
     "127.0.0.1",
     "starttls",
     SubmitOutcome::failed,
     SmtpStep::starttls,
     "SSL connect error",
     Placement::rejected},
    {"drop-mid-smtps-handshake",
     "LAB_PFA_SMTPS_PORT",
     {{{Flow::to_client, "", 200, FaultAction::drop}}, {}},
     "smtps",
     "127.0.0.1",
     "tls",
     SubmitOutcome::failed,
     SmtpStep::connect,
     "SSL connect error",
     Placement::rejected},
    {"one-byte-replies",
     "LAB_PFA_SUBMISSION_PORT",
     {{{Flow::to_client, "", 0, FaultAction::one_byte}}, {}}},
    {"garbage-greeting",
     "LAB_PFA_SUBMISSION_PORT",
     {{}, {{"220 smtp.sender.test ESMTP", "\x16\x03\x01 garbage \xff\xfe"}}},
     "smtp",
     "127.0.0.1",
     "starttls",
     SubmitOutcome::failed,
     SmtpStep::connect,
     "Timeout was reached",
     Placement::rejected},
    {"not-a-reply-code",
     "LAB_PFA_SUBMISSION_PORT",
     {{}, {{"220 smtp.sender.test ESMTP", "999 \x01 what is this"}}},
     "smtp",
     "127.0.0.1",
     "starttls",
     SubmitOutcome::failed,
     SmtpStep::connect,
     "999",
     Placement::rejected},
    {"over-long-ehlo-line",
     "LAB_PFA_SUBMISSION_PORT",
     {{{Flow::to_client,
        "250-PIPELINING\r\n",
        0,
        FaultAction::inject,
        "250-" + std::string(200'000, 'X') + "\r\n"}},
      {}},
     "smtp",
     "127.0.0.1",
     "starttls",
     SubmitOutcome::failed,
     SmtpStep::ehlo,
     "Too large response headers",
     Placement::rejected},
    {"long-ehlo-line",
     "LAB_PFA_SUBMISSION_PORT",
     {{{Flow::to_client,
        "250-PIPELINING\r\n",
        0,
        FaultAction::inject,
        "250-" + std::string(5'000, 'X') + "\r\n"}},
      {}}},
    // In plaintext on the relay port (no AUTH), so that the proxy sees DATA:
    // the connection is cut after 100 bytes of content. The client handed all
    // of the (small) message to its socket, so it cannot know whether the
    // final "." arrived: uncertain, never resent, looked for until the deadline.
    {"drop-mid-data",
     "LAB_PFA_RELAY_PORT",
     {{{Flow::to_server, "DATA\r\n", 100, FaultAction::drop}}, {}},
     "smtp",
     "127.0.0.1",
     "none",
     SubmitOutcome::uncertain,
     SmtpStep::end_of_data,
     "may have accepted",
     Placement::missing,
     false},
    {"starttls-stripped",
     "LAB_PFA_SUBMISSION_PORT",
     {{}, {{"250-STARTTLS\r\n", "250-AUTH PLAIN LOGIN\r\n"}}},
     "smtp",
     "127.0.0.1",
     "starttls",
     SubmitOutcome::rejected,
     SmtpStep::starttls,
     "did not offer STARTTLS",
     Placement::rejected},
    {"wrong-host-certificate",
     "LAB_PFA_SUBMISSION_PORT",
     {},
     "smtp",
     "127.0.0.2",
     "starttls",
     SubmitOutcome::failed,
     SmtpStep::starttls,
     "no alternative certificate subject name matches target host name '127.0.0.2'",
     Placement::rejected},
  };
}

} // namespace

TEST_CASE("SMTP faults on the wire fail their own probe precisely and no other", "[e2e]")
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  const std::vector<Case> table = cases();
  std::vector<std::unique_ptr<test::FaultProxy>> proxies;
  std::string routes = lab.route("direct", 'a');
  for (const Case& c : table) {
    proxies.push_back(
      std::make_unique<test::FaultProxy>(std::stoi(lab[c.port_var]), c.script, c.listen));
    routes +=
      test::route_at(lab,
                     c.route,
                     c.scheme + "://" + c.listen + ":" + std::to_string(proxies.back()->port()),
                     "tls = \"" + c.tls + "\"\ntimeout = \"2s\"",
                     c.auth);
  }
  const std::string config =
    test::short_campaign(lab, "e2e-fault-smtp", d, "4s") + routes
    + test::lab_seed(lab, "seed1@inbox.test", "lab", "cleanup = \"expunge\"\n")
    + test::k_plain_content;
  test::write_file(dir.path() / "campaign.toml", config);
  const test::TimedRun run =
    test::run_timed("run --keep-transcripts --config " + d + "/campaign.toml");
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  // Every route's probe within one 2 s timeout (they run in parallel), then the
  // collection: the accepted probes are found long before the 4 s deadline.
  CHECK(run.send_seconds < 2.0 + 1.5);
  CHECK(run.collect_seconds < 4.0 + 2.0 + 1.5);

  const auto by_route = test::probes_by_route(d + "/history.db");
  REQUIRE(by_route.size() == table.size() + 1);
  const test::ProbeOutcome& direct = by_route.at("direct");
  CHECK(direct.submission.outcome == SubmitOutcome::accepted);
  CHECK(direct.result.placement == Placement::inbox);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Case& c = table[i];
    const test::ProbeOutcome& p = by_route.at(c.route);
    CAPTURE(c.route, p.submission.error, p.submission.transcript);
    CHECK(p.submission.outcome == c.outcome);
    CHECK(p.submission.step == c.step);
    CHECK(p.submission.error.find(c.error_part) != std::string::npos);
    CHECK(p.result.placement == c.placement);
    CHECK(p.submission.attempts == 1);
    // A route that times out is held to its timeout.
    CHECK(p.submission.total_ms < 2'000 + 500);
    CHECK(proxies[i]->connections() >= 1);
  }
  // The man in the middle offered AUTH without STARTTLS: not a byte of it was
  // taken (the proxy saw EHLO and QUIT only).
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (table[i].route == "starttls-stripped") {
      const std::string sent = test::client_bytes(*proxies[i]);
      CAPTURE(sent);
      CHECK(sent.find("EHLO ") != std::string::npos);
      CHECK(sent.find("AUTH") == std::string::npos);
      CHECK(sent.find("MAIL") == std::string::npos);
      CHECK(sent.find(lab.password("alice@sender.test")) == std::string::npos);
    }
  }
}
