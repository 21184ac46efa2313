// The end of a run as a monitoring system sees it: thresholds evaluated on
// the run report, alerts recorded and notified, the report written with its
// alerts section filled, the metrics textfile written.
#include "monitor_passes.hpp"

#include <reports/html_report.hpp>
#include <reports/metrics.hpp>
#include <reports/nagios.hpp>
#include <reports/report_format.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace inboxprobe {

namespace {

Severity
severity_of(AlertLevel level)
{
  return level == AlertLevel::critical ? Severity::error : Severity::warning;
}

// The threshold alerts first, then the report's own (one per error finding).
std::vector<ReportAlert>
report_alerts(const std::vector<Alert>& alerts, const std::vector<ReportAlert>& derived)
{
  std::vector<ReportAlert> out;
  for (const Alert& alert : alerts) {
    out.push_back({severity_of(alert.level), alert.code, alert.message});
  }
  out.insert(out.end(), derived.begin(), derived.end());
  return out;
}

std::string
ok_text(const RunReport& report)
{
  return std::to_string(report.routes.size()) + " routes, " + std::to_string(report.overall.total())
         + " probes, inbox " + format_rate(report.overall.rate(Placement::inbox));
}

} // namespace

Result<void>
write_metrics_file(const std::string& path, const std::string& text)
{
  const std::filesystem::path target(path);
  std::error_code ec;
  std::filesystem::create_directories(target.parent_path(), ec);
  // In the same directory, so rename(2) is atomic; node_exporter's textfile
  // collector ignores names that do not end in .prom.
  const std::string tmp = path + ".tmp." + std::to_string(getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      return fail("metrics.write", "cannot write " + tmp);
    }
  }
  chmod(tmp.c_str(), 0644);
  std::filesystem::rename(tmp, target, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    return fail("metrics.write", "cannot rename " + tmp + " to " + path);
  }
  return {};
}

Result<RunOutcome>
report_and_alert(RunContext& ctx, const std::string& run_id)
{
  const Config& config = ctx.config;
  const std::int64_t now_ms = ctx.clock.now_ms();
  RunReport report = TRY(build_report_from_store(ctx.store, run_id, now_ms));
  const std::vector<Alert> alerts = evaluate_run(report, config.monitoring.thresholds);
  const DedupResult dedup =
    TRY(record_alerts(ctx.store, "run/" + report.run.campaign, alerts, now_ms));
  report.alerts = report_alerts(alerts, report.alerts);
  RunOutcome outcome;
  outcome.files = TRY(write_report_files(report, config.campaign.out_dir));
  outcome.level = overall_level(alerts);
  AlertBatch batch{
    "run", report.run.campaign, "run " + run_id, now_ms, outcome.level, dedup.notices};
  notify_alerts(config, batch, "report.html", render_html(report), ctx.progress, ctx.clock);
  if (!config.monitoring.metrics.textfile.empty()) {
    MetricsText metrics;
    add_run_metrics(metrics, report, alerts);
    TRY(write_metrics_file(config.monitoring.metrics.textfile, metrics.render()));
  }
  outcome.nagios_line = nagios_line("INBOXPROBE RUN",
                                    outcome.level,
                                    alerts,
                                    ok_text(report),
                                    run_perfdata(report, config.monitoring.thresholds));
  return outcome;
}

} // namespace inboxprobe
