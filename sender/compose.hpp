// Probe message composition (RFC 5322 message format, RFC 2045-2047 MIME). The
// probe token is placed in three places so that the receiver can still match it
// when one is rewritten: the X-Inboxprobe-Probe header, the Message-ID and a
// line of the body. A content variant is plain text, text + HTML
// (multipart/alternative), with inline images (multipart/related) and
// attachments (multipart/mixed), or a user's own message (Content::eml) with the
// token injected (eml_inject.hpp).
#pragma once

#include <core/error.hpp>
#include <core/model.hpp>

#include <cstdint>
#include <functional>
#include <string>

namespace inboxprobe {

struct ComposedMessage
{
  std::string bytes;      // the whole message, CRLF line breaks, no line over 998 octets
  std::string message_id; // without angle brackets, e.g. "<token>.probe@sender.test"
};

// Where composition gets the multipart boundaries it needs, outermost first
// (the one source of randomness in a composed message). Tests pass a fixed
// sequence to get exact bytes.
using BoundarySource = std::function<std::string()>;

// "=_ip_" + 24 random base32 characters from the OS random source. The "=_"
// start can occur neither in quoted-printable nor in base64 text, so the
// boundary never appears inside a part (RFC 2046 §5.1.1). Throws Bug if the OS
// random source fails.
std::string random_boundary();

// Compose the message for `probe` sent through `route` with `content` to
// `probe.seed`. `date_at_ms` (UTC epoch ms) becomes the Date field (RFC 5322
// §3.3, numeric zone +0000). Header fields: Date, From (route.from_header),
// To, Subject (RFC 2047 when not ASCII), Message-ID, MIME-Version, the body's
// Content-Type, X-Inboxprobe-Probe, List-Unsubscribe and List-Unsubscribe-Post
// (RFC 2369, RFC 8058) when set, then route.headers, then content.headers.
// With content.eml set, the user's message is sent instead (inject_probe_token).
// Throws Bug if the result would break RFC 5322's 998-octet line limit
// (§2.1.1), which valid configured input never produces (config checks it).
ComposedMessage compose_probe(const Probe& probe,
                              const Route& route,
                              const Content& content,
                              std::int64_t date_at_ms,
                              const BoundarySource& boundary = random_boundary);

// Whether the user's message `eml` can be sent as a probe: the checks
// inject_probe_token makes (a header section, lines within 998 octets), run
// on a sample probe. Errors: "eml.not_a_message", "eml.line_too_long".
Result<void> check_eml(std::string_view eml);

// RFC 5322 §3.3 date-time for `at` (UTC epoch seconds): "Sun, 29 Nov 2026
// 12:21:35 +0000".
std::string format_rfc5322_date(std::int64_t at);

// The domain part of an address ("alice@sender.test" -> "sender.test");
// "localhost" when there is none.
std::string address_domain(std::string_view address);

// The Message-ID (without <>) of `probe` sent from `mail_from`:
// "TOKEN.probe@DOMAIN".
std::string probe_message_id(const Probe& probe, std::string_view mail_from);

// True when every line of `bytes` (CRLF-separated) has at most 998 octets
// (RFC 5322 §2.1.1).
bool lines_within_limit(std::string_view bytes);

} // namespace inboxprobe
