// Alert de-duplication: the state machine between one evaluation and the
// next. An alert is identified by its scope, route and code. Seen now and not
// before: `opened`; seen before at the same level: `ongoing` (no new
// notification); seen before at another level: `changed`; seen before and
// not now: `resolved`, announced once (its state is dropped, so the next
// evaluation does not see it again). The state is kept in the history
// (core/store/alert_rows.hpp).
#pragma once

#include <core/store/alert_rows.hpp>
#include <reports/alerts.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

enum class AlertChange { opened, changed, ongoing, resolved };

// "opened", "changed", "ongoing", "resolved".
std::string_view to_string(AlertChange change);

struct AlertNotice
{
  AlertChange change = AlertChange::opened;
  Alert alert;                  // for `resolved`: the alert as it was last seen
  std::int64_t since_at_ms = 0; // UTC epoch ms when it was first raised
};

struct DedupResult
{
  // Every current alert (opened, changed, ongoing) in the order given, then
  // the resolved ones in state order.
  std::vector<AlertNotice> notices;
  std::vector<AlertStateRow> state; // the scope's new state: the current alerts
};

// Compare the `current` alerts of an evaluation of `scope` at `now_ms` (UTC
// epoch ms) with the scope's `previous` state. Of two current alerts with the
// same route and code the worse one counts. Alerts of level ok are ignored.
DedupResult deduplicate(const std::string& scope,
                        const std::vector<AlertStateRow>& previous,
                        const std::vector<Alert>& current,
                        std::int64_t now_ms);

// Whether a notice is sent to people (webhook, email): every change but
// `ongoing`.
bool is_news(const AlertNotice& notice);

} // namespace inboxprobe
