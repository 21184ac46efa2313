// IMAP server responses (RFC 3501 §7, RFC 9051 §7) parsed from the raw byte
// stream a server sent, literals included. libcurl hands us every response line
// through its header callback but interprets none of the FETCH data, so this
// parser is what turns the bytes into values. Bounded and total: any input
// yields responses or an Error, never a crash or a hang.
#pragma once

#include <core/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// One parsed value of a response (RFC 3501 §4): an atom (including bracketed
// section specifiers such as BODY[HEADER.FIELDS (A B)]), a quoted string, a
// literal, NIL or a parenthesized list.
struct ImapValue
{
  enum class Kind { atom, string, literal, nil, list };
  Kind kind = Kind::atom;
  std::string text;             // atom text, decoded string or literal bytes
  std::vector<ImapValue> items; // list members

  bool
  is_text() const
  {
    return kind == Kind::string || kind == Kind::literal || kind == Kind::atom;
  }
};

// One response: untagged ("* ..."), tagged ("A001 OK ...") or a continuation
// ("+ ...").
struct ImapResponse
{
  enum class Kind { untagged, tagged, continuation };
  Kind kind = Kind::untagged;
  std::string tag;               // for tagged responses
  std::vector<ImapValue> values; // the tokens after "*" / the tag, e.g. 12 FETCH (...)
};

// Parse every complete response in `stream`. Error "imap.truncated" when the
// stream ends inside a literal or a quoted string (a dropped connection, or a
// reply cut short), "imap.malformed" for bytes that are not IMAP syntax.
// Limits: a list nesting depth of 64 and literals up to `max_literal_bytes`.
Result<std::vector<ImapResponse>>
parse_imap_responses(std::string_view stream, std::size_t max_literal_bytes = 64 * 1024 * 1024);

// The attributes of a FETCH response ("* 12 FETCH (UID 7 FLAGS (\Seen) ...)");
// nullopt when `response` is not a FETCH. `sequence` is the message sequence
// number.
struct FetchData
{
  std::uint32_t sequence = 0;
  std::uint32_t uid = 0;
  std::vector<std::string> flags;
  std::string internaldate; // as sent: "29-Nov-2026 12:33:18 +0000"
  std::int64_t rfc822_size = -1;
  // Section data by its name as sent, e.g. {"BODY[HEADER]", bytes}, {"BODY[]",
  // bytes}.
  std::vector<std::pair<std::string, std::string>> sections;

  const std::string* section(std::string_view name) const;
};
std::optional<FetchData> as_fetch(const ImapResponse& response);

// INTERNALDATE (RFC 3501 §9 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz", day may be
// space- padded) to UTC epoch seconds; nullopt when malformed.
std::optional<std::int64_t> parse_internaldate(std::string_view text);

} // namespace inboxprobe
