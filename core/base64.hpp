// Base64 (RFC 4648 §4) for every stage: unbroken for RFC 2047 encoded words and DKIM/ARC tag
// values, as a MIME content transfer encoding (RFC 2045 §6.8) with CRLF line breaks, and two
// decoders: a lenient one for MIME bodies and a strict one for signature and key values.
//
// Written here rather than taken from mimetic: mimetic 0.9.8's Base64::Encoder breaks its
// 76-character lines with a bare LF, which is not a line break in a message on the wire
// (RFC 5322 §2.3); tests/unit/sender/base64_test.cpp pins that behaviour.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace inboxprobe {

// `raw` as one line of base64 with "=" padding, no line breaks.
std::string encode_base64(std::string_view raw);

// `raw` as a base64 body (RFC 2045 §6.8): lines of exactly 76 characters but the last, each
// ending in CRLF (the last one too); empty input gives "".
std::string encode_base64_body(std::string_view raw);

// MIME body decoding (RFC 2045 §6.8): characters outside the alphabet (line breaks, white
// space, garbage) are skipped and decoding stops at the first "="; an incomplete last group
// yields the bytes it fully encodes. Never fails.
std::string decode_base64_lenient(std::string_view encoded);

// Strict decoding for DKIM/ARC b=, bh= and p= values (RFC 6376 §3.5): folding white space
// (space, tab, CR, LF) is skipped; any other character outside the alphabet, data after
// padding, more than two "=" or a length that is not a multiple of 4 gives std::nullopt.
std::optional<std::string> decode_base64_strict(std::string_view text);

} // namespace inboxprobe
