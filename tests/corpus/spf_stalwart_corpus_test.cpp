// SPF (RFC 7208) through libspf2 over the Stalwart SPF files (spf-stalwart/):
// their repeated keys are not YAML, so they are read line by line. One line
// for the suite, and a line per scenario with its count.
#include "../support/corpus.hpp"
#include "spf_suite.hpp"
#include "spf_zone.hpp"

#include <analysis/spf_check.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using namespace inboxprobe;
using test::Outcome;
using test::Suite;

namespace {

// Stalwart cases that do not pass, by "scenario: domain sender ip": libspf2 limits
// (the same as in the openspf suites) and three expectations of Stalwart's
// own that RFC 7208 does not share.
std::map<std::string, std::string>
stalwart_known_limits()
{
  const std::string exp_text =
    "libspf2 1.2.10 renders the spaces of an exp= explanation as '%' "
    "and leaves its macros unexpanded (RFC 7208 §6.2, §7.3)";
  const std::string plus_delimiter =
    "libspf2 mis-expands a local-part macro with '+' among its "
    "delimiters (%{l1r+}, %{l1r+-}; RFC 7208 §7.1)";
  return {
    {"All test: test.org sender@test.org 10.0.0.1",
     "Stalwart expects fail for a record with an unknown mechanism after -all; RFC 7208 §4.6 "
     "parses the whole record first, so libspf2's permerror is right"},
    {"Sender has no local-part: test.org  172.168.0.1", exp_text},
    {"Explanation: test.org sender@test.org a:b::1", exp_text},
    {"DNS Lookup Limits: inc1.org sender@inc1.org 172.168.0.1",
     "libspf2 does not count the lookups inside include: against the limit of 10 (RFC 7208 "
     "§4.6.4)"},
    {"DNS Lookup Limits: ptr.test.org sender@ptr.test.org 10.0.0.11",
     "libspf2 makes more than 10 PTR names a permerror; RFC 7208 §4.6.4 says to check only the "
     "first 10"},
    {"Simple Examples: mx.example.com joel@example.com 192.168.15.15", plus_delimiter},
    {"Simple Examples: mx.example.com joel@example.com 192.168.15.16", plus_delimiter},
    {"Simple Examples: mx.example.com mary@example.com 1.1.1.1", plus_delimiter},
    {"Macro expansion 1: mx.example.com someuser@example.com 192.0.2.1", plus_delimiter},
    {"Macro expansion 2: mx.example.org strong-bad@email.example.com 2001:db8::cb01",
     "libspf2 does not expand %{ir}.%{v} to the ip6.arpa nibble name for an IPv6 client "
     "(RFC 7208 §7.3)"},
    {"Exists: ip6.test.org sender@ip6.test.org 167.1.2.3",
     "Stalwart lets exists: match an AAAA record; RFC 7208 §5.7 looks up A records only"},
    {"IPv6 match: test.org sender@test.org 10.1.2.3",
     "Stalwart lets ip6:::ffff:10.1.2.3 match an IPv4 client; RFC 7208 §5.6 matches ip6 "
     "against IPv6 clients only"},
  };
}

// Stalwart's SPF files, read line by line: "key: value" lines; under
// "records:" each adds DNS data, under "tests:" keys set the current domain
// (the HELO), sender and ip, "spf:"/"a:" lines change the zone, and every
// "expect:" line runs one check with the current values.
class StalwartRunner
{
public:
  explicit StalwartRunner(Suite& suite) : m_suite(suite)
  {
  }

  void
  run_file(const std::string& file)
  {
    std::ifstream in(test::corpus_path(file));
    std::string line;
    while (std::getline(in, line)) {
      read_line(line);
    }
    finish_scenario();
  }

private:
  void
  finish_scenario()
  {
    if (m_in_scenario) {
      m_suite.print_scenario(m_scenario, m_outcome);
    }
    m_zone = test::SpfZone();
    m_zone.set_error_prefix("_dns_error");
    m_outcome = {};
    m_domain = m_sender = m_ip = "";
    m_in_tests = false;
    m_in_scenario = false;
  }

  static std::vector<std::string>
  split_list(const std::string& text)
  {
    std::vector<std::string> items;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
      const auto begin = item.find_first_not_of(' ');
      if (begin != std::string::npos) {
        items.push_back(item.substr(begin, item.find_last_not_of(' ') - begin + 1));
      }
    }
    return items;
  }

