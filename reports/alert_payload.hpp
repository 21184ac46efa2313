// What alert notifications carry: a chat webhook's JSON (the `text` field
// that Slack and Mattermost incoming webhooks render, plus structured
// members), the Alertmanager API v2 alert list (POST /api/v2/alerts), and the
// subject and text of an alert email.
#pragma once

#include <reports/alert_dedup.hpp>
#include <reports/alerts.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace inboxprobe {

// The notices of one evaluation.
struct AlertBatch
{
  std::string source; // "run" or "check"
  std::string campaign;
  std::string subject;               // what was evaluated, e.g. "run 20261129T081500Z-3kq7"
  std::int64_t at_ms = 0;            // UTC epoch ms of the evaluation
  AlertLevel level = AlertLevel::ok; // the evaluation's overall level
  std::vector<AlertNotice> notices;
};

// "[inboxprobe] CRITICAL lab: run ID: 1 opened, 1 resolved" (one line).
std::string alert_subject(const AlertBatch& batch);

// One line per notice: "OPENED critical: MESSAGE (since 2026-11-29 08:15:00
// UTC)", "RESOLVED: MESSAGE", after a first line naming the campaign, the
// subject and the overall level.
std::string alert_text(const AlertBatch& batch);

// {"text": alert_text, "username": "inboxprobe", "level", "source",
// "campaign", "subject", "alerts": [{"change", "level", "code", "route",
// "message", "since"}]}: accepted as-is by Slack and Mattermost incoming
// webhooks (they use `text`, ignore the rest) and by any JSON receiver.
std::string webhook_payload(const AlertBatch& batch);

// The Alertmanager API v2 postable alerts (a JSON array): one per notice,
// labels alertname (the code), severity, campaign, route, source; annotation
// summary (the message); startsAt = since; endsAt = the evaluation time for
// a resolved alert, else `at_ms` + `hold_ms` (Alertmanager resolves an alert
// that is not re-sent before its endsAt, so firing alerts are re-sent on
// every evaluation, ongoing ones included). Times in RFC 3339 UTC.
std::string alertmanager_payload(const AlertBatch& batch, std::int64_t hold_ms);

// `at_ms` (UTC epoch ms) as RFC 3339 "2026-11-29T08:15:00.000Z".
std::string rfc3339_ms(std::int64_t at_ms);

} // namespace inboxprobe
