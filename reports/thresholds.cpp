// Threshold evaluation of a run: per route, the absolute limits on placement
// and latency, DKIM/DMARC failures (RFC 8601 results from the provider), and
// change detection against the route's baseline from earlier runs.
#include "thresholds.hpp"

#include "report_format.hpp"

#include <algorithm>
#include <cstdio>

namespace inboxprobe {

namespace {

constexpr std::int64_t k_day_ms = 86'400'000;

// "70", "2.5", "0.25": short, no trailing zeros.
std::string
number(double value)
{
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", value);
  std::string out = text;
  while (out.back() == '0') {
    out.pop_back();
  }
  if (out.back() == '.') {
    out.pop_back();
  }
  return out;
}

// Add an alert when `value` breaks `limit`.
void
check_limit(std::vector<Alert>& alerts,
            const std::string& route,
            const std::string& code,
            const Limit& limit,
            double value,
            Breach breach,
            const std::string& what,
            const std::string& unit)
{
  if (auto alert = limit_alert(route, code, limit, value, breach, what, unit, number)) {
    alerts.push_back(std::move(*alert));
  }
}

// Provider verdicts of `route`'s probes: how many got a DKIM and a DMARC fail.
std::pair<int, int>
auth_failures(const RunReport& report, const std::string& route)
{
  int dkim = 0;
  int dmarc = 0;
  for (const ProbeRow& row : report.probes) {
    if (row.probe.route == route && row.result) {
      dkim += row.result->dkim == AuthVerdict::fail ? 1 : 0;
      dmarc += row.result->dmarc == AuthVerdict::fail ? 1 : 0;
    }
  }
  return {dkim, dmarc};
}

void
check_auth(std::vector<Alert>& alerts,
           const RunReport& report,
           const std::string& route,
           AlertLevel level)
{
  if (level == AlertLevel::ok) {
    return;
  }
  const auto [dkim, dmarc] = auth_failures(report, route);
  if (dkim > 0) {
    alerts.push_back({level,
                      "auth.dkim_fail",
                      route,
                      route + ": " + std::to_string(dkim) + " probes failed DKIM at the provider",
                      dkim,
                      0.0});
  }
  if (dmarc > 0) {
    alerts.push_back({level,
                      "auth.dmarc_fail",
                      route,
                      route + ": " + std::to_string(dmarc) + " probes failed DMARC at the provider",
                      dmarc,
                      0.0});
  }
}

// The route's points in the baseline window before this run.
std::vector<const RouteTrendPoint*>
baseline_points(const RunReport& report, const std::string& route, int days)
{
  std::vector<const RouteTrendPoint*> points;
  const std::int64_t since_ms = report.run.started_at_ms - days * k_day_ms;
  for (const TrendPoint& point : report.trend) {
    if (point.run_id == report.run.id || point.started_at_ms < since_ms
        || point.started_at_ms >= report.run.started_at_ms) {
      continue;
    }
    const RouteTrendPoint* found = find_route(point, route);
    if (found && found->counts.total() > 0) {
      points.push_back(found);
    }
  }
  return points;
}

std::optional<double>
median(std::vector<double> values)
{
  if (values.empty()) {
    return std::nullopt;
  }
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

void
check_baseline(std::vector<Alert>& alerts,
               const RunReport& report,
               const RouteSummary& summary,
               const Thresholds& t)
{
  const auto points = baseline_points(report, summary.route, t.baseline_days);
  if (static_cast<int>(points.size()) < t.min_baseline_runs || summary.counts.total() == 0) {
    return;
  }
  double inbox_sum = 0;
  std::vector<double> p95s;
  for (const RouteTrendPoint* point : points) {
    inbox_sum += 100.0 * point->counts.rate(Placement::inbox);
    if (point->latency_p95_ms) {
      p95s.push_back(static_cast<double>(*point->latency_p95_ms));
    }
  }
  const double baseline_inbox = inbox_sum / static_cast<double>(points.size());
  const double inbox = 100.0 * summary.counts.rate(Placement::inbox);
  const std::string days = std::to_string(t.baseline_days);
  check_limit(alerts,
              summary.route,
              "inbox_rate.drop",
              t.inbox_drop_points,
              baseline_inbox - inbox,
              Breach::above,
              "inbox rate " + number(inbox) + " %: the drop from its " + days + "-day baseline of "
                + number(baseline_inbox) + " %",
              " points");
  const auto baseline_p95 = median(p95s);
  if (baseline_p95 && *baseline_p95 > 0 && summary.latency_p95_ms) {
    check_limit(alerts,
                summary.route,
                "latency.increase",
                t.latency_increase_factor,
                static_cast<double>(*summary.latency_p95_ms) / *baseline_p95,
                Breach::above,
                "p95 latency " + number(*summary.latency_p95_ms / 1000.0) + " s against its " + days
                  + "-day baseline of " + number(*baseline_p95 / 1000.0) + " s: the factor",
                "");
  }
}

} // namespace

const Thresholds&
ThresholdSet::for_route(const std::string& route) const
{
  const auto it = routes.find(route);
  return it == routes.end() ? global : it->second;
}

AlertLevel
level_of(const Limit& limit, double value, Breach breach)
{
  const auto broken = [&](const std::optional<double>& bound) {
    return bound && (breach == Breach::above ? value > *bound : value < *bound);
  };
  if (broken(limit.critical)) {
    return AlertLevel::critical;
  }
  return broken(limit.warning) ? AlertLevel::warning : AlertLevel::ok;
}

std::optional<Alert>
limit_alert(const std::string& route,
            const std::string& code,
            const Limit& limit,
            double value,
            Breach breach,
            const std::string& what,
            const std::string& unit,
            std::string (*format)(double))
{
  const AlertLevel level = level_of(limit, value, breach);
  if (level == AlertLevel::ok) {
    return std::nullopt;
  }
  const double bound = level == AlertLevel::critical ? *limit.critical : *limit.warning;
  const std::string side = breach == Breach::below ? "below the " : "above the ";
  return Alert{level,
               code,
               route,
               route + ": " + what + " is " + format(value) + unit + ", " + side
                 + std::string(to_string(level)) + " limit of " + format(bound) + unit,
               value,
               bound};
}

std::vector<Alert>
evaluate_run(const RunReport& report, const ThresholdSet& thresholds)
{
  std::vector<Alert> alerts;
  for (const RouteSummary& summary : report.routes) {
    const Thresholds& t = thresholds.for_route(summary.route);
    const std::string& route = summary.route;
    if (summary.counts.total() > 0) {
      check_limit(alerts,
                  route,
                  "inbox_rate.low",
                  t.min_inbox_percent,
                  100.0 * summary.counts.rate(Placement::inbox),
                  Breach::below,
                  "inbox rate",
                  " %");
      check_limit(alerts,
                  route,
                  "spam_rate.high",
                  t.max_spam_percent,
                  100.0 * summary.counts.rate(Placement::spam),
                  Breach::above,
                  "spam rate",
                  " %");
    }
    check_limit(alerts,
                route,
                "missing.high",
                t.max_missing,
                summary.counts.count(Placement::missing),
                Breach::above,
                "missing probes",
                "");
    if (summary.latency_p95_ms) {
      check_limit(alerts,
                  route,
                  "latency.high",
                  t.max_p95_latency_seconds,
                  *summary.latency_p95_ms / 1000.0,
                  Breach::above,
                  "p95 latency",
                  " s");
    }
    check_auth(alerts, report, route, t.auth_failure);
    check_baseline(alerts, report, summary, t);
  }
  return alerts;
}

std::int64_t
days_until(std::int64_t not_after_at, std::int64_t now_ms)
{
  const std::int64_t seconds = not_after_at - now_ms / 1000;
  // Floor division: one second after expiry is day -1, not day 0.
  return seconds >= 0 ? seconds / 86'400 : -((-seconds + 86'399) / 86'400);
}

} // namespace inboxprobe
