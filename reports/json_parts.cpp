// JSON forms shared by the run and trend reports (json_parts.hpp).
#include "json_parts.hpp"

namespace inboxprobe::json_parts {

using nlohmann::json;

json
counts(const PlacementCounts& counts)
{
  json out = json::object();
  json rates = json::object();
  for (const Placement placement : placement_columns(counts)) {
    const std::string name(to_string(placement));
    out[name] = counts.count(placement);
    rates[name] = counts.rate(placement);
  }
  out["total"] = counts.total();
  out["rates"] = std::move(rates);
  return out;
}

json
route_point(const RouteTrendPoint& route)
{
  return {{"route", route.route},
          {"counts", counts(route.counts)},
          {"latency",
           {{"samples", route.latency_samples},
            {"p50_ms", optional(route.latency_p50_ms)},
            {"p95_ms", optional(route.latency_p95_ms)}}}};
}

json
trend_point(const TrendPoint& point)
{
  json out = {{"run_id", point.run_id},
              {"campaign", point.campaign},
              {"started_at_ms", point.started_at_ms},
              {"overall", counts(point.overall)},
              {"routes", json::array()}};
  for (const RouteTrendPoint& route : point.routes) {
    out["routes"].push_back(route_point(route));
  }
  return out;
}

} // namespace inboxprobe::json_parts
