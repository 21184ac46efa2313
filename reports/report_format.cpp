// Text forms for the reports: UTC times (gmtime_r), latencies rounded to the
// seed timestamps' resolution, percentages, placement counts.
#include "report_format.hpp"

#include <core/duration.hpp>

#include <array>
#include <cstdio>
#include <ctime>
#include <utility>

namespace inboxprobe {

namespace {

constexpr std::int64_t k_second_ms = 1000;

// Whole seconds `seconds` (>= 0) as "2 s", "1 min", "1 min 35 s", "2 h" or
// "2 h 5 min" (seconds are dropped above an hour).
std::string
format_seconds(std::int64_t seconds)
{
  char buffer[64];
  const auto s = static_cast<long long>(seconds);
  if (s < 60) {
    std::snprintf(buffer, sizeof buffer, "%lld s", s);
  } else if (s < 3600 && s % 60 == 0) {
    std::snprintf(buffer, sizeof buffer, "%lld min", s / 60);
  } else if (s < 3600) {
    std::snprintf(buffer, sizeof buffer, "%lld min %lld s", s / 60, s % 60);
  } else if ((s % 3600) / 60 == 0) {
    std::snprintf(buffer, sizeof buffer, "%lld h", s / 3600);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld h %lld min", s / 3600, (s % 3600) / 60);
  }
  return buffer;
}

} // namespace

std::string
format_utc_ms(std::int64_t at_ms)
{
  if (at_ms == 0) {
    return "-";
  }
  // Floor division, so that a pre-1970 value does not round towards zero.
  std::int64_t seconds = at_ms / k_second_ms;
  if (at_ms % k_second_ms < 0) {
    --seconds;
  }
  const auto time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  if (gmtime_r(&time, &parts) == nullptr) {
    return "-";
  }
  char buffer[64];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S UTC", &parts);
  return buffer;
}

std::string
format_latency(std::int64_t ms, std::int64_t resolution_ms)
{
  const std::int64_t magnitude = ms < 0 ? -ms : ms;
  if (resolution_ms >= k_second_ms) {
    if (magnitude < resolution_ms) {
      return "< " + format_seconds(resolution_ms / k_second_ms);
    }
    // Round half away from zero to whole seconds.
    const std::int64_t seconds = (magnitude + k_second_ms / 2) / k_second_ms;
    return (ms < 0 ? "-" : "") + format_seconds(seconds);
  }
  if (magnitude < k_second_ms) {
    return std::to_string(ms) + " ms";
  }
  return format_duration_ms(ms);
}

std::string
format_rate(double rate)
{
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.1f %%", rate * 100.0);
  return buffer;
}

std::string
format_rate_change(double change)
{
  char buffer[32];
  // U+2212 MINUS SIGN reads better than "-" beside digits; +0.0 for no change.
  std::snprintf(buffer, sizeof buffer, "%+.1f pp", change * 100.0);
  const std::string text = buffer;
  if (text == "-0.0 pp") {
    return "+0.0 pp";
  }
  return text[0] == '-' ? "\u2212" + text.substr(1) : text;
}

std::string
format_date_ms(std::int64_t at_ms)
{
  return format_utc_ms(at_ms).substr(0, 10);
}

std::string
format_counts(const PlacementCounts& counts)
{
  std::string text;
  for (const Placement placement : placement_columns(counts)) {
    const int count = counts.count(placement);
    if (count == 0) {
      continue;
    }
    if (!text.empty()) {
      text += " / ";
    }
    text += std::string(to_string(placement)) + " " + std::to_string(count);
  }
  return text.empty() ? "no probes" : text;
}

} // namespace inboxprobe
