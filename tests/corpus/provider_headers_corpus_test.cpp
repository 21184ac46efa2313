// Real provider messages (provider-headers/): the whole analysis runs on each
// without throwing, with every pass enabled (empty key and DNS data, so no
// network), and finds what reading the files shows: the top-most
// Authentication-Results' authserv-id and methods, how many A-R fields the
// header (not an attached message) carries, the Received hops, the top hop's
// "by" host and the spam engine.
#include "../support/corpus.hpp"

#include <analysis/analyze.hpp>

#include <catch2/catch.hpp>

#include <iostream>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

struct Expect
{
  const char* file;
  const char* authserv_id; // of the top-most A-R; "-" when there is none
  std::vector<std::string> methods;
  std::size_t auth_results;
  std::size_t hops;
  const char* top_by; // "by" of the top Received, "" when no hop
  const char* spam_engine;
};

// Written from the files (Received and Authentication-Results fields of the
// outer header; the RFC 6591 report and the TLS report carry their A-R inside
// an attachment or as Authentication-Results-Original, which is not a verdict).
const std::vector<Expect> k_expect = {
  {"100.eml", "-", {}, 0, 3, "127.0.0.1", ""},
  {"101.eml", "-", {}, 0, 3, "127.0.0.1", ""},
  {"102.eml", "relay7.m.smailru.net", {"auth", "iprev"}, 1, 3, "127.0.0.1", ""},
  {"103.eml", "", {"dkim", "dmarc"}, 1, 5, "127.0.0.1", "microsoft-eop"},
  {"104.eml", "-", {}, 0, 2, "127.0.0.1", ""},
  {"dmarc_ruf_report_linkedin.eml", "-", {}, 0, 2, "example.uriports.com", ""},
  {"example.eml",
   "komijn.test.xmox.nl",
   {"iprev", "dkim", "spf", "dmarc"},
   1,
   2,
   "komijn.test.xmox.nl",
   ""},
  {"google.com_smtp_tls_report.eml", "-", {}, 0, 0, "", ""},
  {"google.eml", "koriander.ueber.net", {"dkim", "dkim-atps"}, 1, 2, "koriander.ueber.net", ""},
  {"mailru.eml", "koriander.ueber.net", {"dkim", "dkim-atps"}, 2, 2, "koriander.ueber.net", ""},
  {"outlook.eml",
   "koriander.ueber.net",
   {"dkim", "dkim-atps"},
   2,
   4,
   "koriander.ueber.net",
   "microsoft-eop"},
  {"parse.eml", "koriander.example.net", {"dkim", "dkim-atps"}, 1, 1, "koriander.example.net", ""},
  {"parse2.eml", "koriander.example.net", {"dkim", "dkim-atps"}, 1, 2, "koriander.example.net", ""},
  {"parse3.eml", "koriander.example.net", {"dkim", "dkim-atps"}, 1, 3, "koriander.example.net", ""},
  {"twilight.eml",
   "relay-twl-01.twlnet.com",
   {"dkim", "dkim-atps"},
   2,
   5,
   "mail01.twlnet.com",
   "spamassassin"},
  {"xs4all.eml", "koriander.ueber.net", {"dkim", "dkim-atps"}, 1, 3, "koriander.ueber.net", ""},
  {"yahoo.eml", "koriander.ueber.net", {"dkim", "dkim-atps"}, 1, 2, "koriander.ueber.net", ""},
};

std::vector<std::string>
check(const Expect& e)
{
  const MapKeyLookup keys;
  const MapDnsResolver dns;
  AnalysisContext context;
  context.trusted_authserv_ids = {e.authserv_id};
  context.dkim_keys = &keys;
  context.dns = &dns;
  const ProbeResult r = analyze_message(
    test::read_file(test::corpus_path(std::string("provider-headers/") + e.file)), context);
  std::vector<std::string> problems;
  const std::string id = r.auth_results.empty() ? "-" : r.auth_results.front().authserv_id;
  std::vector<std::string> methods;
  for (const AuthResult& a :
       r.auth_results.empty() ? std::vector<AuthResult>{} : r.auth_results.front().results) {
    methods.push_back(a.method);
  }
  if (id != e.authserv_id || methods != e.methods) {
    problems.push_back("authserv-id '" + id + "' or methods");
  }
  if (r.auth_results.size() != e.auth_results) {
    problems.push_back("A-R count " + std::to_string(r.auth_results.size()));
  }
  if (r.hops.size() != e.hops || (e.hops > 0 && r.hops.front().by != e.top_by)) {
    problems.push_back("hops " + std::to_string(r.hops.size()));
  }
  const std::string engine = r.spam_verdict ? r.spam_verdict->engine : "";
  if (engine != e.spam_engine) {
    problems.push_back("spam engine '" + engine + "'");
  }
  for (const Finding& f : r.findings) {
    if (f.advice.empty()) {
      problems.push_back("finding without advice: " + f.code);
    }
  }
  return problems;
}

} // namespace

TEST_CASE("Real provider messages give their authserv-id, methods and hops", "[analysis][corpus]")
{
  int passed = 0;
  int failed = 0;
  for (const Expect& e : k_expect) {
    std::vector<std::string> problems;
    REQUIRE_NOTHROW(problems = check(e));
    problems.empty() ? ++passed : ++failed;
    for (const std::string& problem : problems) {
      UNSCOPED_INFO(e.file << ": " << problem);
    }
  }
  std::cout << "corpus provider-headers: " << passed << " passed, " << failed << " failed\n";
  CHECK(failed == 0);
  CHECK(passed == static_cast<int>(k_expect.size()));
}
