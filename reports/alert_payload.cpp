// Alert notification payloads: chat webhook JSON, Alertmanager API v2
// alerts, email subject and text.
#include "alert_payload.hpp"

#include "report_format.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>

namespace inboxprobe {

namespace {

using nlohmann::json;

std::string
upper(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  return out;
}

std::string
notice_line(const AlertNotice& notice)
{
  if (notice.change == AlertChange::resolved) {
    return "RESOLVED: " + notice.alert.message;
  }
  return upper(to_string(notice.change)) + " " + std::string(to_string(notice.alert.level)) + ": "
         + notice.alert.message + " (since " + format_utc_ms(notice.since_at_ms) + ")";
}

} // namespace

std::string
rfc3339_ms(std::int64_t at_ms)
{
  const std::time_t t = static_cast<std::time_t>(at_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  char millis[8];
  std::snprintf(millis, sizeof millis, ".%03dZ", static_cast<int>(at_ms % 1000));
  return std::string(text) + millis;
}

std::string
alert_subject(const AlertBatch& batch)
{
  std::map<AlertChange, int> counts;
  for (const AlertNotice& notice : batch.notices) {
    ++counts[notice.change];
  }
  std::string parts;
  for (const auto& [change, n] : counts) {
    parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(to_string(change));
  }
  return "[inboxprobe] " + upper(to_string(batch.level)) + " " + batch.campaign + ": "
         + batch.subject + (parts.empty() ? "" : ": " + parts);
}

std::string
alert_text(const AlertBatch& batch)
{
  std::string text = "inboxprobe " + batch.source + " of campaign " + batch.campaign + ", "
                     + batch.subject + ": " + upper(to_string(batch.level)) + " at "
                     + format_utc_ms(batch.at_ms) + "\n";
  for (const AlertNotice& notice : batch.notices) {
    text += notice_line(notice) + "\n";
  }
  return text;
}

std::string
webhook_payload(const AlertBatch& batch)
{
  json alerts = json::array();
  for (const AlertNotice& notice : batch.notices) {
    alerts.push_back({{"change", to_string(notice.change)},
                      {"level", to_string(notice.alert.level)},
                      {"code", notice.alert.code},
                      {"route", notice.alert.route},
                      {"message", notice.alert.message},
                      {"since", rfc3339_ms(notice.since_at_ms)}});
  }
  const json payload = {{"text", alert_text(batch)},
                        {"username", "inboxprobe"},
                        {"level", to_string(batch.level)},
                        {"source", batch.source},
                        {"campaign", batch.campaign},
                        {"subject", batch.subject},
                        {"at", rfc3339_ms(batch.at_ms)},
                        {"alerts", alerts}};
  return payload.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string
alertmanager_payload(const AlertBatch& batch, std::int64_t hold_ms)
{
  json out = json::array();
  for (const AlertNotice& notice : batch.notices) {
    const bool resolved = notice.change == AlertChange::resolved;
    json labels = {{"alertname", notice.alert.code},
                   {"severity", to_string(notice.alert.level)},
                   {"campaign", batch.campaign},
                   {"source", batch.source}};
    if (!notice.alert.route.empty()) {
      labels["route"] = notice.alert.route; // an empty value would mean "no such label"
    }
    out.push_back({{"labels", labels},
                   {"annotations", {{"summary", notice.alert.message}}},
                   {"startsAt", rfc3339_ms(notice.since_at_ms)},
                   {"endsAt", rfc3339_ms(resolved ? batch.at_ms : batch.at_ms + hold_ms)}});
  }
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace inboxprobe
