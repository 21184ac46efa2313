// Internal to reports/: JSON forms shared by the run and trend reports.
#pragma once

#include <reports/placement_counts.hpp>
#include <reports/trend.hpp>

#include <nlohmann/json.hpp>

#include <optional>

namespace inboxprobe::json_parts {

// { <placement>: n ..., total, rates: { <placement>: fraction ... } } with
// every placement_columns entry.
nlohmann::json counts(const PlacementCounts& counts);

// { route, counts, latency: { samples, p50_ms, p95_ms } }.
nlohmann::json route_point(const RouteTrendPoint& route);

// { run_id, campaign, started_at_ms, overall, routes: [route_point] }.
nlohmann::json trend_point(const TrendPoint& point);

template<typename T>
nlohmann::json
optional(const std::optional<T>& value)
{
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

} // namespace inboxprobe::json_parts
