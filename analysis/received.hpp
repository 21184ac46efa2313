// RFC 5322 §3.3 date-time values (with the obsolete forms of §4.3) and the
// Received trace fields (RFC 5321 §4.4, RFC 5322 §3.6.7) that carry them:
// where a message went and when each server saw it.
#pragma once

#include <core/message_headers.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// The instant written in `text` as UTC epoch seconds. Accepts comments and
// folding whitespace anywhere (RFC 5322 §3.2.2), an optional day-of-week, no
// seconds, two- and three-digit years (§4.3: 00-49 -> 20xx, 50-999 -> +1900),
// the zones UT, GMT, EST/EDT/CST/CDT/MST/MDT/PST/PDT and military letters
// (§4.3: taken as -0000, i.e. UTC). std::nullopt for anything else: no zone, a
// zone that is not "+hhmm"/"-hhmm" with four digits, an impossible date or
// time.
std::optional<std::int64_t> parse_rfc5322_date(std::string_view text);

// One Received field: the first token after each clause keyword once comments
// are removed (RFC 5321 §4.4 Stamp: from, by, with, id, for), and its date.
struct ReceivedHop
{
  std::string from, by, with, id, for_;
  std::optional<std::int64_t> date_at; // UTC epoch seconds; nullopt: no date
  std::string raw;                     // the unfolded field body
};

// Every Received field of `fields`, top (newest) to bottom (oldest), in header
// order (never sorted by time: clocks differ). The date is the text after the
// last ";" outside comments; a hop without a usable date has date_at nullopt.
std::vector<ReceivedHop> parse_received_chain(const std::vector<HeaderField>& fields);

// "2019-02-11T10:23:41Z" (RFC 3339, UTC) for `epoch_s`; used in evidence.
std::string format_utc_iso(std::int64_t epoch_s);

} // namespace inboxprobe
