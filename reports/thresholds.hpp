// Thresholds and their evaluation: absolute limits on a run's placement and
// latency and on a route's SMTP health, and change detection against the
// route's own history (inbox rate against its baseline, p95 latency against
// its baseline), so that unusual behaviour alerts even where no absolute
// limit was set. Pure functions of the report and the check records; the
// caller de-duplicates (alert_dedup.hpp) and notifies.
#pragma once

#include <core/smtp_health.hpp>
#include <reports/alerts.hpp>
#include <reports/run_report.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace inboxprobe {

// A limit with a warning and a critical value; either may be absent. Whether
// a value breaks it by being above or below depends on the threshold.
struct Limit
{
  std::optional<double> warning;
  std::optional<double> critical;

  bool
  set() const
  {
    return warning || critical;
  }
};

struct Thresholds
{
  // Per route of a run.
  Limit min_inbox_percent;       // inbox probes / all probes, in %
  Limit max_spam_percent;        // spam-folder probes / all probes, in %
  Limit max_missing;             // probes never found
  Limit max_p95_latency_seconds; // nearest-rank p95 of the found probes
  // Level of an alert when any probe of the route got a DKIM or DMARC "fail"
  // from the provider (RFC 8601 results); ok = not checked.
  AlertLevel auth_failure = AlertLevel::ok;
  // Change detection: the route's runs started in the `baseline_days` before
  // this one, when there are at least `min_baseline_runs` of them.
  Limit inbox_drop_points;       // baseline mean inbox % minus this run's, in points
  Limit latency_increase_factor; // this run's p95 / the baseline median p95
  int baseline_days = 7;
  int min_baseline_runs = 3;
  // Per route of a check.
  AlertLevel check_failure = AlertLevel::critical; // a failed session or an error finding
  Limit min_certificate_days{14.0, 3.0};           // days until the leaf expires
  Limit max_queue_messages;                        // local Postfix queue
  Limit max_queue_age_seconds;                     // its oldest message
};

// The global thresholds and the routes' own (already merged with the global
// ones by the configuration).
struct ThresholdSet
{
  Thresholds global;
  std::map<std::string, Thresholds> routes;

  const Thresholds& for_route(const std::string& route) const;
};

enum class Breach { above, below };

// The level at which `value` breaks `limit` (critical before warning) when it
// is `breach` the limit's values; ok when it does not.
AlertLevel level_of(const Limit& limit, double value, Breach breach);

// The alert for `value` (in `unit`) breaking `limit`, nullopt when the limit
// holds: its level, `code`, `route`, value and bound, and the text "<route>:
// <what> is <value><unit>, below|above the <level> limit of <bound><unit>"
// with the numbers printed by `format`.
std::optional<Alert> limit_alert(const std::string& route,
                                 const std::string& code,
                                 const Limit& limit,
                                 double value,
                                 Breach breach,
                                 const std::string& what,
                                 const std::string& unit,
                                 std::string (*format)(double));

// The alerts of a finished run (its report, with the campaign's earlier runs
// in report.trend): per route, each threshold of `thresholds` that is broken.
// Codes: "inbox_rate.low", "spam_rate.high", "missing.high", "latency.high",
// "auth.dkim_fail", "auth.dmarc_fail", "inbox_rate.drop", "latency.increase".
std::vector<Alert> evaluate_run(const RunReport& report, const ThresholdSet& thresholds);

// The alerts of one route's health check at `now_ms` (UTC epoch ms): the
// failed session ("smtp.check_failed"), the findings of error severity at
// check_failure's level and of warning severity as warnings (their own
// codes), the certificate's days to expiry ("tls.certificate_expiry"), the
// Postfix queue ("postfix.queue_length", "postfix.queue_age", and
// "postfix.queue_unreadable" as unknown).
std::vector<Alert>
evaluate_check(const SmtpHealth& health, const Thresholds& thresholds, std::int64_t now_ms);

// Whole days from `now_ms` until `not_after_at` (UTC epoch s), rounded down;
// negative once expired.
std::int64_t days_until(std::int64_t not_after_at, std::int64_t now_ms);

} // namespace inboxprobe
