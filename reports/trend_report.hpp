// The trend report (`inboxprobe report --since 30d`): every run of a period,
// per night and summed over the period, as one self-contained HTML document
// (the same safety rules as html_report.hpp) and as JSON
// ("inboxprobe.trend-report/1", docs/report-json.md).
#pragma once

#include <reports/trend.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

inline constexpr std::string_view k_trend_report_schema = "inboxprobe.trend-report/1";

struct TrendReport
{
  std::int64_t since_ms = 0;        // UTC epoch ms: runs started at or after it
  std::int64_t generated_at_ms = 0; // UTC epoch ms
  std::vector<TrendPoint> points;   // one per run, oldest first
  PlacementCounts overall;          // all probes of the period
  // Per route over the period: counts, and percentiles over all samples.
  std::vector<RouteTrendPoint> routes;
  // Route x mailbox provider over the period (providers from the runs'
  // seeds; "unknown" for none).
  std::vector<std::string> providers;
  std::vector<std::vector<PlacementCounts>> provider_matrix;
};

// The trend report of the `runs` started at or after `since_ms`, from the
// `outcomes` of those runs.
TrendReport build_trend_report(const std::vector<Run>& runs,
                               const std::vector<ProbeOutcome>& outcomes,
                               std::int64_t since_ms,
                               std::int64_t generated_at_ms);

// `report` as one UTF-8 HTML document. Never fails.
std::string render_trend_html(const TrendReport& report);

// `report` as a JSON document (indented by 2, trailing newline). Never fails.
std::string render_trend_json(const TrendReport& report);

} // namespace inboxprobe
