// A user's own message (a saved .eml: the real newsletter) turned into a probe:
// the probe token is injected into a header field, the Message-ID and, where
// that is safe, a line of the body (RFC 5322, RFC 2045-2046), so that placement
// is measured for the real content. Internal to the sender.
//
// Header section: Date, To and Message-ID are replaced (To is the seed);
// X-Inboxprobe-Probe, the route's and the content's extra fields are added at
// its end. Fields that belong to an earlier transport or would be false now
// are removed: Received, Return-Path, Delivered-To, X-Original-To,
// DKIM-Signature, ARC-*, Authentication-Results, Received-SPF, Cc and Bcc.
// Every other field (From, Subject, List-Unsubscribe, ...) stays as written.
//
// Body (eml_body.hpp): a "Reference: TOKEN" line goes into every text/plain and
// text/html part that is not an attachment, decoded and re-encoded in its own
// transfer encoding (7bit/8bit as is, quoted-printable, base64). Nothing is
// injected into multipart/signed or multipart/encrypted (RFC 1847: it would
// break the signature or cannot be read), message/rfc822 parts, parts in a
// charset that is not ASCII-compatible (UTF-16/32), or parts in another
// transfer encoding; the header and the Message-ID still carry the token.
#pragma once

#include "compose.hpp"

#include <core/error.hpp>
#include <core/model.hpp>

#include <string_view>

namespace inboxprobe {

// The probe message made from `eml` (any line endings; the result is CRLF).
// `date_at_ms` (UTC epoch ms) becomes the Date field. Errors:
// "eml.not_a_message" (no header section), "eml.line_too_long" (a line over
// 998 octets, RFC 5322 §2.1.1, in the input or the result).
Result<ComposedMessage> inject_probe_token(std::string_view eml,
                                           const Probe& probe,
                                           const Route& route,
                                           const Content& content,
                                           std::int64_t date_at_ms);

// `text` with every line break (LF, CR or CRLF) written as CRLF.
std::string normalize_crlf(std::string_view text);

} // namespace inboxprobe
