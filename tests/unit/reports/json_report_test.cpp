#include "report_fixture.hpp"

#include <reports/json_report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace inboxprobe;
using inboxprobe::test::ReportFixture;
using nlohmann::json;

TEST_CASE("the JSON report parses back with the run's counts and percentiles", "[reports][unit]")
{
  const RunReport report = build_run_report(ReportFixture().input, test::k_generated_at_ms);
  const json doc = json::parse(render_json(report));

  CHECK(doc.at("schema") == "inboxprobe.run-report/1");
  CHECK(doc.at("generated_at_ms") == test::k_generated_at_ms);
  CHECK(doc.at("run").at("id") == "20251129T081500Z-3kq7");
  CHECK(doc.at("run").at("seeds").at(2).at("provider") == "lab");

  const json& overall = doc.at("overall");
  CHECK(overall.at("inbox") == 3);
  CHECK(overall.at("spam") == 2);
  CHECK(overall.at("other") == 1);
  CHECK(overall.at("missing") == 1);
  CHECK(overall.at("rejected") == 1);
  CHECK(overall.at("pending") == 1);
  CHECK(overall.at("total") == 9);
  CHECK(overall.at("rates").at("inbox").get<double>() == Approx(3.0 / 9.0));

  const json& a = doc.at("routes").at(0);
  CHECK(a.at("route") == "relay-a");
  CHECK(a.at("counts").at("total") == 5);
  CHECK(a.at("latency").at("samples") == 4);
  CHECK(a.at("latency").at("p50_ms") == 800);
  CHECK(a.at("latency").at("p95_ms") == 61000);
  CHECK(a.at("latency").at("max_ms") == 61000);
  CHECK(a.at("latency").at("resolution_ms") == 1000);
  CHECK(a.at("latency").at("percentile_method") == "nearest-rank");
  CHECK(a.at("auth").at("seen") == 3);
  CHECK(a.at("auth").at("dkim_pass") == 2);
  CHECK(a.at("findings") == 3);

  const json& matrix = doc.at("matrix");
  REQUIRE(matrix.size() == 6);
  CHECK(matrix.at(1).at("route") == "relay-a");
  CHECK(matrix.at(1).at("seed") == "bob@outlook.example");
  CHECK(matrix.at(1).at("counts").at("spam") == 1);
  CHECK(matrix.at(1).at("counts").at("missing") == 1);
  CHECK(matrix.at(5).at("counts").at("pending") == 1);
}

TEST_CASE("the JSON report carries every probe without wire data", "[reports][unit]")
{
  const RunReport report = build_run_report(ReportFixture().input, test::k_generated_at_ms);
  const json doc = json::parse(render_json(report));
  const json& probes = doc.at("probes");
  REQUIRE(probes.size() == 9);

  const json& first = probes.at(0);
  CHECK(first.at("probe").at("id") == 1);
  CHECK(first.at("placement") == "inbox");
  CHECK(first.at("analysed") == true);
  CHECK(first.at("result").at("latency_ms") == 2300);
  CHECK(first.at("submission").at("queue_id") == "Q1");
  CHECK_FALSE(first.at("submission").contains("transcript"));
  CHECK_FALSE(first.at("submission").contains("message_bytes"));
  CHECK(first.at("result").at("detection_lag_ms") == 45000);
  CHECK(first.at("sighting").at("folder") == "INBOX");
  CHECK(probes.at(1).at("probe").at("id") == 4);
  CHECK(probes.at(1).at("sighting").is_null());

  const json& last = probes.at(8);
  CHECK(last.at("probe").at("id") == 9);
  CHECK(last.at("placement") == "spam");
  CHECK(last.at("analysed") == true);
  CHECK(last.at("sighting").at("folder") == "Junk");
  CHECK_FALSE(last.at("sighting").contains("message_bytes"));
  CHECK(last.at("sighting_count") == 2);

  const json& eight = probes.at(7);
  CHECK(eight.at("probe").at("id") == 8);
  CHECK(eight.at("placement") == "pending");
  CHECK(eight.at("analysed") == false);
  CHECK(eight.at("result").is_null());
}

TEST_CASE(
  "invalid UTF-8 in mail data is replaced, not fatal, in the JSON "
  "report",
  "[reports][unit]")
{
  ReportFixture fixture;
  fixture.input.submissions[0].reply.text = "bad \xFF\xFE reply";
  fixture.input.sightings[1].folder = std::string("Spam\0\xC3", 6);
  const RunReport report = build_run_report(fixture.input, test::k_generated_at_ms);
  std::string text;
  REQUIRE_NOTHROW(text = render_json(report));
  const json doc = json::parse(text);
  CHECK(doc.at("probes").at(8).at("sighting").at("folder") == std::string("Spam\0\xEF\xBF\xBD", 8));
}
