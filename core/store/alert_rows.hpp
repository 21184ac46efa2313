// The alert state the history keeps between evaluations, so that a breach seen
// on consecutive runs is reported once as new and then as ongoing, and its
// recovery once (reports/alert_dedup.hpp holds the state machine). One row per
// alert that is active now; a recovered alert's row is deleted.
#pragma once

#include <cstdint>
#include <string>

namespace inboxprobe {

struct AlertStateRow
{
  // An evaluation covers one scope: "run/CAMPAIGN" for a campaign run,
  // "check/CAMPAIGN/ROUTE" for the health check of one route.
  std::string scope;
  std::string route; // the route the alert is about, empty for the campaign
  std::string code;  // stable dotted code, e.g. "inbox_rate.low"
  std::string level; // "warning", "critical" or "unknown"
  std::string message;
  std::int64_t since_at_ms = 0;     // UTC epoch ms of the evaluation that raised it
  std::int64_t last_seen_at_ms = 0; // UTC epoch ms of the latest evaluation that saw it
};

} // namespace inboxprobe
