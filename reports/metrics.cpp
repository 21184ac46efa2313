// The run metrics: the last run of a campaign, per route and per seed.
#include "metrics.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace inboxprobe {

namespace {

void
declare_run_families(MetricsText& out)
{
  out.family("inboxprobe_last_run_timestamp_seconds",
             "gauge",
             "When the campaign's last run finished (started, while it runs), UTC epoch seconds.");
  out.family("inboxprobe_run_duration_seconds", "gauge", "Duration of the last run.");
  out.family("inboxprobe_run_success", "gauge", "1 when the last run completed every pass.");
  out.family(
    "inboxprobe_send_success", "gauge", "1 when the route accepted every probe of the last run.");
  out.family("inboxprobe_collect_success",
             "gauge",
             "1 when the seed mailbox could be read during the last run.");
  out.family(
    "inboxprobe_analyze_success", "gauge", "1 when every probe of the last run was analysed.");
  out.family("inboxprobe_run_probes", "gauge", "Probes of the last run per route and placement.");
  out.family("inboxprobe_run_inbox_ratio", "gauge", "Share of the route's probes in the inbox.");
  out.family(
    "inboxprobe_run_spam_ratio", "gauge", "Share of the route's probes in the spam folder.");
  out.family("inboxprobe_run_latency_p50_seconds",
             "gauge",
             "Median delivery latency of the route's found probes (1 s resolution).");
  out.family("inboxprobe_run_latency_p95_seconds",
             "gauge",
             "95th percentile delivery latency of the route's found probes (1 s resolution).");
  out.family("inboxprobe_run_auth_pass_ratio",
             "gauge",
             "Share of the route's probes with a trusted verdict that passed the method.");
  out.family("inboxprobe_seed_probes",
             "gauge",
             "Probes of the last run per route, seed mailbox and placement.");
  out.family("inboxprobe_alerts", "gauge", "Active threshold alerts per source and level.");
}

std::set<std::string>
unreachable_seeds(const RunReport& report)
{
  std::set<std::string> seeds;
  for (const ProbeRow& row : report.probes) {
    if (!row.result) {
      continue;
    }
    for (const Finding& finding : row.result->findings) {
      if (finding.code == "imap.seed_unreachable") {
        seeds.insert(row.probe.seed);
      }
    }
  }
  return seeds;
}

std::vector<Placement>
shown_placements(const PlacementCounts& counts)
{
  std::vector<Placement> out = headline_placements();
  for (const Placement p : placement_columns(counts)) {
    if (counts.count(p) > 0 && std::find(out.begin(), out.end(), p) == out.end()) {
      out.push_back(p);
    }
  }
  return out;
}

void
add_route_metrics(MetricsText& out, const std::string& campaign, const RouteSummary& s)
{
  const MetricLabels labels = {{"campaign", campaign}, {"route", s.route}};
  for (const Placement p : shown_placements(s.counts)) {
    MetricLabels with = labels;
    with.emplace_back("placement", std::string(to_string(p)));
    out.sample("inboxprobe_run_probes", with, s.counts.count(p));
  }
  out.sample("inboxprobe_run_inbox_ratio", labels, s.counts.rate(Placement::inbox));
  out.sample("inboxprobe_run_spam_ratio", labels, s.counts.rate(Placement::spam));
  out.sample("inboxprobe_send_success",
             labels,
             s.counts.total() > 0 && s.counts.count(Placement::rejected) == 0 ? 1 : 0);
  if (s.latency_p50_ms) {
    out.sample("inboxprobe_run_latency_p50_seconds", labels, *s.latency_p50_ms / 1000.0);
  }
  if (s.latency_p95_ms) {
    out.sample("inboxprobe_run_latency_p95_seconds", labels, *s.latency_p95_ms / 1000.0);
  }
  if (s.auth_seen > 0) {
    const std::vector<std::pair<std::string, int>> methods = {
      {"dkim", s.dkim_pass}, {"spf", s.spf_pass}, {"dmarc", s.dmarc_pass}};
    for (const auto& [method, pass] : methods) {
      MetricLabels with = labels;
      with.emplace_back("method", method);
      out.sample("inboxprobe_run_auth_pass_ratio", with, static_cast<double>(pass) / s.auth_seen);
    }
  }
}

void
add_seed_metrics(MetricsText& out, const std::string& campaign, const RunReport& report)
{
  const std::set<std::string> unreachable = unreachable_seeds(report);
  for (const RunSeed& seed : report.seeds) {
    out.sample("inboxprobe_collect_success",
               {{"campaign", campaign}, {"seed", seed.address}, {"provider", seed.provider}},
               unreachable.count(seed.address) ? 0 : 1);
  }
  for (std::size_t r = 0; r < report.routes.size() && r < report.matrix.size(); ++r) {
    for (std::size_t s = 0; s < report.seeds.size() && s < report.matrix[r].size(); ++s) {
      const PlacementCounts& counts = report.matrix[r][s];
      for (const Placement p : shown_placements(counts)) {
        out.sample("inboxprobe_seed_probes",
                   {{"campaign", campaign},
                    {"route", report.routes[r].route},
                    {"seed", report.seeds[s].address},
                    {"provider", report.seeds[s].provider},
                    {"placement", std::string(to_string(p))}},
                   counts.count(p));
      }
    }
  }
}

} // namespace

void
add_alert_metrics(MetricsText& out,
                  const std::string& campaign,
                  const std::string& source,
                  const std::vector<Alert>& alerts)
{
  out.family("inboxprobe_alerts", "gauge", "Active threshold alerts per source and level.");
  std::map<AlertLevel, int> counts;
  for (const Alert& alert : alerts) {
    ++counts[alert.level];
  }
  for (const AlertLevel level : {AlertLevel::warning, AlertLevel::critical, AlertLevel::unknown}) {
    out.sample(
      "inboxprobe_alerts",
      {{"campaign", campaign}, {"source", source}, {"level", std::string(to_string(level))}},
      counts[level]);
  }
}

void
add_run_metrics(MetricsText& out, const RunReport& report, const std::vector<Alert>& alerts)
{
  declare_run_families(out);
  const Run& run = report.run;
  const MetricLabels campaign = {{"campaign", run.campaign}};
  const std::int64_t end_ms = run.finished_at_ms > 0 ? run.finished_at_ms : run.started_at_ms;
  out.sample("inboxprobe_last_run_timestamp_seconds", campaign, end_ms / 1000.0);
  if (run.finished_at_ms > 0) {
    out.sample("inboxprobe_run_duration_seconds",
               campaign,
               (run.finished_at_ms - run.started_at_ms) / 1000.0);
  }
  out.sample("inboxprobe_run_success", campaign, run.state == "done" ? 1 : 0);
  bool analysed = true;
  for (const ProbeRow& row : report.probes) {
    analysed = analysed && row.analysed;
  }
  out.sample("inboxprobe_analyze_success", campaign, analysed ? 1 : 0);
  for (const RouteSummary& s : report.routes) {
    add_route_metrics(out, run.campaign, s);
  }
  add_seed_metrics(out, run.campaign, report);
  add_alert_metrics(out, run.campaign, "run", alerts);
}

} // namespace inboxprobe
