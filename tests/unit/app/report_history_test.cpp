// Report content from a fixed history: a store filled through the Store API
// with nine nights of a two-route, three-seed campaign, then the run report
// and the trend report built from it (app/run_report_load.cpp) and checked
// number by number: matrix cells, rates, percentiles, the comparison with the
// previous night and the 7-night average, TLS per hop, trend points.
#include "run_passes.hpp"

#include <reports/csv_report.hpp>
#include <reports/json_report.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <ctime>
#include <optional>

using namespace inboxprobe;

namespace {

constexpr std::int64_t k_day_ms = 86'400'000;
// Night 8 (the run under test) starts 2025-11-29 02:00:00 UTC.
constexpr std::int64_t k_night8_ms = 1'764'381'600'000;

struct Outcome
{
  const char* route;
  const char* seed;
  Placement placement;
  std::optional<std::int64_t> latency_ms;
  const char* last_hop_with; // protocol of the hop into the seed's server
};

std::string
run_id(int night)
{
  return "night-" + std::to_string(night);
}

// `at_s` as an RFC 5322 §3.3 date-time in UTC.
std::string
rfc5322_date(std::int64_t at_s)
{
  const auto t = static_cast<std::time_t>(at_s);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  return buffer;
}

// A received copy with two Received fields (newest first): the route's relay
// to the seed's MX (`last_hop_with`), and the client to the relay (ESMTPSA).
std::string
received_copy(std::int64_t at_s, const char* last_hop_with)
{
  return "Received: from relay.sender.example by mx.seed.example with " + std::string(last_hop_with)
         + " id A; " + rfc5322_date(at_s)
         + "\r\nReceived: from client.sender.example by relay.sender.example with ESMTPSA id B; "
         + rfc5322_date(at_s - 2) + "\r\nSubject: probe\r\n\r\nbody\r\n";
}

void
add_night(Store& store, int night, const std::vector<Outcome>& outcomes)
{
  Run run;
  run.id = run_id(night);
  run.campaign = "nightly";
  run.state = "done";
  run.started_at_ms = k_night8_ms + (night - 8) * k_day_ms;
  run.deadline_at_ms = run.started_at_ms + 600'000;
  run.routes = {"relay-a", "relay-b"};
  run.seeds = {{"a1@gmail.example", "gmail"},
               {"a2@gmail.example", "gmail"},
               {"b1@outlook.example", "outlook"}};
  REQUIRE(store.create_run(run));
  std::vector<Probe> probes;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    probes.push_back(
      {0, run.id, run.id + "-" + std::to_string(i), outcomes[i].route, outcomes[i].seed, "plain"});
  }
  REQUIRE(store.save_probes(probes));
  std::vector<ProbeResult> results;
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    const Outcome& o = outcomes[i];
    Submission submission;
    submission.probe_id = probes[i].id;
    submission.outcome =
      o.placement == Placement::rejected ? SubmitOutcome::rejected : SubmitOutcome::accepted;
    submission.accepted_at_ms = run.started_at_ms + 1000;
    REQUIRE(store.save_submission(submission, false));
    if (o.latency_ms) {
      Sighting sighting;
      sighting.probe_id = probes[i].id;
      sighting.folder = o.placement == Placement::spam ? "Junk" : "INBOX";
      sighting.role = o.placement == Placement::spam ? FolderRole::junk : FolderRole::inbox;
      sighting.found_at_ms = run.started_at_ms + 1000 + *o.latency_ms + 500;
      const std::int64_t arrival_s = (run.started_at_ms + 1000 + *o.latency_ms) / 1000;
      sighting.message_bytes = received_copy(arrival_s, o.last_hop_with);
      REQUIRE(store.save_sighting(sighting));
    }
    ProbeResult result;
    result.probe_id = probes[i].id;
    result.placement = o.placement;
    result.latency_ms = o.latency_ms;
    results.push_back(result);
  }
  REQUIRE(store.save_results(results));
}

