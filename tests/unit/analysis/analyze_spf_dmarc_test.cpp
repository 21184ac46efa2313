#include <analysis/analyze.hpp>
#include <analysis/dmarc.hpp>
#include <analysis/spf_check.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

std::vector<std::string>
codes_with_prefix(const ProbeResult& result, const std::vector<std::string>& prefixes)
{
  std::vector<std::string> codes;
  for (const Finding& f : result.findings) {
    for (const std::string& prefix : prefixes) {
      if (f.code.rfind(prefix, 0) == 0) {
        codes.push_back(f.code);
      }
    }
  }
  std::sort(codes.begin(), codes.end());
  return codes;
}

MapDnsResolver
zone(const std::string& dmarc)
{
  MapDnsResolver dns;
  dns.add("sender.example", DnsType::txt, "v=spf1 ip4:192.0.2.1 -all");
  dns.add("helo.sender.example", DnsType::txt, "v=spf1 -all");
  if (!dmarc.empty()) {
    dns.add("_dmarc.sender.example", DnsType::txt, dmarc);
  }
  return dns;
}

std::string
message(const std::string& ip, const std::string& return_path, const std::string& extra = "")
{
  return extra + "Return-Path: <" + return_path + ">\r\n"
         + "Received: from helo.sender.example (out.sender.example [" + ip
         + "]) by mx.inbox.example with ESMTPS id 1; Mon, 1 Jan 2024 00:00:01 +0000\r\n"
           "From: Alice <alice@sender.example>\r\nSubject: hi\r\n\r\nbody\r\n";
}

} // namespace

TEST_CASE("Our own SPF and DMARC checks judge the client the provider recorded", "[analysis][unit]")
{
  struct Case
  {
    const char* name;
    std::string message;
    std::string dmarc_record;
    AuthVerdict spf;
    std::string identity;
    AuthVerdict dmarc;
    std::vector<std::string> codes;
  };
  const std::string reject = "v=DMARC1; p=reject";
  const std::string trusted_pass =
    "Authentication-Results: mx.inbox.example; spf=pass "
    "smtp.mailfrom=alice@sender.example; dmarc=pass\r\n";
  const std::vector<Case> cases = {
    {"aligned spf pass",
     message("192.0.2.1", "alice@sender.example"),
     reject,
     AuthVerdict::pass,
     "mailfrom",
     AuthVerdict::pass,
     {}},
    {"spf fail and dmarc fail",
     message("198.51.100.7", "alice@sender.example"),
     reject,
     AuthVerdict::fail,
     "mailfrom",
     AuthVerdict::fail,
     {"dmarc.fail", "spf.fail"}},
    {"Received-SPF names the client",
     message("198.51.100.7",
             "alice@sender.example",
             "Received-SPF: pass (mx: designates 192.0.2.1) client-ip=192.0.2.1; "
             "helo=helo.sender.example;\r\n"),
     reject,
     AuthVerdict::pass,
     "mailfrom",
     AuthVerdict::pass,
     {}},
    {"null sender: HELO identity, never a MAIL FROM verdict",
     message("192.0.2.1", ""),
     reject,
     AuthVerdict::fail,
     "helo",
     AuthVerdict::fail,
     {"dmarc.fail"}},
    {"no DMARC record",
     message("192.0.2.1", "alice@sender.example"),
     "",
     AuthVerdict::pass,
     "mailfrom",
     AuthVerdict::none,
     {"dmarc.none"}},
    {"monitoring policy at half",
     message("198.51.100.7", "alice@sender.example"),
     "v=DMARC1; p=none; pct=50",
     AuthVerdict::fail,
     "mailfrom",
     AuthVerdict::fail,
     {"dmarc.fail", "dmarc.pct_partial", "dmarc.policy_none", "spf.fail"}},
    {"the provider disagrees",
     message("198.51.100.7", "alice@sender.example", trusted_pass),
     reject,
     AuthVerdict::fail,
     "mailfrom",
     AuthVerdict::fail,
     {"dmarc.fail", "dmarc.provider_disagrees", "spf.fail", "spf.provider_disagrees"}},
    {"unaligned bounce domain",
     message("192.0.2.1", "bounce@esp.example"),
     reject,
     AuthVerdict::none,
     "mailfrom",
     AuthVerdict::fail,
     {"dmarc.fail", "spf.none"}},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const MapDnsResolver dns = zone(c.dmarc_record);
    AnalysisContext context;
    context.trusted_authserv_ids = {"mx.inbox.example"};
    context.dns = &dns;
    const ProbeResult result = analyze_message(c.message, context);
    REQUIRE(result.own_spf.has_value());
    CHECK(result.own_spf->verdict == c.spf);
    CHECK(result.own_spf->identity == c.identity);
    REQUIRE(result.own_dmarc.has_value());
    CHECK(result.own_dmarc->verdict == c.dmarc);
    CHECK(codes_with_prefix(result, {"spf.", "dmarc."}) == c.codes);
  }
}

TEST_CASE("Organizational domains follow the Public Suffix List", "[analysis][unit]")
{
  struct Case
  {
    const char* domain;
    const char* org;
  };
  const std::vector<Case> cases = {
    {"mail.example.com", "example.com"},
    {"a.b.example.co.uk", "example.co.uk"},
    {"Example.COM.", "example.com"},
    {"alice.github.io", "alice.github.io"},
    {"co.uk", "co.uk"},
    {"müller.example", "xn--mller-kva.example"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.domain);
    CHECK(organizational_domain(c.domain) == c.org);
  }
}

TEST_CASE("A loopback client is not SPF-checked: libspf2 would pass it unread", "[analysis][unit]")
{
  MapDnsResolver dns = zone("v=DMARC1; p=reject");
  const SpfCheck direct = check_spf({"127.0.0.1", "helo.sender.example", "a@sender.example"}, dns);
  CHECK(direct.verdict == AuthVerdict::none);
  CHECK(direct.detail.find("loopback") != std::string::npos);

  AnalysisContext context;
  context.dns = &dns;
  const ProbeResult result = analyze_message(message("127.0.0.1", "alice@sender.example"), context);
  CHECK_FALSE(result.own_spf.has_value());
  REQUIRE(result.own_dmarc.has_value());
  CHECK(result.own_dmarc->verdict == AuthVerdict::fail); // no SPF or DKIM pass to align
}
