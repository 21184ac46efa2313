// The human-readable report of `inboxprobe check`: per route what was
// measured (timings, greeting, capabilities before and after STARTTLS, TLS,
// certificate, AUTH, commands, relay probe, queue) and its alerts.
#pragma once

#include <core/smtp_health.hpp>
#include <reports/alerts.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace inboxprobe {

// The report of one route's check with its `alerts`, at `now_ms` (UTC epoch
// ms); lines end with "\n".
std::string
check_text(const SmtpHealth& health, const std::vector<Alert>& alerts, std::int64_t now_ms);

} // namespace inboxprobe