// Nights 1-7: everything in the inbox but relay-b -> outlook (spam); relay-a
// latencies grow by night (1, 2, 3 s times the night), relay-b's stay 4-6 s.
std::vector<Outcome>
earlier_night(std::int64_t n)
{
  return {{"relay-a", "a1@gmail.example", Placement::inbox, 1000 * n, "ESMTPS"},
          {"relay-a", "a2@gmail.example", Placement::inbox, 2000 * n, "ESMTPS"},
          {"relay-a", "b1@outlook.example", Placement::inbox, 3000 * n, "ESMTPS"},
          {"relay-b", "a1@gmail.example", Placement::inbox, 4000, "ESMTPS"},
          {"relay-b", "a2@gmail.example", Placement::inbox, 5000, "ESMTPS"},
          {"relay-b", "b1@outlook.example", Placement::spam, 6000, "ESMTPS"}};
}

const std::vector<Outcome> k_night8 = {
  {"relay-a", "a1@gmail.example", Placement::inbox, 2000, "ESMTPS"},
  {"relay-a", "a2@gmail.example", Placement::spam, 4000, "ESMTPS"},
  {"relay-a", "b1@outlook.example", Placement::missing, std::nullopt, ""},
  {"relay-b", "a1@gmail.example", Placement::inbox, 1000, "ESMTP"},
  {"relay-b", "a2@gmail.example", Placement::rejected, std::nullopt, ""},
  {"relay-b", "b1@outlook.example", Placement::inbox, 61'000, "LMTPS"}};

Store
fixed_history()
{
  auto store = Store::open(":memory:");
  REQUIRE(store);
  for (int night = 1; night <= 7; ++night) {
    add_night(*store, night, earlier_night(night));
  }
  add_night(*store, 8, k_night8);
  // A later night: never part of night 8's comparison or trend.
  std::vector<Outcome> night9 = earlier_night(1);
  night9[5].placement = Placement::inbox;
  add_night(*store, 9, night9);
  return std::move(*store);
}

void
check_cell(const PlacementCounts& cell, int inbox, int spam, int missing, int rejected)
{
  CHECK(cell.count(Placement::inbox) == inbox);
  CHECK(cell.count(Placement::spam) == spam);
  CHECK(cell.count(Placement::missing) == missing);
  CHECK(cell.count(Placement::rejected) == rejected);
}

} // namespace

TEST_CASE("the run report from a fixed history has the expected cells, rates and percentiles",
          "[app][unit]")
{
  Store store = fixed_history();
  const auto report = build_report_from_store(store, run_id(8), k_night8_ms + 3'600'000);
  REQUIRE(report);

  check_cell(report->overall, 3, 1, 1, 1);
  CHECK(report->overall.rate(Placement::inbox) == Approx(0.5));

  REQUIRE(report->providers == std::vector<std::string>{"gmail", "outlook"});
  REQUIRE(report->provider_matrix.size() == 2);
  check_cell(report->provider_matrix[0][0], 1, 1, 0, 0); // relay-a x gmail
  check_cell(report->provider_matrix[0][1], 0, 0, 1, 0); // relay-a x outlook
  check_cell(report->provider_matrix[1][0], 1, 0, 0, 1); // relay-b x gmail
  check_cell(report->provider_matrix[1][1], 1, 0, 0, 0); // relay-b x outlook

  const RouteSummary& a = report->routes.at(0);
  CHECK(a.route == "relay-a");
  CHECK(a.counts.rate(Placement::inbox) == Approx(1.0 / 3.0));
  CHECK(a.latency_p50_ms == 2000);
  CHECK(a.latency_p95_ms == 4000);
  CHECK(a.latency_max_ms == 4000);
  CHECK(a.hop_probes == 2);
  CHECK(a.tls_all_hops == 2);
  const RouteSummary& b = report->routes.at(1);
  CHECK(b.latency_p50_ms == 1000);
  CHECK(b.latency_p95_ms == 61'000);
  CHECK(b.hop_probes == 2);
  CHECK(b.tls_all_hops == 1); // the ESMTP hop of relay-b -> a1 had no TLS

  // The hop timeline: client -> relay (ESMTPSA), relay -> MX 2 s later.
  const ProbeRow& first = report->probes.at(0);
  REQUIRE(first.hops.size() == 2);
  CHECK(first.hops[0].by == "relay.sender.example");
  CHECK(first.hops[1].by == "mx.seed.example");
  CHECK(first.hops[1].delay_ms == 2000);
  CHECK(first.headers.rfind("Received: from relay.sender.example", 0) == 0);
  CHECK(first.headers.find("body") == std::string::npos);

  // Previous night 7: 5 of 6 in the inbox; nights 1-7 all within 7 days.
  const RunComparison& cmp = report->comparison;
  REQUIRE(cmp.previous);
  CHECK(cmp.previous->run_id == "night-7");
  CHECK(cmp.previous->overall.rate(Placement::inbox) == Approx(5.0 / 6.0));
  CHECK(cmp.week_runs == 7);
  CHECK(cmp.week_average_rates.at(Placement::inbox) == Approx(5.0 / 6.0));
  CHECK(cmp.week_average_rates.at(Placement::spam) == Approx(1.0 / 6.0));

  // Trend: nights 1-8, oldest first; relay-a p95 = 3 s x night, inbox 100 %.
  REQUIRE(report->trend.size() == 8);
  CHECK(report->trend.front().run_id == "night-1");
  CHECK(report->trend.back().run_id == "night-8");
  for (int night = 1; night <= 7; ++night) {
    CAPTURE(night);
    const TrendPoint& point = report->trend[static_cast<std::size_t>(night - 1)];
    const RouteTrendPoint* route_a = find_route(point, "relay-a");
    REQUIRE(route_a);
    CHECK(route_a->latency_p95_ms == 3000 * night);
    CHECK(route_a->latency_p50_ms == 2000 * night);
    CHECK(route_a->counts.rate(Placement::inbox) == Approx(1.0));
    CHECK(find_route(point, "relay-b")->counts.rate(Placement::inbox) == Approx(2.0 / 3.0));
  }
  CHECK(find_route(report->trend.back(), "relay-b")->latency_p95_ms == 61'000);

  // The JSON carries the same numbers.
  const auto doc = nlohmann::json::parse(render_json(*report));
  CHECK(doc.at("comparison").at("week_runs") == 7);
  CHECK(doc.at("trend").size() == 8);
  CHECK(doc.at("provider_matrix").at(1).at("counts").at("missing") == 1);
  CHECK(doc.at("routes").at(1).at("tls").at("all_hops_tls") == 1);
}

TEST_CASE("the trend report sums the runs of its period by route and provider", "[app][unit]")
{
  Store store = fixed_history();
  // Nights 6, 7, 8 and 9.
  const auto trend =
    build_trend_from_store(store, "nightly", k_night8_ms - 2 * k_day_ms, k_night8_ms);
  REQUIRE(trend);
  REQUIRE(trend->points.size() == 4);
  CHECK(trend->points[0].run_id == "night-6");
  CHECK(trend->points[3].run_id == "night-9");
  check_cell(trend->overall, 2 * 5 + 3 + 6, 2 + 1, 1, 1);
  REQUIRE(trend->providers == std::vector<std::string>{"gmail", "outlook"});
  check_cell(trend->provider_matrix[1][1], 2, 2, 0, 0); // relay-b x outlook
  check_cell(trend->routes.at(0).counts, 10, 1, 1, 0);  // relay-a
  // relay-a samples: nights 6, 7 (6..21 s), night 8 (2, 4 s), night 9 (1..3 s).
  CHECK(trend->routes.at(0).latency_samples == 11);
  CHECK(trend->routes.at(0).latency_p95_ms == 21'000);

  const auto other_campaign = build_trend_from_store(store, "weekly", 0, k_night8_ms);
  REQUIRE(other_campaign);
  CHECK(other_campaign->points.empty());
}

TEST_CASE("the runs list counts each run's placements", "[app][unit]")
{
  Store store = fixed_history();
  const auto line = summary_line(store, run_id(8));
  REQUIRE(line);
  CHECK(*line == "run night-8: 6 probes: 3 inbox, 1 spam, 0 other, 1 missing, 1 rejected");
}

TEST_CASE("the probes CSV of a fixed history has one row per probe", "[app][unit]")
{
  Store store = fixed_history();
  const auto report = build_report_from_store(store, run_id(8), k_night8_ms + 3'600'000);
  REQUIRE(report);
  const std::string csv = render_probes_csv(*report);
  std::size_t lines = 0;
  for (std::size_t p = 0; (p = csv.find("\r\n", p)) != std::string::npos; p += 2) {
    ++lines;
  }
  CHECK(lines == 7);
  CHECK(csv.rfind("run_id,probe_id,route,seed,provider,content,placement,", 0) == 0);
  CHECK(csv.find("night-8,") != std::string::npos);
  CHECK(csv.find(",relay-b,b1@outlook.example,outlook,plain,inbox,,yes,accepted,,,,")
        != std::string::npos);
}
