// The JSON run report, built with nlohmann-json from the RunReport model and
// the record forms of core/record_json.hpp.
#include "json_report.hpp"

#include "json_parts.hpp"

#include <core/record_json.hpp>

#include <nlohmann/json.hpp>

#include <array>

namespace inboxprobe {

namespace {

using nlohmann::json;

using json_parts::optional;

json
seeds_json(const std::vector<RunSeed>& seeds)
{
  json out = json::array();
  for (const RunSeed& seed : seeds) {
    out.push_back({{"address", seed.address}, {"provider", seed.provider}});
  }
  return out;
}

json
counts_json(const PlacementCounts& counts)
{
  return json_parts::counts(counts);
}

json
run_json(const Run& run)
{
  return {{"id", run.id},
          {"campaign", run.campaign},
          {"state", run.state},
          {"started_at_ms", run.started_at_ms},
          {"deadline_at_ms", run.deadline_at_ms},
          {"finished_at_ms", run.finished_at_ms},
          {"routes", run.routes},
          {"seeds", seeds_json(run.seeds)}};
}

json
route_json(const RouteSummary& route)
{
  return {{"route", route.route},
          {"counts", counts_json(route.counts)},
          {"latency",
           {{"samples", route.latency_samples},
            {"p50_ms", optional(route.latency_p50_ms)},
            {"p95_ms", optional(route.latency_p95_ms)},
            {"max_ms", optional(route.latency_max_ms)},
            {"resolution_ms", route.latency_resolution_ms},
            {"percentile_method", "nearest-rank"}}},
          {"auth",
           {{"seen", route.auth_seen},
            {"dkim_pass", route.dkim_pass},
            {"spf_pass", route.spf_pass},
            {"dmarc_pass", route.dmarc_pass}}},
          {"tls", {{"hop_probes", route.hop_probes}, {"all_hops_tls", route.tls_all_hops}}},
          {"findings", route.findings}};
}

json
matrix_json(const RunReport& report)
{
  json out = json::array();
  for (std::size_t r = 0; r < report.routes.size(); ++r) {
    for (std::size_t s = 0; s < report.seeds.size(); ++s) {
      out.push_back({{"route", report.routes[r].route},
                     {"seed", report.seeds[s].address},
                     {"counts", counts_json(report.matrix[r][s])}});
    }
  }
  return out;
}

json
provider_matrix_json(const RunReport& report)
{
  json out = json::array();
  for (std::size_t r = 0; r < report.routes.size(); ++r) {
    for (std::size_t p = 0; p < report.providers.size(); ++p) {
      out.push_back({{"route", report.routes[r].route},
                     {"provider", report.providers[p]},
                     {"counts", counts_json(report.provider_matrix[r][p])}});
    }
  }
  return out;
}

json
hop_json(const ReportHop& hop)
{
  return {{"from", hop.from},
          {"by", hop.by},
          {"with", hop.with},
          {"at_s", optional(hop.at_s)},
          {"delay_ms", optional(hop.delay_ms)},
          {"tls", hop.tls}};
}

json
probe_json(const ProbeRow& row)
{
  json hops = json::array();
  for (const ReportHop& hop : row.hops) {
    hops.push_back(hop_json(hop));
  }
  return {{"probe", row.probe},
          {"provider", row.provider},
          {"placement", to_string(row.placement)},
          {"analysed", row.analysed},
          {"submission", optional(row.submission)},
          {"sighting", optional(row.sighting)},
          {"sighting_count", row.sighting_count},
          {"result", optional(row.result)},
          {"hops", std::move(hops)}};
}

json
findings_json(const RunReport& report)
{
  json out = json::array();
  for (const FindingGroup& group : report.findings) {
    out.push_back({{"code", group.code},
                   {"severity", to_string(group.severity)},
                   {"probes", group.probe_ids},
                   {"occurrences", group.occurrences},
                   {"message", group.message},
                   {"advice", group.advice}});
  }
  return out;
}

json
alerts_json(const RunReport& report)
{
  json out = json::array();
  for (const ReportAlert& alert : report.alerts) {
    out.push_back(
      {{"severity", to_string(alert.severity)}, {"code", alert.code}, {"message", alert.message}});
  }
  return out;
}

json
comparison_json(const RunReport& report)
{
  const RunComparison& cmp = report.comparison;
  json week = json::object();
  for (const auto& [placement, rate] : cmp.week_average_rates) {
    week[std::string(to_string(placement))] = rate;
  }
  return {{"previous", cmp.previous ? json_parts::trend_point(*cmp.previous) : json(nullptr)},
          {"week_runs", cmp.week_runs},
          {"week_average_rates", std::move(week)}};
}

json
slowest_hops_json(const RunReport& report)
{
  json out = json::array();
  for (const SlowHop& slow : report.slowest_hops) {
    out.push_back(
      {{"probe_id", slow.probe_id}, {"route", slow.route}, {"hop", hop_json(slow.hop)}});
  }
  return out;
}

} // namespace

std::string
render_json(const RunReport& report)
{
  json doc = {{"schema", k_run_report_schema},
              {"generated_at_ms", report.generated_at_ms},
              {"run", run_json(report.run)},
              {"overall", counts_json(report.overall)},
              {"seeds", seeds_json(report.seeds)},
              {"routes", json::array()},
              {"matrix", matrix_json(report)},
              {"providers", report.providers},
              {"provider_matrix", provider_matrix_json(report)},
              {"alerts", alerts_json(report)},
              {"findings", findings_json(report)},
              {"slowest_hops", slowest_hops_json(report)},
              {"comparison", comparison_json(report)},
              {"trend", json::array()},
              {"raw_pruned_at_ms", report.raw_pruned_at_ms},
              {"probes", json::array()}};
  for (const TrendPoint& point : report.trend) {
    doc["trend"].push_back(json_parts::trend_point(point));
  }
  for (const RouteSummary& route : report.routes) {
    doc["routes"].push_back(route_json(route));
  }
  for (const ProbeRow& row : report.probes) {
    doc["probes"].push_back(probe_json(row));
  }
  // Mail data may hold invalid UTF-8; replace it instead of throwing.
  return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

} // namespace inboxprobe
