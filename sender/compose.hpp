// Probe message composition (RFC 5322 message format, RFC 2045-2047 MIME). The
// probe token is placed in three places so that the receiver can still match it
// when one is rewritten: the X-Inboxprobe-Probe header, the Message-ID and a
// line of the body.
#pragma once

#include <core/model.hpp>

#include <cstdint>
#include <string>

namespace inboxprobe {

struct ComposedMessage
{
  std::string bytes;      // the whole message, CRLF line breaks, no line over 998 octets
  std::string message_id; // without angle brackets, e.g. "<token>.probe@sender.test"
};

// Compose the message for `probe` sent through `route` with `content` to
// `probe.seed`. `date_at_ms` (UTC epoch ms) becomes the Date field (RFC 5322
// §3.3, numeric zone +0000). Throws Bug if the result would break RFC 5322's
// 998-octet line limit (§2.1.1), which compose never produces for valid input.
ComposedMessage compose_probe(const Probe& probe,
                              const Route& route,
                              const Content& content,
                              std::int64_t date_at_ms);

// RFC 5322 §3.3 date-time for `at` (UTC epoch seconds): "Sun, 29 Nov 2026
// 12:21:35 +0000".
std::string format_rfc5322_date(std::int64_t at);

// The domain part of an address ("alice@sender.test" -> "sender.test");
// "localhost" when there is none.
std::string address_domain(std::string_view address);

} // namespace inboxprobe
