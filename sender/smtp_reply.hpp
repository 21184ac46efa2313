// SMTP replies (RFC 5321 §4.2): multi-line assembly, enhanced status codes (RFC
// 3463, RFC 2034) and the queue id a server reports when it accepts a message.
#pragma once

#include <core/model.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace inboxprobe {

// Assemble the lines of one reply ("250-first", "250 last", without CRLF) into
// a SmtpReply: the code from the first line, the enhanced code from the first
// line that starts with one (RFC 2034 §3 puts it at the start of every line's
// text), and the text lines joined with
// "\n" with codes stripped. std::nullopt when the first line has no 3-digit
// code.
std::optional<SmtpReply> parse_smtp_reply(const std::vector<std::string>& lines);

// True when `line` is the last line of a reply ("250 ok" or a bare "250"),
// false for a continuation ("250-ok"); lines shorter than 3 characters count as
// last (malformed).
bool is_last_reply_line(std::string_view line);

// An RFC 3463 enhanced status code at the start of `text` ("5.7.1 ..."), class
// 2, 4 or 5, subject and detail of 1-3 digits; empty when there is none.
std::string leading_enhanced_code(std::string_view text);

// The queue id in the reply to the end of DATA, from the forms servers use:
// Postfix "2.0.0 Ok: queued as 4Xyz12AbC", Exim "OK id=1tQ2aB-000123-4C",
// Sendmail "2.0.0 4ATC1234567 Message accepted for delivery",
// Gmail "2.0.0 OK  1732873000 a1-20020a17.123 - gsmtp",
// Microsoft "2.6.0 <id@host> [InternalId=123, Hostname=X] Queued mail for
// delivery", Amazon SES "Ok 0100018f..."; empty when none is recognised.
std::string extract_queue_id(std::string_view reply_text);

} // namespace inboxprobe
