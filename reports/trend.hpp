// Trends across runs: one point per run (overall placement counts, and per
// route the counts and the latency percentiles), built from the history's
// summary rows (core/store/history_rows.hpp), oldest run first. The nightly
// report draws the last nights from these; `inboxprobe report --since 30d`
// builds a whole trend report (trend_report.hpp).
#pragma once

#include <core/model.hpp>
#include <core/store/history_rows.hpp>
#include <reports/placement_counts.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inboxprobe {

// One route in one run.
struct RouteTrendPoint
{
  std::string route;
  PlacementCounts counts;
  int latency_samples = 0;                    // found probes with a latency
  std::optional<std::int64_t> latency_p50_ms; // nearest rank, ms
  std::optional<std::int64_t> latency_p95_ms;
};

// One run.
struct TrendPoint
{
  std::string run_id;
  std::string campaign;
  std::int64_t started_at_ms = 0; // UTC epoch ms
  PlacementCounts overall;
  std::vector<RouteTrendPoint> routes; // run.routes order, then others
};

// A point per run of `runs` (any order) from the `outcomes` of those runs;
// sorted by start time, oldest first. A probe without a placement counts as
// pending. Latency samples are the found probes (inbox, spam, other) with a
// latency, as in the run report.
std::vector<TrendPoint> build_trend(const std::vector<Run>& runs,
                                    const std::vector<ProbeOutcome>& outcomes);

// The route's point in `point`, nullptr when the run had no such route.
const RouteTrendPoint* find_route(const TrendPoint& point, const std::string& route);

// The routes of `points`, in the order they first appear.
std::vector<std::string> trend_routes(const std::vector<TrendPoint>& points);

} // namespace inboxprobe
