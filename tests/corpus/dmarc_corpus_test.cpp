// The shared corpus' DMARC cases (dmarc-cases.yaml): record parsing through
// libopendmarc's parser with the RFC 7489 rules added, alignment through the
// whole evaluation (a synthetic policy record with the case's adkim/aspf), and
// the identifiers of real corpus messages. The PSL policy is ICANN + private
// sections (the case marked psl_private_sensitive expects that).
#include "../support/corpus.hpp"

#include <analysis/dkim_check.hpp>
#include <analysis/dmarc.hpp>
#include <core/message_headers.hpp>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

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

std::vector<std::string>
check_record(const YAML::Node& c)
{
  std::string txt = scalar(c["txt"]);
  for (const YAML::Node& part : c["split_txt"]) {
    txt += scalar(part);
  }
  const auto record = parse_dmarc_record(txt);
  const YAML::Node expect = c["expect"];
  if (expect["error"]) {
    return record ? std::vector<std::string>{"accepted, want error"} : std::vector<std::string>{};
  }
  if (!record) {
    return {"refused: " + record.error().what};
  }
  std::vector<std::string> problems;
  const auto want = [&](const char* key, const std::string& got) {
    if (expect[key] && scalar(expect[key]) != got) {
      problems.push_back(std::string(key) + " = " + got);
    }
  };
  want("p", record->p);
  want("sp", record->sp);
  want("adkim", std::string(1, record->adkim));
  want("aspf", std::string(1, record->aspf));
  want("pct", std::to_string(record->pct));
  want("fo", record->fo);
  want("ri", std::to_string(record->ri));
  if (expect["pct_invalid"] && record->pct_invalid != expect["pct_invalid"].as<bool>()) {
    problems.push_back("pct_invalid");
  }
  if (expect["rua"] && record->rua != expect["rua"].as<std::vector<std::string>>()) {
    problems.push_back("rua");
  }
  return problems;
}

std::vector<std::string>
check_alignment(const YAML::Node& c)
{
  DmarcInputs inputs;
  inputs.from_domain = scalar(c["from"]);
  for (const YAML::Node& d : c["dkim"]) {
    inputs.dkim_domains.push_back(scalar(d));
  }
  inputs.spf_domain = c["spf_helo"] ? scalar(c["spf_helo"]) : scalar(c["spf"]);
  MapDnsResolver dns;
  dns.add("_dmarc." + normalized_domain(inputs.from_domain),
          DnsType::txt,
          "v=DMARC1; p=reject; adkim=" + scalar(c["adkim"]) + "; aspf=" + scalar(c["aspf"]));
  const DmarcCheck got = evaluate_dmarc(inputs, dns);
  const YAML::Node expect = c["expect"];
  std::vector<std::string> problems;
  if (expect["dkim_aligned"] && got.dkim_aligned != expect["dkim_aligned"].as<bool>()) {
    problems.push_back("dkim_aligned");
  }
  if (expect["spf_aligned"] && got.spf_aligned != expect["spf_aligned"].as<bool>()) {
    problems.push_back("spf_aligned");
  }
  if (to_string(got.verdict) != scalar(expect["dmarc"])) {
    problems.push_back("dmarc " + std::string(to_string(got.verdict)));
  }
  return problems;
}

// From, DKIM d= (every signature) and the Return-Path domain of a corpus file.
std::vector<std::string>
check_from_corpus(const YAML::Node& c)
{
  const std::string message = test::read_file(test::corpus_path(scalar(c["file"])));
  const std::vector<HeaderField> fields = parse_header_fields(message);
  std::vector<std::string> problems;
  const std::string from = message_from_domain(fields);
  if (from != scalar(c["from"])) {
    problems.push_back("from " + from);
  }
  std::vector<std::string> dkim;
  for (const DkimCheck& check : verify_dkim(message, MapKeyLookup())) {
    dkim.push_back(check.domain);
  }
  if (dkim != c["dkim"].as<std::vector<std::string>>()) {
    problems.push_back("dkim d= list");
  }
  const std::vector<std::string> path = header_values(fields, "Return-Path");
  std::string spf;
  if (!path.empty()) {
    const std::string value = unfold(path.front());
    spf = value.substr(value.rfind('@') + 1);
    spf = spf.substr(0, spf.find('>'));
  }
  if (spf != scalar(c["spf"])) {
    problems.push_back("spf " + spf);
  }
  for (const auto& [key, mode] :
       {std::pair{"expect_relaxed", 'r'}, std::pair{"expect_strict", 's'}}) {
    const YAML::Node expect = c[key];
    if (!expect) {
      continue;
    }
    bool dkim_aligned = false;
    for (const std::string& d : dkim) {
      dkim_aligned = dkim_aligned || is_aligned(d, from, mode);
    }
    if (expect["dkim_aligned"] && dkim_aligned != expect["dkim_aligned"].as<bool>()) {
      problems.push_back(std::string(key) + " dkim");
    }
    if (expect["spf_aligned"] && is_aligned(spf, from, mode) != expect["spf_aligned"].as<bool>()) {
      problems.push_back(std::string(key) + " spf");
    }
  }
  return problems;
}

} // namespace

TEST_CASE("Every DMARC corpus case gives the expected record, alignment and result",
          "[analysis][corpus]")
{
  const YAML::Node root =
    YAML::LoadFile(test::corpus_path("dmarc-cases/dmarc-cases.yaml").string());
  int passed = 0;
  int failed = 0;
  const auto run = [&](const YAML::Node& list, const char* kind, auto check) {
    for (const YAML::Node& c : list) {
      const std::vector<std::string> problems = check(c);
      problems.empty() ? ++passed : ++failed;
      for (const std::string& problem : problems) {
        UNSCOPED_INFO(kind << " " << scalar(c["id"]) << scalar(c["txt"]) << scalar(c["file"])
                           << ": " << problem);
      }
    }
  };
  run(root["records"], "record", check_record);
  run(root["alignment"], "alignment", check_alignment);
  run(root["from_corpus"], "from_corpus", check_from_corpus);
  std::cout << "corpus dmarc-cases: " << passed << " passed, " << failed << " failed\n";
  CHECK(passed == 13 + 14 + 5);
  CHECK(failed == 0);
}
