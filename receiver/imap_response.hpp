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

// The bytes of the literal `stream` ends inside, when it is cut short (the
// announced length did not arrive); nullopt when the stream does not end
// inside a literal. Used to resume a fetch that libcurl cut at a line looking
// like its tag.
std::optional<std::string_view> truncated_literal(std::string_view stream);

// The capabilities the server announced last in `responses` (RFC 3501 §7.2.1:
// an untagged CAPABILITY response or a [CAPABILITY ...] response code),
// uppercase; empty when none was sent.
std::vector<std::string> capabilities_of(const std::vector<ImapResponse>& responses);

// The capabilities announced while logging in, in a stream that starts on a
// fresh connection: those of the exchange just before the last tagged
// response (the login's untagged CAPABILITY or its [CAPABILITY] code); empty
// when the server announced none there (ask with CAPABILITY then).
std::vector<std::string> login_capabilities(const std::vector<ImapResponse>& responses);

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
  // Gmail's IMAP extensions (X-GM-EXT-1): the message id shared by all labels
  // the message carries, and those labels ("\\Inbox", "Work", ...).
  std::uint64_t gmail_msgid = 0;
  std::vector<std::string> gmail_labels;

  const std::string* section(std::string_view name) const;
  // The first section whose name starts with `prefix` (case-insensitive), e.g.
  // "BODY[HEADER.FIELDS" for whatever field list the server echoed.
  const std::string* section_starting_with(std::string_view prefix) const;
};
std::optional<FetchData> as_fetch(const ImapResponse& response);

// INTERNALDATE (RFC 3501 §9 date-time: "dd-Mon-yyyy hh:mm:ss +zzzz", day may be
// space- padded) to UTC epoch seconds; nullopt when malformed.
std::optional<std::int64_t> parse_internaldate(std::string_view text);

} // namespace inboxprobe
