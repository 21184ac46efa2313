// The Nagios plugin output line (Nagios Plugin Development Guidelines,
// "Plugin Output" and "Performance data"), as Icinga, Checkmk, Naemon and
// Zabbix read it:
//   SERVICE STATUS - text | 'label'=value[UOM];[warn];[crit];[min];[max] ...
// The status word is the level in upper case; the exit code is
// exit_code_of(level).
#pragma once

#include <core/smtp_health.hpp>
#include <reports/alerts.hpp>
#include <reports/run_report.hpp>
#include <reports/thresholds.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

struct PerfDatum
{
  std::string label;
  double value = 0;
  std::string unit; // "s", "%", "B", "c" or empty (a plain number)
  std::string warn; // a Nagios range: "10" (alert above 10), "70:" (alert below 70), or empty
  std::string crit;
  std::optional<double> min;
  std::optional<double> max;
};

// The Nagios range for `value` of `limit` breaking in direction `breach`:
// "10" for above, "10:" for below; empty when unset.
std::string nagios_range(const std::optional<double>& value, Breach breach);

// One line (no newline): "`service` LEVEL - TEXT | PERFDATA". TEXT is the
// alerts' messages joined with "; " (worst first), or `ok_text` when there
// are none. '|' in a message becomes '/', line breaks become spaces; labels
// with characters other than [A-Za-z0-9_.-] are single-quoted (' doubled).
std::string nagios_line(std::string_view service,
                        AlertLevel level,
                        const std::vector<Alert>& alerts,
                        std::string_view ok_text,
                        const std::vector<PerfDatum>& perfdata);

// Per route of the run: inbox and spam percentages, missing probes, p95
// latency, with the route's thresholds as ranges.
std::vector<PerfDatum> run_perfdata(const RunReport& report, const ThresholdSet& thresholds);

// Per route checked: connect, banner and TLS handshake times, the
// certificate's days to expiry, and the Postfix queue when read.
std::vector<PerfDatum> check_perfdata(const std::vector<SmtpHealth>& checks,
                                      const ThresholdSet& thresholds,
                                      std::int64_t now_ms);

} // namespace inboxprobe
