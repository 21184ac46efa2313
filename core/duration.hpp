// Durations as written in the configuration: a number with a unit, e.g.
// "500ms", "20s", "5m", "2h", "1d", or a sum such as "1m30s". Parsed to
// milliseconds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace inboxprobe {

// Milliseconds for `text`; std::nullopt when it is not a duration (empty, no
// unit, an unknown unit, a negative number or an overflow).
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

// "1.5 s", "250 ms", "3 min": a short human form for reports and progress
// lines.
std::string format_duration_ms(std::int64_t ms);

} // namespace inboxprobe
