// Trend points from the history's summary rows: placement counts and latency
// percentiles per run and route.
#include "trend.hpp"

#include "run_report.hpp"

#include <algorithm>
#include <map>

namespace inboxprobe {

namespace {

bool
is_found(Placement placement)
{
  return placement == Placement::inbox || placement == Placement::spam
         || placement == Placement::other;
}

RouteTrendPoint&
route_point(TrendPoint& point, const std::string& route)
{
  for (RouteTrendPoint& existing : point.routes) {
    if (existing.route == route) {
      return existing;
    }
  }
  point.routes.push_back(RouteTrendPoint{route, {}, 0, std::nullopt, std::nullopt});
  return point.routes.back();
}

} // namespace

std::vector<TrendPoint>
build_trend(const std::vector<Run>& runs, const std::vector<ProbeOutcome>& outcomes)
{
  std::map<std::string, TrendPoint> by_id;
  for (const Run& run : runs) {
    TrendPoint& point = by_id[run.id];
    point.run_id = run.id;
    point.campaign = run.campaign;
    point.started_at_ms = run.started_at_ms;
    for (const std::string& route : run.routes) {
      route_point(point, route);
    }
  }
  std::map<std::pair<std::string, std::string>, std::vector<std::int64_t>> samples;
  for (const ProbeOutcome& outcome : outcomes) {
    const auto it = by_id.find(outcome.run_id);
    if (it == by_id.end()) {
      continue;
    }
    const Placement placement = outcome.placement.value_or(Placement::pending);
    it->second.overall.add(placement);
    route_point(it->second, outcome.route).counts.add(placement);
    if (is_found(placement) && outcome.latency_ms) {
      samples[{outcome.run_id, outcome.route}].push_back(*outcome.latency_ms);
    }
  }
  std::vector<TrendPoint> points;
  for (auto& [id, point] : by_id) {
    for (RouteTrendPoint& route : point.routes) {
      const auto found = samples.find({id, route.route});
      if (found == samples.end()) {
        continue;
      }
      route.latency_samples = static_cast<int>(found->second.size());
      route.latency_p50_ms = nearest_rank_percentile(found->second, 50);
      route.latency_p95_ms = nearest_rank_percentile(std::move(found->second), 95);
    }
    points.push_back(std::move(point));
  }
  std::stable_sort(points.begin(), points.end(), [](const TrendPoint& a, const TrendPoint& b) {
    return a.started_at_ms < b.started_at_ms;
  });
  return points;
}

const RouteTrendPoint*
find_route(const TrendPoint& point, const std::string& route)
{
  for (const RouteTrendPoint& candidate : point.routes) {
    if (candidate.route == route) {
      return &candidate;
    }
  }
  return nullptr;
}

std::vector<std::string>
trend_routes(const std::vector<TrendPoint>& points)
{
  std::vector<std::string> routes;
  for (const TrendPoint& point : points) {
    for (const RouteTrendPoint& route : point.routes) {
      if (std::find(routes.begin(), routes.end(), route.route) == routes.end()) {
        routes.push_back(route.route);
      }
    }
  }
  return routes;
}

} // namespace inboxprobe