  void
  add_record(const std::string& key, const std::string& value)
  {
    const std::size_t space = value.find(' ');
    const std::string name = value.substr(0, space);
    const std::string data = space == std::string::npos ? "" : value.substr(space + 1);
    if (key == "spf" || key == "exp") {
      m_zone.replace(name, {"TXT", data, false});
    } else if (key == "a" || key == "aaaa") {
      for (const std::string& ip : split_list(data)) {
        m_zone.add(name, {key == "a" ? "A" : "AAAA", ip, false});
      }
    } else if (key == "mx") {
      int index = 0;
      for (const std::string& ip : split_list(data)) {
        // Synthetic exchange hosts, one per address (corpus notes).
        const std::string host = "_mx" + std::to_string(index++) + "." + name;
        m_zone.add(name, {"MX", host, false});
        m_zone.add(host, {ip.find(':') == std::string::npos ? "A" : "AAAA", ip, false});
      }
    } else if (key == "ptr") {
      for (const std::string& host : split_list(data)) {
        m_zone.add(test::SpfZone::reverse_name(name), {"PTR", host, false});
      }
    }
  }

  void
  run_check(const std::string& expect)
  {
    const std::size_t space = expect.find(' ');
    const std::string result = expect.substr(0, space);
    std::string explanation = space == std::string::npos ? "" : expect.substr(space + 1);
    explanation.erase(explanation.find_last_not_of(' ') + 1);
    // The "HELO identity" scenario checks the HELO name (Stalwart's
    // verify_helo) although it lists a sender: evaluate HELO only.
    const bool helo_only = m_scenario == "HELO identity";
    const SpfCheck got = check_spf({m_ip, m_domain, helo_only ? "" : m_sender}, m_zone);
    std::string problem;
    if (to_string(got.verdict) != result) {
      problem =
        "got " + std::string(to_string(got.verdict)) + " (" + got.detail + "), want " + result;
    } else if (!explanation.empty() && got.detail != explanation) {
      problem = "explanation '" + got.detail + "', want '" + explanation + "'";
    }
    const std::string id = m_scenario + ": " + m_domain + " " + m_sender + " " + m_ip;
    m_suite.record(m_scenario, id, problem, m_outcome);
  }

  void
  read_line(const std::string& raw)
  {
    if (raw.rfind("---", 0) == 0) {
      finish_scenario();
      return;
    }
    std::string line = raw.substr(0, raw.find_last_not_of(" \t\r") + 1);
    const std::size_t start = line.find_first_not_of(" -");
    const std::size_t colon = line.find(':', start);
    if (start == std::string::npos || line[start] == '#' || colon == std::string::npos) {
      return;
    }
    const std::string key = line.substr(start, colon - start);
    const std::size_t value_at = line.find_first_not_of(' ', colon + 1);
    const std::string value = value_at == std::string::npos ? "" : line.substr(value_at);
    if (key == "name" && start == 0) {
      m_scenario = value;
      m_in_scenario = true;
    } else if (key == "tests") {
      m_in_tests = true;
    } else if (key == "domain") {
      m_domain = value;
    } else if (key == "sender") {
      m_sender = value;
    } else if (key == "ip") {
      m_ip = value;
    } else if (key == "expect") {
      run_check(value);
    } else if (key != "records" && key != "name") {
      add_record(key, value);
    }
  }

  Suite& m_suite;
  test::SpfZone m_zone;
  Outcome m_outcome;
  std::string m_scenario, m_domain, m_sender, m_ip;
  bool m_in_tests = false;
  bool m_in_scenario = false;
};

} // namespace

TEST_CASE("libspf2 passes the Stalwart SPF files except their listed limits", "[analysis][corpus]")
{
  Suite suite{"spf-stalwart", stalwart_known_limits(), {}, {}};
  StalwartRunner runner(suite);
  for (const char* file : {"a",
                           "all",
                           "basic",
                           "examples",
                           "exists",
                           "exp",
                           "include",
                           "ip",
                           "macro",
                           "mx",
                           "ptr",
                           "redirect"}) {
    runner.run_file(std::string("spf-stalwart/") + file + ".yml");
  }
  suite.finish();
}
