// Duration parsing and formatting for configuration values and progress output.
#include "duration.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <limits>
#include <utility>

namespace inboxprobe {

namespace {

constexpr std::array<std::pair<std::string_view, std::int64_t>, 5> k_units = {
  {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}}};

} // namespace

std::optional<std::int64_t>
parse_duration_ms(std::string_view text)
{
  if (text.empty()) {
    return std::nullopt;
  }
  std::int64_t total = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_start = pos;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (number > std::numeric_limits<std::int64_t>::max() / 10 - 9) {
        return std::nullopt;
      }
      number = number * 10 + (text[pos] - '0');
      ++pos;
    }
    const std::size_t unit_start = pos;
    while (pos < text.size() && std::isalpha(static_cast<unsigned char>(text[pos]))) {
      ++pos;
    }
    if (pos == digits_start || unit_start == digits_start || unit_start == pos) {
      return std::nullopt;
    }
    const std::string_view unit = text.substr(unit_start, pos - unit_start);
    std::optional<std::int64_t> factor;
    for (const auto& [name, ms] : k_units) {
      if (name == unit) {
        factor = ms;
      }
    }
    if (!factor || number > (std::numeric_limits<std::int64_t>::max() - total) / *factor) {
      return std::nullopt;
    }
    total += number * *factor;
  }
  return total;
}

std::string
format_duration_ms(std::int64_t ms)
{
  char buffer[48];
  const std::int64_t magnitude = ms < 0 ? -ms : ms;
  if (magnitude < 1000) {
    std::snprintf(buffer, sizeof buffer, "%lld ms", static_cast<long long>(ms));
  } else if (magnitude < 60'000) {
    std::snprintf(buffer, sizeof buffer, "%.1f s", static_cast<double>(ms) / 1000.0);
  } else if (magnitude < 3'600'000) {
    std::snprintf(buffer, sizeof buffer, "%.1f min", static_cast<double>(ms) / 60'000.0);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.1f h", static_cast<double>(ms) / 3'600'000.0);
  }
  return buffer;
}

} // namespace inboxprobe
