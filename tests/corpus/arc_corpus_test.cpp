// ARC (RFC 8617) validation over the shared corpus: the ValiMail validation
// suite (arc-draft-validation-tests.yml; keys from each scenario's
// txt-records) and arc-stalwart (a real Gmail-sealed list message, and a
// chain sealed with ed25519-sha256). One line per suite.
#include "../support/corpus.hpp"

#include <analysis/arc.hpp>
#include <core/message_headers.hpp>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

std::string
scalar(const YAML::Node& node)
{
  return node && !node.IsNull() ? node.as<std::string>() : std::string();
}

std::string
lower(std::string s)
{
  for (char& c : s) {
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  }
  return s;
}

std::string
trimmed(std::string s)
{
  const auto begin = s.find_first_not_of(" \t\r\n");
  return begin == std::string::npos ? ""
                                    : s.substr(begin, s.find_last_not_of(" \t\r\n") - begin + 1);
}

} // namespace

TEST_CASE("Our ARC validator agrees with the ValiMail validation suite", "[analysis][corpus]")
{
  int passed = 0;
  int failed = 0;
  std::vector<std::string> problems;
  const auto documents = YAML::LoadAllFromFile(
    test::corpus_path("arc-test-suite/arc-draft-validation-tests.yml").string());
  for (const YAML::Node& scenario : documents) {
    MapKeyLookup keys;
    for (const auto& record : scenario["txt-records"]) {
      keys.add(record.first.as<std::string>(), record.second.as<std::string>());
    }
    for (const auto& entry : scenario["tests"]) {
      const std::string id = entry.first.as<std::string>();
      // Three tests have an empty cv (a "|" block with no text); their
      // messages carry a cv=fail seal, so a validator's answer is fail
      // (the corpus notes allow reading them as "expected: fail").
      std::string want = lower(trimmed(scalar(entry.second["cv"])));
      want = want.empty() ? "fail" : want;
      const ArcCheck got = verify_arc(test::to_crlf(scalar(entry.second["message"])), keys);
      if (got.chain == want) {
        ++passed;
      } else {
        ++failed;
        problems.push_back(id + ": got " + got.chain + " (" + got.error + "), want " + want);
      }
    }
  }
  std::cout << "corpus arc-test-suite: " << passed << " passed, " << failed << " failed\n";
  for (const std::string& problem : problems) {
    UNSCOPED_INFO(problem);
  }
  CHECK(failed == 0);
  CHECK(passed >= 171);
}

TEST_CASE("The Stalwart ARC messages validate, the ed25519 chain by our stated policy",
          "[analysis][corpus]")
{
  struct Case
  {
    const char* file;
    const char* chain;
    const char* algorithm; // of the i=1 seal
  };
  // 001: a real Gmail seal on an IETF list message. 002: a two-hop chain whose
  // i=1 set is ed25519-sha256, which we verify (and the analysis flags).
  const std::vector<Case> cases = {{"001.txt", "pass", "rsa-sha256"},
                                   {"002.txt", "pass", "ed25519-sha256"}};
  int passed = 0;
  int failed = 0;
  for (const Case& c : cases) {
    CAPTURE(c.file);
    const std::string content =
      test::read_file(test::corpus_path(std::string("arc-stalwart/") + c.file));
    const std::size_t blank = content.find("\n\n");
    REQUIRE(blank != std::string::npos);
    MapKeyLookup keys;
    std::istringstream lines(content.substr(0, blank));
    std::string line;
    while (std::getline(lines, line)) {
      const std::size_t space = line.find(' ');
      keys.add(line.substr(0, space), line.substr(space + 1));
    }
    const ArcCheck got = verify_arc(test::to_crlf(content.substr(blank + 2)), keys);
    CAPTURE(got.error);
    const bool ok =
      got.chain == c.chain && !got.sets.empty() && got.sets[0].algorithm == c.algorithm;
    ok ? ++passed : ++failed;
    CHECK(ok);
  }
  std::cout << "corpus arc-stalwart: " << passed << " passed, " << failed << " failed\n";
}
