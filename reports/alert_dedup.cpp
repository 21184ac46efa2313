// The alert de-duplication state machine (alert_dedup.hpp).
#include "alert_dedup.hpp"

#include <map>
#include <utility>

namespace inboxprobe {

namespace {

using Key = std::pair<std::string, std::string>; // route, code

// The current alerts by key, the worse one where two share a key, in first
// appearance order.
std::vector<const Alert*>
distinct_alerts(const std::vector<Alert>& current)
{
  std::map<Key, std::size_t> index;
  std::vector<const Alert*> out;
  for (const Alert& alert : current) {
    if (alert.level == AlertLevel::ok) {
      continue;
    }
    const Key key{alert.route, alert.code};
    const auto it = index.find(key);
    if (it == index.end()) {
      index[key] = out.size();
      out.push_back(&alert);
    } else if (worse(out[it->second]->level, alert.level) != out[it->second]->level) {
      out[it->second] = &alert;
    }
  }
  return out;
}

} // namespace

std::string_view
to_string(AlertChange change)
{
  switch (change) {
  case AlertChange::opened:
    return "opened";
  case AlertChange::changed:
    return "changed";
  case AlertChange::ongoing:
    return "ongoing";
  case AlertChange::resolved:
    break;
  }
  return "resolved";
}

DedupResult
deduplicate(const std::string& scope,
            const std::vector<AlertStateRow>& previous,
            const std::vector<Alert>& current,
            std::int64_t now_ms)
{
  std::map<Key, const AlertStateRow*> before;
  for (const AlertStateRow& row : previous) {
    before[{row.route, row.code}] = &row;
  }
  DedupResult result;
  for (const Alert* alert : distinct_alerts(current)) {
    const auto it = before.find({alert->route, alert->code});
    AlertNotice notice{AlertChange::opened, *alert, now_ms};
    if (it != before.end()) {
      notice.since_at_ms = it->second->since_at_ms;
      notice.change =
        it->second->level == to_string(alert->level) ? AlertChange::ongoing : AlertChange::changed;
      before.erase(it);
    }
    result.state.push_back({scope,
                            alert->route,
                            alert->code,
                            std::string(to_string(alert->level)),
                            alert->message,
                            notice.since_at_ms,
                            now_ms});
    result.notices.push_back(std::move(notice));
  }
  for (const auto& [key, row] : before) {
    Alert alert;
    alert.level = parse_alert_level(row->level).value_or(AlertLevel::unknown);
    alert.code = row->code;
    alert.route = row->route;
    alert.message = row->message;
    result.notices.push_back({AlertChange::resolved, alert, row->since_at_ms});
  }
  return result;
}

bool
is_news(const AlertNotice& notice)
{
  return notice.change != AlertChange::ongoing;
}

} // namespace inboxprobe
