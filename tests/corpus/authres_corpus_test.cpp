// The shared corpus' Authentication-Results cases (authres-cases.yaml): every
// case in lenient mode against `expect` (null: must be rejected), in strict
// mode against `strict.valid`, and each lenient result as a round trip
// parse -> format -> parse.
#include "../support/corpus.hpp"

#include <analysis/auth_results.hpp>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

// The record's fields as one comparable text (raw excluded).
std::string
describe(const AuthResultsField& field)
{
  std::ostringstream out;
  out << "id=" << field.authserv_id << " v=" << field.version << " none=" << field.none << "\n";
  for (const AuthResult& r : field.results) {
    out << "  " << r.method << "/" << r.method_version << "=" << r.result << " reason=" << r.reason;
    for (const auto& [name, value] : r.props) {
      out << " [" << name << "|" << value << "]";
    }
    out << "\n";
  }
  return out.str();
}

std::string
scalar(const YAML::Node& node)
{
  return node && !node.IsNull() ? node.as<std::string>() : std::string();
}

AuthResultsField
expected_field(const YAML::Node& expect)
{
  AuthResultsField field;
  field.authserv_id = scalar(expect["authserv_id"]);
  field.version = scalar(expect["version"]);
  field.none = expect["none"].as<bool>();
  for (const YAML::Node& r : expect["results"]) {
    AuthResult result;
    result.method = scalar(r["method"]);
    result.method_version = scalar(r["method_version"]);
    result.result = scalar(r["result"]);
    result.reason = scalar(r["reason"]);
    for (const YAML::Node& prop : r["props"]) {
      result.props.emplace_back(prop[0].as<std::string>(), prop[1].as<std::string>());
    }
    field.results.push_back(result);
  }
  return field;
}

// Every line break of a YAML block value stands for CRLF.
std::string
field_body(const YAML::Node& c)
{
  std::string value = scalar(c["value"]);
  return test::to_crlf(value);
}

// The problems of one case; empty when it passes.
std::vector<std::string>
check_case(const YAML::Node& c)
{
  std::vector<std::string> problems;
  std::string body = field_body(c);
  int instance = 0;
  if (scalar(c["field"]) == "ARC-Authentication-Results") {
    body = std::string(strip_arc_instance(body, instance));
  }
  const auto lenient = parse_auth_results(body, AuthResParse::lenient);
  const YAML::Node expect = c["expect"];
  if (!expect || expect.IsNull()) {
    if (lenient) {
      problems.push_back("lenient accepted an input that must be rejected:\n" + describe(*lenient));
    }
  } else if (!lenient) {
    problems.push_back("lenient rejected: " + lenient.error().what);
  } else {
    const std::string want = describe(expected_field(expect));
    if (describe(*lenient) != want) {
      problems.push_back("lenient got\n" + describe(*lenient) + "want\n" + want);
    }
    if (expect["arc_instance"] && expect["arc_instance"].as<int>() != instance) {
      problems.push_back("arc instance " + std::to_string(instance));
    }
    const std::string printed = format_auth_results(*lenient);
    const auto again = parse_auth_results(printed, AuthResParse::lenient);
    if (!again || describe(*again) != describe(*lenient)) {
      problems.push_back("round trip differs: " + printed);
    }
  }
  const bool strict_valid = c["strict"]["valid"].as<bool>();
  const auto strict = parse_auth_results(body, AuthResParse::strict);
  if (strict_valid && !strict) {
    problems.push_back("strict rejected a valid field: " + strict.error().what);
  } else if (strict_valid && lenient && describe(*strict) != describe(*lenient)) {
    problems.push_back("strict and lenient differ");
  } else if (!strict_valid && strict) {
    problems.push_back("strict accepted an invalid field (expected: " + scalar(c["strict"]["error"])
                       + ")");
  }
  return problems;
}

} // namespace

TEST_CASE("Every Authentication-Results corpus case parses as expected", "[analysis][corpus]")
{
  const YAML::Node root =
    YAML::LoadFile(test::corpus_path("authres-cases/authres-cases.yaml").string());
  int passed = 0;
  int failed = 0;
  for (const YAML::Node& c : root["cases"]) {
    const std::vector<std::string> problems = check_case(c);
    if (problems.empty()) {
      ++passed;
      continue;
    }
    ++failed;
    for (const std::string& problem : problems) {
      UNSCOPED_INFO(scalar(c["id"]) << ": " << problem);
    }
  }
  std::cout << "corpus authres-cases: " << passed << " passed, " << failed << " failed\n";
  CHECK(passed == 64);
  CHECK(failed == 0);
}
