// Scenario: IMAP servers that misbehave on the wire, one seed mailbox each,
// polled in one collection: a fault-injecting proxy between inboxprobe and the
// lab's Dovecot drops the connection in the middle of a FETCH literal (once:
// recovered; every time: the folder cannot be read) or of a TLS handshake,
// stalls in a literal, splits every response into 1-byte segments, sends
// garbage and over-long lines, strips STARTTLS from the capabilities, or is
// reached under a name the certificate does not cover. A probe whose mailbox
// could not be read stays pending with the reason, never `missing`; the direct
// seed is unaffected; the run ends within its deadline plus one IMAP timeout.
#include "fault_lab.hpp"

using namespace inboxprobe;
using test::Fault;
using test::FaultAction;
using test::Flow;

namespace {

struct Case
{
  Case(std::string seed_,
       std::string what_,
       test::ProxyScript script_,
       std::string tls_ = "none",
       std::string listen_ = "127.0.0.1",
       Placement placement_ = Placement::inbox,
       std::string finding_ = {},
       std::string error_part_ = {})
    : seed(std::move(seed_)),
      what(std::move(what_)),
      script(std::move(script_)),
      tls(std::move(tls_)),
      listen(std::move(listen_)),
      placement(placement_),
      finding(std::move(finding_)),
      error_part(std::move(error_part_))
  {
  }

