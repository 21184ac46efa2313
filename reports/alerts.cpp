// Alert levels and their order (Nagios plugin guidelines, "Plugin Return
// Codes").
#include "alerts.hpp"

namespace inboxprobe {

namespace {

int
rank(AlertLevel level)
{
  switch (level) {
  case AlertLevel::ok:
    return 0;
  case AlertLevel::unknown:
    return 1;
  case AlertLevel::warning:
    return 2;
  case AlertLevel::critical:
    return 3;
  }
  return 1;
}

} // namespace

std::string_view
to_string(AlertLevel level)
{
  switch (level) {
  case AlertLevel::ok:
    return "ok";
  case AlertLevel::warning:
    return "warning";
  case AlertLevel::critical:
    return "critical";
  case AlertLevel::unknown:
    break;
  }
  return "unknown";
}

std::optional<AlertLevel>
parse_alert_level(std::string_view text)
{
  for (const AlertLevel level :
       {AlertLevel::ok, AlertLevel::warning, AlertLevel::critical, AlertLevel::unknown}) {
    if (to_string(level) == text) {
      return level;
    }
  }
  return std::nullopt;
}

int
exit_code_of(AlertLevel level)
{
  return static_cast<int>(level);
}

AlertLevel
worse(AlertLevel a, AlertLevel b)
{
  return rank(b) > rank(a) ? b : a;
}

AlertLevel
overall_level(const std::vector<Alert>& alerts)
{
  AlertLevel level = AlertLevel::ok;
  for (const Alert& alert : alerts) {
    level = worse(level, alert.level);
  }
  return level;
}

} // namespace inboxprobe
