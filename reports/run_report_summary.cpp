// The run-level summaries of the run report: findings grouped by code and
// severity with advice, alerts, the slowest Received hops (RFC 5321 §4.4),
// and the run against the previous one and the 7-night average.
#include "run_report_parts.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <tuple>

namespace inboxprobe {

namespace {

constexpr std::int64_t k_week_ms = 7 * 86'400'000LL;

int
severity_rank(Severity severity)
{
  return severity == Severity::error ? 2 : severity == Severity::warning ? 1 : 0;
}

void
group_findings(RunReport& report)
{
  std::map<std::pair<std::string, Severity>, FindingGroup> groups;
  for (const ProbeRow& row : report.probes) {
    if (!row.result) {
      continue;
    }
    for (const Finding& finding : row.result->findings) {
      FindingGroup& group = groups[{finding.code, finding.severity}];
      if (group.occurrences++ == 0) {
        group.code = finding.code;
        group.severity = finding.severity;
        group.message = finding.message;
        group.advice = finding_advice(finding);
      }
      if (group.probe_ids.empty() || group.probe_ids.back() != row.probe.id) {
        group.probe_ids.push_back(row.probe.id);
      }
    }
  }
  for (auto& [key, group] : groups) {
    report.findings.push_back(std::move(group));
  }
  std::stable_sort(report.findings.begin(),
                   report.findings.end(),
                   [](const FindingGroup& a, const FindingGroup& b) {
                     return std::make_tuple(-severity_rank(a.severity), -a.probe_ids.size(), a.code)
                            < std::make_tuple(
                              -severity_rank(b.severity), -b.probe_ids.size(), b.code);
                   });
}

void
derive_alerts(RunReport& report)
{
  for (const FindingGroup& group : report.findings) {
    if (group.severity != Severity::error) {
      continue;
    }
    const std::size_t n = group.probe_ids.size();
    report.alerts.push_back({Severity::error,
                             group.code,
                             group.code + " on " + std::to_string(n)
                               + (n == 1 ? " probe: " : " probes: ") + group.message});
  }
}

void
collect_slowest_hops(RunReport& report)
{
  for (const ProbeRow& row : report.probes) {
    for (const ReportHop& hop : row.hops) {
      if (hop.delay_ms) {
        report.slowest_hops.push_back({row.probe.id, row.probe.route, hop});
      }
    }
  }
  std::stable_sort(
    report.slowest_hops.begin(), report.slowest_hops.end(), [](const SlowHop& a, const SlowHop& b) {
      return *a.hop.delay_ms > *b.hop.delay_ms;
    });
  if (report.slowest_hops.size() > k_slow_hops) {
    report.slowest_hops.resize(k_slow_hops);
  }
}

// Earlier runs only: a history that (wrongly) holds this run or later ones
// does not compare the run with itself.
RunComparison
compare(const TrendPoint& current, const std::vector<TrendPoint>& history)
{
  RunComparison comparison;
  std::map<Placement, double> sums;
  for (const TrendPoint& point : history) {
    if (point.run_id == current.run_id || point.started_at_ms >= current.started_at_ms) {
      continue;
    }
    comparison.previous = point; // history is oldest first: the last one wins
    if (point.started_at_ms >= current.started_at_ms - k_week_ms && point.overall.total() > 0) {
      ++comparison.week_runs;
      for (const Placement placement : placement_columns(point.overall)) {
        sums[placement] += point.overall.rate(placement);
      }
    }
  }
  for (const auto& [placement, sum] : sums) {
    comparison.week_average_rates[placement] = sum / comparison.week_runs;
  }
  return comparison;
}

} // namespace

bool
is_found_placement(Placement placement)
{
  return placement == Placement::inbox || placement == Placement::spam
         || placement == Placement::other;
}

std::string
header_section(std::string_view message, bool& truncated)
{
  truncated = false;
  std::size_t end = message.find("\r\n\r\n");
  std::size_t lf_end = message.find("\n\n");
  end = std::min(end == std::string_view::npos ? message.size() : end + 2,
                 lf_end == std::string_view::npos ? message.size() : lf_end + 1);
  if (end > k_max_report_header_bytes) {
    truncated = true;
    const std::size_t line_end = message.rfind('\n', k_max_report_header_bytes - 1);
    end = line_end == std::string_view::npos ? k_max_report_header_bytes : line_end + 1;
  }
  // CRLF as LF: a CR would show as U+FFFD in the report.
  std::string out;
  out.reserve(end);
  for (std::size_t i = 0; i < end; ++i) {
    if (!(message[i] == '\r' && i + 1 < end && message[i + 1] == '\n')) {
      out += message[i];
    }
  }
  return out;
}

std::vector<ReportHop>
with_delays_and_tls(std::vector<ReportHop> hops)
{
  for (std::size_t i = 0; i < hops.size(); ++i) {
    hops[i].tls = hop_used_tls(hops[i].with);
    hops[i].delay_ms.reset();
    if (i > 0 && hops[i].at_s && hops[i - 1].at_s) {
      hops[i].delay_ms = (*hops[i].at_s - *hops[i - 1].at_s) * 1000;
    }
  }
  return hops;
}

bool
hop_used_tls(std::string_view with)
{
  std::string token;
  for (const char c : with) {
    token += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  static const std::set<std::string> k_tls = {
    "ESMTPS", "ESMTPSA", "LMTPS", "LMTPSA", "UTF8SMTPS", "UTF8SMTPSA", "UTF8LMTPS", "UTF8LMTPSA"};
  return k_tls.count(token) == 1;
}

void
summarise_run(RunReport& report, const RunReportInput& input)
{
  group_findings(report);
  if (input.alerts) {
    report.alerts = *input.alerts;
  } else {
    derive_alerts(report);
  }
  collect_slowest_hops(report);
  const TrendPoint current = trend_point_of(report);
  report.comparison = compare(current, input.history);
  for (const TrendPoint& point : input.history) {
    if (point.run_id != current.run_id && point.started_at_ms < current.started_at_ms) {
      report.trend.push_back(point);
    }
  }
  report.trend.push_back(current);
  report.raw_pruned_at_ms = input.raw_pruned_at_ms;
}

TrendPoint
trend_point_of(const RunReport& report)
{
  TrendPoint point;
  point.run_id = report.run.id;
  point.campaign = report.run.campaign;
  point.started_at_ms = report.run.started_at_ms;
  point.overall = report.overall;
  for (const RouteSummary& route : report.routes) {
    point.routes.push_back({route.route,
                            route.counts,
                            route.latency_samples,
                            route.latency_p50_ms,
                            route.latency_p95_ms});
  }
  return point;
}

} // namespace inboxprobe