  std::string seed;
  std::string what;
  test::ProxyScript script;
  std::string tls = "none"; // "none": the proxy reads the IMAP dialogue
  std::string listen = "127.0.0.1";
  Placement placement = Placement::inbox;
  std::string finding;    // "" for none
  std::string error_part; // in that finding's evidence
};

// The probes' literals: BODY[] (the whole message) and BODY[HEADER.FIELDS ...]
// (the fields a token can be in).
const std::string k_body_literal = "BODY[] {";
const std::string k_any_literal = "BODY[";
const std::string k_logged_in = " Logged in\r\n";

std::vector<Case>
first_cases()
{
  return {
    {"seed1@inbox.test",
     "one dropped FETCH literal",
     {{{Flow::to_client, k_body_literal, 100, FaultAction::drop, "", 0, 1}}, {}}},
    {"seed2@inbox.test",
     "every FETCH literal dropped",
     {{{Flow::to_client, k_any_literal, 40, FaultAction::drop}}, {}},
     "none",
     "127.0.0.1",
     Placement::pending,
     "imap.folder_error",
     // Whichever folder the poll reads first (INBOX, or Junk when earlier
     // runs left mail there) carries the first folder error.
     ": imap.truncated: "},
    {"seed3@inbox.test",
     "TLS handshakes dropped",
     {{{Flow::to_client, "Begin TLS negotiation now.\r\n", 200, FaultAction::drop}}, {}},
     "starttls",
     "127.0.0.1",
     Placement::pending,
     "imap.seed_unreachable",
     "imap.tls: SSL connect error"},
    {"seed4@inbox.test",
     "a stall in every FETCH literal",
     {{{Flow::to_client, k_any_literal, 40, FaultAction::stall}}, {}},
     "none",
     "127.0.0.1",
     Placement::pending,
     "imap.seed_unreachable",
     "imap.timeout: Timeout was reached"},
    {"junkname@inbox.test",
     "1-byte segments",
     {{{Flow::to_client, "", 0, FaultAction::one_byte}}, {}}},
  };
}

std::vector<Case>
second_cases()
{
  return {
    {"seed1@inbox.test",
     "a garbage line after the login",
     {{{Flow::to_client, k_logged_in, 0, FaultAction::inject, "* \x01\x02 \xff\xfe garbage\r\n"}},
      {}}},
    {"seed2@inbox.test",
     "an over-long line after the login",
     // 100 KB: a hundred times any line limit of the mail RFCs, yet within what
     // libcurl holds of one transfer (300 KiB) together with the command's own
     // reply; a 300 KB line would fill that cap alone (then: imap.truncated).
     {{{Flow::to_client,
        k_logged_in,
        0,
        FaultAction::inject,
        "* OK " + std::string(100'000, 'x') + "\r\n"}},
      {}}},
    {"seed3@inbox.test",
     "STARTTLS stripped from the capabilities",
     {{}, {{" STARTTLS", ""}}},
     "starttls",
     "127.0.0.1",
     Placement::pending,
     "imap.seed_unreachable",
     "imap.tls: "},
    {"seed4@inbox.test",
     "a certificate for another host",
     {},
     "starttls",
     "127.0.0.2",
     Placement::pending,
     "imap.seed_unreachable",
     "no alternative certificate subject name matches target host name '127.0.0.2'"},
  };
}

// Run one collection over `table`'s seeds (each behind its proxy) and
// junkru@inbox.test (direct), and check every probe.
void
check_faults(const std::vector<Case>& table)
{
  test::Lab lab;
  test::TempDir dir;
  const std::string d = dir.path().string();
  std::vector<std::unique_ptr<test::FaultProxy>> proxies;
  // The faulty seeds start empty: mail left by earlier tests (probes a fault kept
  // from being found are never cleaned up) would add to the replies that a
  // fault's injected bytes share libcurl's 300 KiB per transfer with.
  for (const Case& c : table) {
    for (const char* folder : {"INBOX", "Junk"}) {
      test::imap_as(lab, c.seed, folder, "STORE 1:* +FLAGS.SILENT (\\Deleted)");
      test::imap_as(lab, c.seed, folder, "EXPUNGE");
    }
  }
  // Probes found are expunged: the lab's mailboxes do not grow run after run.
  const std::string cleanup = "cleanup = \"expunge\"\n";
  std::string seeds = test::lab_seed(lab, "junkru@inbox.test", "lab", cleanup);
  for (const Case& c : table) {
    proxies.push_back(
      std::make_unique<test::FaultProxy>(std::stoi(lab["LAB_IMAP_PORT"]), c.script, c.listen));
    seeds += test::seed_via(lab, c.seed, c.listen, proxies.back()->port(), c.tls, cleanup);
  }
  const std::string config = test::short_campaign(lab, "e2e-fault-imap", d, "3s")
                             + lab.route("provider-a", 'a') + seeds
                             + test::content("plain", "Hello.\n");
  test::write_file(dir.path() / "campaign.toml", config);
  const test::TimedRun run = test::run_timed("run --config " + d + "/campaign.toml");
  INFO(run.command.out);
  REQUIRE(run.command.exit_code == 0);
  // The 3 s deadline, one 2 s IMAP timeout, then analysis and report.
  CHECK(run.collect_seconds < 3.0 + 2.0 + 1.5);

  const test::RunOutcome outcome = test::load_run(d + "/history.db");
  CHECK(outcome.by_key.at("junkru@inbox.test plain").result.placement == Placement::inbox);
  for (std::size_t i = 0; i < table.size(); ++i) {
    const Case& c = table[i];
    const test::ProbeOutcome& p = outcome.by_key.at(c.seed + " plain");
    CAPTURE(c.seed, c.what);
    CHECK(p.submission.outcome == SubmitOutcome::accepted);
    CHECK(p.result.placement == c.placement);
    CHECK(proxies[i]->faults_fired() + int(c.script.faults.empty()) > 0);
    if (c.finding.empty()) {
      CHECK(p.sightings.size() == 1);
      continue;
    }
    const Finding* f = test::find_finding(p.result, c.finding);
    REQUIRE(f != nullptr);
    CAPTURE(f->evidence);
    CHECK(f->evidence.find(c.error_part) != std::string::npos);
    if (!c.script.server_rewrites.empty()) {
      // Offered a plaintext login by the man in the middle: not taken.
      const std::string sent = test::client_bytes(*proxies[i]);
      CAPTURE(sent);
      CHECK(sent.find("CAPABILITY") != std::string::npos);
      CHECK(sent.find("LOGIN") == std::string::npos);
      CHECK(sent.find("AUTHENTICATE") == std::string::npos);
      CHECK(sent.find(lab.password(c.seed)) == std::string::npos);
    }
  }
}

} // namespace

TEST_CASE("dropped, stalled and split IMAP connections never make a probe missing", "[e2e]")
{
  check_faults(first_cases());
}

TEST_CASE("garbage, over-long lines and TLS attacks on IMAP leave probes pending with the reason",
          "[e2e]")
{
  check_faults(second_cases());
}
