// Threshold evaluation of an SMTP health check: a failed session, the check's
// findings, the certificate's days to expiry (RFC 5280 notAfter) and a local
// Postfix queue.
#include "thresholds.hpp"

#include <cstdio>

namespace inboxprobe {

namespace {

std::string
whole(double value)
{
  char text[32];
  std::snprintf(text, sizeof text, "%.0f", value);
  return text;
}

void
add_limit_alert(std::vector<Alert>& alerts,
                const SmtpHealth& health,
                const std::string& code,
                const Limit& limit,
                double value,
                Breach breach,
                const std::string& what,
                const std::string& unit)
{
  if (auto alert = limit_alert(health.route, code, limit, value, breach, what, unit, whole)) {
    alerts.push_back(std::move(*alert));
  }
}

void
add_findings(std::vector<Alert>& alerts, const SmtpHealth& health, const Thresholds& t)
{
  for (const Finding& finding : health.findings) {
    if (finding.severity == Severity::info) {
      continue;
    }
    const AlertLevel level =
      finding.severity == Severity::error ? t.check_failure : AlertLevel::warning;
    if (level != AlertLevel::ok) {
      alerts.push_back(
        {level, finding.code, health.route, health.route + ": " + finding.message, {}, {}});
    }
  }
}

void
add_queue(std::vector<Alert>& alerts,
          const SmtpHealth& health,
          const Thresholds& t,
          std::int64_t now_ms)
{
  if (!health.queue) {
    return;
  }
  const PostfixQueue& queue = *health.queue;
  if (!queue.error.empty()) {
    alerts.push_back({AlertLevel::unknown,
                      "postfix.queue_unreadable",
                      health.route,
                      health.route + ": cannot read the Postfix queue: " + queue.error,
                      {},
                      {}});
    return;
  }
  add_limit_alert(alerts,
                  health,
                  "postfix.queue_length",
                  t.max_queue_messages,
                  queue.messages,
                  Breach::above,
                  "the Postfix queue",
                  " messages");
  if (queue.oldest_arrival_at) {
    add_limit_alert(alerts,
                    health,
                    "postfix.queue_age",
                    t.max_queue_age_seconds,
                    static_cast<double>(now_ms / 1000 - *queue.oldest_arrival_at),
                    Breach::above,
                    "the oldest queued message's age",
                    " s");
  }
}

} // namespace

std::vector<Alert>
evaluate_check(const SmtpHealth& health, const Thresholds& t, std::int64_t now_ms)
{
  std::vector<Alert> alerts;
  if (!health.error.empty() && t.check_failure != AlertLevel::ok) {
    alerts.push_back({t.check_failure,
                      "smtp.check_failed",
                      health.route,
                      health.route + ": " + health.error,
                      {},
                      {}});
  }
  add_findings(alerts, health, t);
  if (!health.chain.empty()) {
    add_limit_alert(alerts,
                    health,
                    "tls.certificate_expiry",
                    t.min_certificate_days,
                    static_cast<double>(days_until(health.chain.front().not_after_at, now_ms)),
                    Breach::below,
                    "the certificate's time to expiry",
                    " days");
  }
  add_queue(alerts, health, t, now_ms);
  return alerts;
}

} // namespace inboxprobe
