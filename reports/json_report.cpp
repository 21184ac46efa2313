// The JSON run report, built with nlohmann-json from the RunReport model and
// the record forms of core/record_json.hpp.
#include "json_report.hpp"

#include <core/record_json.hpp>

#include <nlohmann/json.hpp>

#include <array>

namespace inboxprobe {

namespace {

using nlohmann::json;

constexpr std::array<Placement, 6> k_placements = {Placement::inbox,
                                                   Placement::spam,
                                                   Placement::other,
                                                   Placement::missing,
                                                   Placement::rejected,
                                                   Placement::pending};

template<typename T>
json
optional_json(const std::optional<T>& value)
{
  return value ? json(*value) : json(nullptr);
}

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
  json out = json::object();
  json rates = json::object();
  for (const Placement placement : k_placements) {
    const std::string name(to_string(placement));
    out[name] = counts.count(placement);
    rates[name] = counts.rate(placement);
  }
  out["total"] = counts.total();
  out["rates"] = std::move(rates);
  return out;
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
            {"p50_ms", optional_json(route.latency_p50_ms)},
            {"p95_ms", optional_json(route.latency_p95_ms)},
            {"max_ms", optional_json(route.latency_max_ms)},
            {"resolution_ms", route.latency_resolution_ms},
            {"percentile_method", "nearest-rank"}}},
          {"auth",
           {{"seen", route.auth_seen},
            {"dkim_pass", route.dkim_pass},
            {"spf_pass", route.spf_pass},
            {"dmarc_pass", route.dmarc_pass}}},
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
probe_json(const ProbeRow& row)
{
  return {{"probe", row.probe},
          {"placement", to_string(row.placement)},
          {"analysed", row.analysed},
          {"submission", optional_json(row.submission)},
          {"sighting", optional_json(row.sighting)},
          {"sighting_count", row.sighting_count},
          {"result", optional_json(row.result)}};
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
              {"probes", json::array()}};
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
