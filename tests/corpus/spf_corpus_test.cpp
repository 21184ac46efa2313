// SPF (RFC 7208) through libspf2 over the shared corpus: the openspf suites
// rfc7208-tests.yml and rfc4408-tests.yml (zone data served by SpfZone, the
// reference driver's DNS rules). One line per suite, and a line per scenario
// with its count. A failing case fails the test unless it is in the
// suite's known-limits list below, each with the reason (a libspf2 1.2.10
// limit; our own bugs are fixed, not listed).
#include "../support/corpus.hpp"
#include "spf_suite.hpp"
#include "spf_zone.hpp"

#include <analysis/spf_check.hpp>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace inboxprobe;
using test::Outcome;
using test::Suite;

namespace {

std::string
scalar(const YAML::Node& node)
{
  return node && !node.IsNull() ? node.as<std::string>() : std::string();
}

std::string
joined(const YAML::Node& value)
{
  if (!value.IsSequence()) {
    return scalar(value);
  }
  std::string out;
  for (const YAML::Node& part : value) {
    out += scalar(part);
  }
  return out;
}

// One zonedata name's items, in order, with the driver's SPF-to-TXT rule.
void
load_name(const std::string& name, const YAML::Node& items, test::SpfZone& zone)
{
  std::vector<std::string> generated;
  bool has_txt = false;
  for (const YAML::Node& item : items) {
    if (item.IsScalar()) {
      zone.add(name, {"TIMEOUT", "", false});
      continue;
    }
    for (const auto& pair : item) {
      const std::string type = pair.first.as<std::string>();
      const YAML::Node value = pair.second;
      if (type == "MX") {
        zone.add(name, {"MX", scalar(value[1]), false});
        continue;
      }
      const std::string text = joined(value);
      has_txt = has_txt || type == "TXT";
      if (type == "SPF") {
        generated.push_back(text);
      }
      if (text != "NONE") {
        zone.add(name, {type, text, false});
      }
    }
  }
  if (!has_txt) {
    for (const std::string& text : generated) {
      zone.add(name, {"TXT", text, false});
    }
  }
}

// Known libspf2 1.2.10 limits in the openspf suites, by test id (the same ids
// in rfc7208-tests.yml and rfc4408-tests.yml). Every other case must pass, and a
// listed case that starts passing fails the test (the list stays exact).
std::map<std::string, std::string>
openspf_known_limits()
{
  const std::string zero_cidr =
    "libspf2 refuses a /0 CIDR length (\"Invalid CIDR netmask\"), which RFC 7208 §5.6 allows";
  const std::string lenient_syntax =
    "libspf2's record compiler accepts what RFC 7208 §4.6, §6 and §7.1 make a permerror (bad "
    "domain-spec, toplabel, empty domain, CIDR on exists, invalid macro, repeated or malformed "
    "modifier, non-ASCII or control characters)";
  const std::string modifier_name =
    "libspf2 refuses '_' and '.' in a modifier name, which RFC 7208 §12 (name = ALPHA *( ALPHA / "
    "DIGIT / \"-\" / \"_\" / \".\" )) allows";
  const std::string exp_text =
    "libspf2 1.2.10 renders the spaces of an exp= explanation as '%' and leaves %{c}, %{p} and "
    "%{ir} unexpanded in it (RFC 7208 §6.2, §7.3)";
  const std::string lower_hex =
    "libspf2 URL-escapes with lowercase hex (%3d); the suite expects uppercase (RFC 7208 §7.3 via "
    "RFC 3986 §2.1)";
  const std::string truncation =
    "libspf2 does not shorten an over-long expanded exp= domain (RFC 7208 §7.3), so it finds no "
    "explanation";
  const std::string ptr_limit =
    "libspf2 makes more than 10 PTR names a permerror; RFC 7208 §4.6.4 says to check only the "
    "first 10";
  const std::string include_limit =
    "libspf2 does not count the lookups inside include: against the limit of 10 (RFC 7208 §4.6.4)";
  const std::string void_limit =
    "libspf2 has no void-lookup limit (RFC 7208 §4.6.4: more than 2 is a permerror)";
  std::map<std::string, std::string> limits;
  const auto add = [&limits](std::initializer_list<const char*> ids, const std::string& why) {
    for (const char* id : ids) {
      limits[id] = why;
    }
  };
  add({"a-nxdomain",
       "a-cidr4-0",
       "a-cidr4-0-ip6",
       "a-cidr6-0-ip4",
       "a-cidr6-0-ip4mapped",
       "a-cidr6-0-ip6",
       "a-cidr6-0-nxdomain",
       "mx-nxdomain",
       "mx-cidr4-0",
       "mx-cidr4-0-ip6",
       "mx-cidr6-0-ip4",
       "mx-cidr6-0-ip4mapped",
       "mx-cidr6-0-ip6",
       "mx-cidr6-0-nxdomain",
       "cidr4-0",
       "cidr6-0-ip4",
       "cidr6-ip4",
       "cidr6-0"},
      zero_cidr);
  add({"non-ascii-policy",
       "control-char-policy",
       "redirect-is-modifier",
       "invalid-domain",
       "invalid-domain-empty-label",
       "ptr-empty-domain",
       "a-bad-domain",
       "a-null",
       "a-numeric",
       "a-numeric-toplabel",
       "a-bad-toplabel",
       "a-only-toplabel",
       "a-only-toplabel-trailing-dot",
       "a-empty-domain",
       "mx-bad-domain",
       "mx-null",
       "mx-numeric-top-label",
       "mx-bad-toplab",
       "mx-empty-domain",
       "exists-empty-domain",
       "exists-cidr",
       "cidr4-032",
       "exp-empty-domain",
       "exp-syntax-error",
       "exp-twice",
       "redirect-empty-domain",
       "redirect-twice",
       "unknown-modifier-syntax",
       "exp-only-macro-char",
       "invalid-macro-char",
       "invalid-embedded-macro-char",
       "invalid-trailing-macro-char"},
      lenient_syntax);
  add({"modifier-charset-good", "redirect-after-mechanisms1", "redirect-after-mechanisms2"},
      modifier_name);
  add({"redirect-cancels-prior-exp",
       "dorky-sentinel",
       "trailing-dot-exp",
       "exp-txt-macro-char",
       "v-macro-ip4",
       "v-macro-ip6",
       "p-macro-ip4-novalid",
       "p-macro-ip4-valid",
       "p-macro-ip6-novalid",
       "p-macro-ip6-valid"},
      exp_text);
  add({"upper-macro"}, lower_hex);
  add({"domain-name-truncation"}, truncation);
  add({"ptr-limit"}, ptr_limit);
  add({"include-over-limit"}, include_limit);
  add({"void-over-limit"}, void_limit);
  return limits;
}

std::string
check_openspf_case(const YAML::Node& t, const test::SpfZone& zone)
{
  const SpfCheck got =
    check_spf({scalar(t["host"]), scalar(t["helo"]), scalar(t["mailfrom"])}, zone);
  const std::string result(to_string(got.verdict));
  const YAML::Node want = t["result"];
  bool ok = false;
  if (want.IsSequence()) {
    for (const YAML::Node& option : want) {
      ok = ok || scalar(option) == result;
    }
  } else {
    ok = scalar(want) == result;
  }
  std::string problem = ok ? "" : "got " + result + " (" + got.detail + "), want " + joined(want);
  const std::string explanation = scalar(t["explanation"]);
  // The driver's default explanation is the word DEFAULT; ours is none.
  if (ok && got.verdict == AuthVerdict::fail && !explanation.empty() && explanation != "DEFAULT"
      && got.detail != explanation) {
    problem = "explanation '" + got.detail + "', want '" + explanation + "'";
  }
  return problem;
}

void
run_openspf(Suite& suite, const std::string& file)
{
  for (const YAML::Node& scenario : YAML::LoadAllFromFile(test::corpus_path(file).string())) {
    test::SpfZone zone;
    for (const auto& entry : scenario["zonedata"]) {
      load_name(entry.first.as<std::string>(), entry.second, zone);
    }
    Outcome outcome;
    const std::string description = scalar(scenario["description"]);
    for (const auto& entry : scenario["tests"]) {
      const std::string id = entry.first.as<std::string>();
      suite.record(description, id, check_openspf_case(entry.second, zone), outcome);
    }
    suite.print_scenario(description, outcome);
  }
  suite.finish();
}

} // namespace

TEST_CASE("libspf2 passes the RFC 7208 suite except its listed limits", "[analysis][corpus]")
{
  Suite suite{"spf-rfc7208", openspf_known_limits(), {}, {}};
  run_openspf(suite, "spf-rfc7208/rfc7208-tests.yml");
}

TEST_CASE("libspf2 passes the RFC 4408 suite except its listed limits", "[analysis][corpus]")
{
  Suite suite{"spf-rfc4408", openspf_known_limits(), {}, {}};
  run_openspf(suite, "spf-rfc7208/rfc4408-tests.yml");
}
