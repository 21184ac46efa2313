// The analysis stage end to end (analysis/analyze.hpp, delivery.hpp) on one
// message, with DNS and DKIM keys from fixed maps (no network): the message is
// analysed as `inboxprobe analyze` does, as the first copy of a probe and as a
// bounce, and printed in the three output formats. The JSON must read back as
// the history database reads it.
#include "fuzz_targets.hpp"

#include <analysis/analyze.hpp>
#include <analysis/delivery.hpp>
#include <analysis/dkim_keys.hpp>
#include <analysis/dns_resolver.hpp>
#include <app/analyze_output.hpp>
#include <core/record_json.hpp>

#include <sstream>

namespace inboxprobe::fuzz {

namespace {

// The key that signed the shared corpus' dkim-edge messages (RFC 6376 §3.6.1).
constexpr const char* k_test_key =
  "v=DKIM1; g=*; k=rsa; "
  "p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/"
  "J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2"
  "EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";

struct Fixture
{
  MapKeyLookup keys;
  MapDnsResolver dns;

  Fixture()
  {
    keys.add("test._domainkey.example.com", k_test_key);
    keys.add_error("temp._domainkey.example.com", "dns.temperror");
    dns.add("test._domainkey.example.com", DnsType::txt, k_test_key);
    dns.add("example.com", DnsType::txt, "v=spf1 ip4:192.0.2.0/24 include:_spf.example.com -all");
    dns.add("_spf.example.com", DnsType::txt, "v=spf1 a mx ptr exists:%{i}.x.example.com ~all");
    dns.add("example.com", DnsType::a, "192.0.2.1");
    dns.add("example.com", DnsType::mx, "mx.example.com");
    dns.add("_dmarc.example.com", DnsType::txt, "v=DMARC1; p=reject; rua=mailto:d@example.com");
    dns.add("_dmarc.example.org", DnsType::txt, "v=DMARC1; p=none; sp=quarantine; adkim=s");
    dns.add_error("example.net", "dns.temperror");
  }
};

void
check_outputs(const ProbeResult& result)
{
  std::ostringstream text;
  print_analysis_text(result, text);
  render_analysis_html(result, "fuzz");
  const std::string json = render_analysis_json(result);
  // The history stores this JSON and reads it back (core/store).
  const ProbeResult back = nlohmann::json::parse(json).get<ProbeResult>();
  fuzz_check(back.findings.size() == result.findings.size(), "findings lost in JSON");
  fuzz_check(back.hops.size() == result.hops.size(), "hops lost in JSON");
}

} // namespace

void
fuzz_analyze(std::string_view data)
{
  static const Fixture fixture;
  AnalysisContext context;
  context.trusted_authserv_ids = {"mx.inbox.test", "mx.google.com"};
  context.dkim_keys = &fixture.keys;
  context.dns = &fixture.dns;
  context.deadline = DeadlineState::passed;
  check_outputs(analyze_message(data, context));

  const Probe probe{1, "run", "abcdefghijklmnopqrstuvw2", "route-a", "seed1@inbox.test", "c"};
  Submission submission;
  submission.probe_id = 1;
  submission.outcome = SubmitOutcome::accepted;
  submission.accepted_at_ms = 1'700'000'000'000;
  Sighting copy;
  copy.probe_id = 1;
  copy.folder = "INBOX";
  copy.role = FolderRole::inbox;
  copy.internaldate_at = 1'700'000'005;
  copy.found_at_ms = 1'700'000'009'000;
  copy.message_bytes = std::string(data);
  Sighting bounce = copy;
  bounce.role = FolderRole::bounce;
  DeliveryEvidence evidence;
  evidence.copies = {&copy};
  evidence.bounces = {&bounce};
  evidence.deadline_at_ms = 1'700'000'001'000;
  check_outputs(analyze_delivery(probe, &submission, evidence, context));
  evidence.copies.clear();
  check_outputs(analyze_delivery(probe, &submission, evidence, context));
}

} // namespace inboxprobe::fuzz
