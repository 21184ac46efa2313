// The shared corpus' spam-filter verdict cases (spam-verdict-cases.yaml):
// SpamAssassin, rspamd, Microsoft EOP / Outlook.com and the other vendors'
// cases, each checked field by field.
#include "../support/corpus.hpp"

#include <analysis/spam_verdict.hpp>
#include <core/message_headers.hpp>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

std::string
scalar(const YAML::Node& node)
{
  return node && !node.IsNull() ? node.as<std::string>() : std::string();
}

bool
same_number(const std::optional<double>& got, const YAML::Node& want)
{
  return got && std::fabs(*got - want.as<double>()) < 1e-9;
}

void
check_rspamd_symbols(const std::vector<HeaderField>& fields,
                     const YAML::Node& want,
                     std::vector<std::string>& problems)
{
  const std::vector<std::string> values = header_values(fields, "X-Spamd-Result");
  const std::vector<RspamdSymbol> got =
    values.empty() ? std::vector<RspamdSymbol>{} : parse_rspamd_symbols(values[0]);
  if (got.size() != want.size()) {
    problems.push_back("symbol count " + std::to_string(got.size()));
    return;
  }
  for (std::size_t i = 0; i < got.size(); ++i) {
    const auto options = want[i]["options"].as<std::vector<std::string>>();
    if (got[i].name != scalar(want[i]["name"]) || !same_number(got[i].score, want[i]["score"])
        || got[i].options != options) {
      problems.push_back("symbol " + got[i].name);
    }
  }
}

std::string
detail(const SpamVerdict& verdict, const std::string& key)
{
  for (const auto& [name, value] : verdict.details) {
    if (name == key) {
      return value;
    }
  }
  return "<absent>";
}

void
check_details(const SpamVerdict& verdict,
              const YAML::Node& want,
              std::vector<std::string>& problems)
{
  for (const auto& pair : want) {
    const std::string key = pair.first.as<std::string>();
    if (detail(verdict, key) != scalar(pair.second)) {
      problems.push_back(key + " '" + detail(verdict, key) + "'");
    }
  }
}

std::vector<std::string>
check_microsoft(const SpamVerdict& verdict, const YAML::Node& expect)
{
  std::vector<std::string> problems;
  if (verdict.engine != "microsoft-eop") {
    problems.push_back("engine " + verdict.engine);
  }
  if (verdict.is_spam != expect["is_spam"].as<bool>()) {
    problems.push_back("is_spam");
  }
  if (!same_number(verdict.score, expect["scl"])) {
    problems.push_back("scl");
  }
  if (expect["bcl"] && detail(verdict, "BCL") != scalar(expect["bcl"])) {
    problems.push_back("bcl");
  }
  check_details(verdict, expect["fields"], problems);
  check_details(verdict, expect["mailbox_delivery"], problems);
  if (expect["sfs_count"]) {
    const std::string sfs = detail(verdict, "SFS");
    if (std::count(sfs.begin(), sfs.end(), '(') != expect["sfs_count"].as<long>()) {
      problems.push_back("sfs_count");
    }
  }
  return problems;
}

std::vector<std::string>
check_other_vendors(const std::vector<HeaderField>& fields, const YAML::Node& expect)
{
  std::vector<std::string> problems;
  const std::vector<SpamVerdict> verdicts = parse_spam_verdicts(fields);
  if (verdicts.size() != 2 || verdicts[0].engine != "mimecast"
      || verdicts[1].engine != "proofpoint") {
    return {"engines"};
  }
  if (!same_number(verdicts[0].score, expect["mimecast_score"]) || verdicts[0].is_spam) {
    problems.push_back("mimecast");
  }
  check_details(verdicts[1], expect["proofpoint"], problems);
  if (!same_number(verdicts[1].score, expect["proofpoint"]["score"])) {
    problems.push_back("proofpoint score");
  }
  return problems;
}

std::vector<std::string>
check_case(const YAML::Node& c)
{
  const std::vector<HeaderField> fields =
    parse_header_fields(test::to_crlf(scalar(c["headers"]) + "\n\n"));
  const auto verdict = parse_spam_verdict(fields);
  const YAML::Node expect = c["expect"];
  if (!expect["engine"]) {
    return check_other_vendors(fields, expect);
  }
  if (!verdict) {
    return {"no verdict"};
  }
  if (scalar(expect["engine"]) == "microsoft-eop") {
    return check_microsoft(*verdict, expect);
  }
  std::vector<std::string> problems;
  const std::string engine = scalar(expect["engine"]);
  if (verdict->engine != engine) {
    problems.push_back("engine " + verdict->engine);
  }
  if (verdict->is_spam != expect["is_spam"].as<bool>()) {
    problems.push_back("is_spam");
  }
  if (expect["flag"] && verdict->is_spam != expect["flag"].as<bool>()) {
    problems.push_back("X-Spam-Flag disagrees with the verdict");
  }
  if (!same_number(verdict->score, expect["score"])) {
    problems.push_back("score");
  }
  const YAML::Node threshold = engine == "rspamd" ? expect["reject_score"] : expect["required"];
  if (!same_number(verdict->threshold, threshold)) {
    problems.push_back("threshold");
  }
  if (expect["action"] && verdict->action != scalar(expect["action"])) {
    problems.push_back("action '" + verdict->action + "'");
  }
  if (engine == "rspamd") {
    check_rspamd_symbols(fields, expect["symbols"], problems);
  } else if (verdict->symbols != expect["tests"].as<std::vector<std::string>>()) {
    problems.push_back("tests");
  }
  return problems;
}

} // namespace

TEST_CASE("Every spam-verdict corpus case gives the expected verdict", "[analysis][corpus]")
{
  const YAML::Node root =
    YAML::LoadFile(test::corpus_path("spam-verdicts/spam-verdict-cases.yaml").string());
  int passed = 0;
  int failed = 0;
  for (const YAML::Node& c : root["cases"]) {
    const std::string id = scalar(c["id"]);
    const std::vector<std::string> problems = check_case(c);
    problems.empty() ? ++passed : ++failed;
    for (const std::string& problem : problems) {
      UNSCOPED_INFO(id << ": " << problem);
    }
  }
  std::cout << "corpus spam-verdicts: " << passed << " passed, " << failed << " failed\n";
  CHECK(passed == 13);
  CHECK(failed == 0);
}
