// Monitoring alerts: the levels of the Nagios plugin convention (ok 0,
// warning 1, critical 2, unknown 3, also the exit codes of `inboxprobe check`
// and `inboxprobe run --alert-exit-code`) and one alert as a threshold
// evaluation raises it (thresholds.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// The values are the Nagios plugin exit codes.
enum class AlertLevel { ok = 0, warning = 1, critical = 2, unknown = 3 };

// "ok", "warning", "critical", "unknown".
std::string_view to_string(AlertLevel level);
// The inverse of to_string; std::nullopt for another token.
std::optional<AlertLevel> parse_alert_level(std::string_view text);
// The process exit code for `level` (its value).
int exit_code_of(AlertLevel level);
// The worse of two levels: critical > warning > unknown > ok (the Nagios
// convention: a known problem outranks not knowing).
AlertLevel worse(AlertLevel a, AlertLevel b);

struct Alert
{
  AlertLevel level = AlertLevel::warning;
  std::string code;                // stable dotted code, e.g. "inbox_rate.low", "smtp.open_relay"
  std::string route;               // the route it is about; empty for the whole campaign
  std::string message;             // one line for humans, naming the route, value and limit
  std::optional<double> value;     // the measured value, in the unit of the threshold
  std::optional<double> threshold; // the limit it crossed
};

// The worst level of `alerts`; ok for none.
AlertLevel overall_level(const std::vector<Alert>& alerts);

} // namespace inboxprobe
