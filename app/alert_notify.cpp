// Alert state and notifications: de-duplication against the history, chat
// webhooks, Alertmanager (API v2), alert email through a configured route.
#include "monitor_passes.hpp"

#include <sender/alert_mail.hpp>
#include <sender/http_post.hpp>

namespace inboxprobe {

namespace {

// POST `body` to `url`; a failure or a non-2xx status is a progress line.
bool
post(const std::string& url,
     const std::string& body,
     std::int64_t timeout_ms,
     const std::string& what,
     std::ostream& progress)
{
  const auto response = http_post_json(url, body, timeout_ms);
  if (!response) {
    progress << "alerts: " << what << ": " << response.error().what << "\n";
    return false;
  }
  if (response->status / 100 != 2) {
    progress << "alerts: " << what << ": " << redact_url(url) << " answered HTTP "
             << response->status << "\n";
    return false;
  }
  return true;
}

const Route*
find_route(const Config& config, const std::string& name)
{
  for (const Route& route : config.routes) {
    if (route.name == name) {
      return &route;
    }
  }
  return nullptr;
}

int
send_email(const Config& config,
           const AlertBatch& news,
           const std::string& attachment_name,
           const std::string& attachment_html,
           std::ostream& progress,
           const Clock& clock)
{
  const AlertTargets& targets = config.monitoring.alerts;
  const Route* route = find_route(config, targets.email_route);
  if (!route) {
    return 0; // load_config checked the name
  }
  const AlertMail mail{alert_subject(news), alert_text(news), attachment_name, attachment_html};
  int failures = 0;
  for (const Submission& s : send_alert_mail(*route, targets.email_to, mail, clock)) {
    if (s.outcome != SubmitOutcome::accepted) {
      ++failures;
      progress << "alerts: email through " << route->name << ": " << to_string(s.outcome) << " "
               << (s.reply.code ? std::to_string(s.reply.code) + " " + s.reply.text : s.error)
               << "\n";
    }
  }
  return failures;
}

} // namespace

Result<DedupResult>
record_alerts(Store& store,
              const std::string& scope,
              const std::vector<Alert>& alerts,
              std::int64_t now_ms)
{
  const std::vector<AlertStateRow> previous = TRY(store.load_alert_states(scope));
  DedupResult result = deduplicate(scope, previous, alerts, now_ms);
  TRY(store.replace_alert_states(scope, result.state));
  return result;
}

int
notify_alerts(const Config& config,
              const AlertBatch& batch,
              const std::string& attachment_name,
              const std::string& attachment_html,
              std::ostream& progress,
              const Clock& clock)
{
  const AlertTargets& targets = config.monitoring.alerts;
  AlertBatch news = batch;
  news.notices.clear();
  for (const AlertNotice& notice : batch.notices) {
    if (is_news(notice)) {
      news.notices.push_back(notice);
    }
  }
  int failures = 0;
  if (!news.notices.empty()) {
    const std::string payload = webhook_payload(news);
    for (const Secret& url : targets.webhook_urls) {
      failures += post(url.reveal(), payload, targets.timeout_ms, "webhook", progress) ? 0 : 1;
    }
    if (!targets.email_route.empty()) {
      failures += send_email(config, news, attachment_name, attachment_html, progress, clock);
    }
  }
  if (!targets.alertmanager_url.empty() && !batch.notices.empty()) {
    std::string url = targets.alertmanager_url;
    while (!url.empty() && url.back() == '/') {
      url.pop_back();
    }
    failures += post(url + "/api/v2/alerts",
                     alertmanager_payload(batch, targets.alertmanager_hold_ms),
                     targets.timeout_ms,
                     "Alertmanager",
                     progress)
                  ? 0
                  : 1;
  }
  return failures;
}

} // namespace inboxprobe
