// The monitoring passes that `run`, `check` and `serve` share: evaluate
// thresholds, keep the alert state in the history (de-duplication), notify
// (webhooks, Alertmanager, email), write the metrics textfile, and the
// report-and-alert step at the end of a run.
#pragma once

#include "config.hpp"
#include "run_passes.hpp"

#include <core/clock.hpp>
#include <core/smtp_health.hpp>
#include <core/store/store.hpp>
#include <reports/alert_payload.hpp>
#include <reports/thresholds.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace inboxprobe {

// Compare `alerts` with the stored state of `scope` at `now_ms`, store the new
// state, and return the notices (reports/alert_dedup.hpp).
Result<DedupResult> record_alerts(Store& store,
                                  const std::string& scope,
                                  const std::vector<Alert>& alerts,
                                  std::int64_t now_ms);

// Send the notifications of one evaluation: every news notice (opened,
// changed, resolved) to each webhook and by email (with `attachment_html` as
// `attachment_name` when given), and every notice, ongoing ones included, to
// Alertmanager. Nothing is sent when there is nothing to say. A failed
// notification is a line on `progress` (URLs redacted), never an error of the
// run; returns how many failed.
int notify_alerts(const Config& config,
                  const AlertBatch& batch,
                  const std::string& attachment_name,
                  const std::string& attachment_html,
                  std::ostream& progress,
                  const Clock& clock);

// Write `text` to `path` for node_exporter's textfile collector: a temporary
// file in the same directory, then rename(2), so that a scrape never reads
// half a file. Mode 0644. Error "metrics.write".
Result<void> write_metrics_file(const std::string& path, const std::string& text);

struct MonitorOptions
{
  bool alert_exit_code = false; // exit with the alert level (0/1/2/3)
  bool nagios = false;          // print the Nagios line (implies alert_exit_code)
};

struct RunOutcome
{
  ReportFiles files;
  AlertLevel level = AlertLevel::ok;
  std::string nagios_line;
};

// The end of a run: build the report, evaluate the thresholds, record and
// notify the alerts, put them in the report's alerts section, write the
// report files and the metrics textfile.
Result<RunOutcome> report_and_alert(RunContext& ctx, const std::string& run_id);

} // namespace inboxprobe
