// inboxprobe's Prometheus metrics (metrics_text.hpp has the format): the last
// run of a campaign (placement per route and per seed, rates, latency
// percentiles, authentication pass ratios, a `*_success` gauge per step,
// `inboxprobe_last_run_timestamp_seconds` so that a missing run can alert)
// and the last health check of each route (step success and durations,
// capabilities, certificate expiry, open relay, Postfix queue). Labels:
// campaign, route, seed, provider. Written to a file for node_exporter's
// textfile collector and served by `inboxprobe serve` on /metrics.
#pragma once

#include <core/smtp_health.hpp>
#include <reports/alerts.hpp>
#include <reports/metrics_text.hpp>
#include <reports/run_report.hpp>

#include <string>
#include <vector>

namespace inboxprobe {

// Add the metrics of the run in `report` and its threshold `alerts`.
void add_run_metrics(MetricsText& out, const RunReport& report, const std::vector<Alert>& alerts);

// Add the metrics of the health `checks` of `campaign`'s routes (one per
// route, the latest) and their threshold `alerts`.
void add_check_metrics(MetricsText& out,
                       const std::string& campaign,
                       const std::vector<SmtpHealth>& checks,
                       const std::vector<Alert>& alerts);

// Add inboxprobe_alerts{campaign, source, level}: the number of active
// `alerts` per level (warning, critical, unknown; zeros included).
void add_alert_metrics(MetricsText& out,
                       const std::string& campaign,
                       const std::string& source,
                       const std::vector<Alert>& alerts);

} // namespace inboxprobe
