// The shared corpus' Received cases (received-cases.yaml): `single` fields
// (clauses, date -> epoch), `constructed` RFC 5322 date edge cases and whole-
// file `chains` (per-hop epochs, deltas, total transit).
#include "../support/corpus.hpp"

#include <analysis/received.hpp>
#include <analysis/received_hops.hpp>
#include <core/message_headers.hpp>

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

#include <iostream>
#include <optional>
#include <string>
#include <vector>

using namespace inboxprobe;

namespace {

std::string
scalar(const YAML::Node& node)
{
  return node && !node.IsNull() ? node.as<std::string>() : std::string();
}

std::optional<std::int64_t>
optional_epoch(const YAML::Node& node)
{
  if (!node || node.IsNull()) {
    return std::nullopt;
  }
  return node.as<std::int64_t>();
}

std::string
show(std::optional<std::int64_t> epoch)
{
  return epoch ? std::to_string(*epoch) : std::string("none");
}

std::vector<ReceivedHop>
hops_of(const std::string& field)
{
  return parse_received_chain(parse_header_fields(test::to_crlf(field + "\n")));
}

// One `single` case: clauses (via is not kept in ReceivedHop) and the instant.
std::vector<std::string>
check_single(const YAML::Node& c)
{
  std::vector<std::string> problems;
  const std::vector<ReceivedHop> hops = hops_of(scalar(c["field"]));
  if (hops.size() != 1) {
    return {"expected one Received field"};
  }
  const ReceivedHop& hop = hops[0];
  const YAML::Node clauses = c["expect"]["clauses"];
  const std::pair<const char*, const std::string*> fields[] = {
    {"from", &hop.from}, {"by", &hop.by}, {"with", &hop.with}, {"id", &hop.id}, {"for", &hop.for_}};
  for (const auto& [key, value] : fields) {
    if (scalar(clauses[key]) != *value) {
      problems.push_back(std::string(key) + " = '" + *value + "', want '" + scalar(clauses[key])
                         + "'");
    }
  }
  const auto want = optional_epoch(c["expect"]["epoch"]);
  if (hop.date_at != want) {
    problems.push_back("epoch " + show(hop.date_at) + ", want " + show(want));
  } else if (want && format_utc_iso(*want) != scalar(c["expect"]["utc"])) {
    problems.push_back("utc " + format_utc_iso(*want));
  }
  return problems;
}

// A `constructed` case: a Received field or (bad-zone) a Date field; an
// expected `error` or null date means no instant.
std::vector<std::string>
check_constructed(const YAML::Node& c)
{
  const std::string field = scalar(c["field"]);
  const YAML::Node expect = c["expect"];
  std::optional<std::int64_t> got;
  if (field.rfind("Date:", 0) == 0) {
    got = parse_rfc5322_date(field.substr(5));
  } else {
    const std::vector<ReceivedHop> hops = hops_of(field);
    got = hops.size() == 1 ? hops[0].date_at : std::nullopt;
  }
  const auto want = expect["error"] ? std::nullopt : optional_epoch(expect["epoch"]);
  if (got != want) {
    return {"epoch " + show(got) + ", want " + show(want)};
  }
  return {};
}

std::vector<std::string>
check_chain(const YAML::Node& c)
{
  const std::string file = scalar(c["file"]);
  std::string message = test::read_file(test::corpus_path(file));
  if (file.rfind("arc-stalwart/", 0) == 0) {
    // DNS records, a blank line, then the message (corpus README).
    message = std::string(message_body(message));
  }
  const std::vector<ReceivedHop> hops = parse_received_chain(parse_header_fields(message));
  const YAML::Node want = c["received"];
  if (hops.size() != c["hops"].as<std::size_t>() || want.size() != hops.size()) {
    return {"hops " + std::to_string(hops.size())};
  }
  std::vector<std::string> problems;
  const std::vector<Hop> built = build_hops(hops);
  for (std::size_t i = 0; i < hops.size(); ++i) {
    if (built[i].delay_s != optional_epoch(want[i][1])) {
      problems.push_back("hop " + std::to_string(i) + " delay_s " + show(built[i].delay_s));
    }
    const auto epoch = want[i][0].as<std::int64_t>();
    if (hops[i].date_at != epoch) {
      problems.push_back("hop " + std::to_string(i) + " epoch " + show(hops[i].date_at));
    }
    const auto delta = optional_epoch(want[i][1]);
    if (delta && i + 1 < hops.size() && hops[i].date_at && hops[i + 1].date_at
        && *hops[i].date_at - *hops[i + 1].date_at != *delta) {
      problems.push_back("hop " + std::to_string(i) + " delta");
    }
  }
  if (hops.front().date_at && hops.back().date_at
      && *hops.front().date_at - *hops.back().date_at
           != c["total_transit_seconds"].as<std::int64_t>()) {
    problems.push_back("total transit");
  }
  return problems;
}

} // namespace

TEST_CASE("Every Received corpus case gives the expected clauses and instants",
          "[analysis][corpus]")
{
  const YAML::Node root =
    YAML::LoadFile(test::corpus_path("received-headers/received-cases.yaml").string());
  int passed = 0;
  int failed = 0;
  const auto run = [&](const YAML::Node& list, const char* kind, auto check) {
    for (const YAML::Node& c : list) {
      const std::vector<std::string> problems = check(c);
      problems.empty() ? ++passed : ++failed;
      for (const std::string& problem : problems) {
        UNSCOPED_INFO(kind << " " << scalar(c["id"]) << scalar(c["file"]) << ": " << problem);
      }
    }
  };
  run(root["single"], "single", check_single);
  run(root["constructed"], "constructed", check_constructed);
  run(root["chains"], "chain", check_chain);
  std::cout << "corpus received-headers: " << passed << " passed, " << failed << " failed\n";
  CHECK(passed == 19 + 6 + 12);
  CHECK(failed == 0);
}
