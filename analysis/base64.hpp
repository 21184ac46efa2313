// Base64 (RFC 4648 §4) for key records and signatures (internal header).
// DKIM and ARC allow folding whitespace inside b=, bh= and p= (RFC 6376
// §3.2): decode skips it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace inboxprobe::base64 {

// The bytes of `text`, whitespace ignored; nullopt for a character outside
// the alphabet, misplaced padding or a length that is not a multiple of 4.
std::optional<std::string> decode(std::string_view text);

// `bytes` in padded base64.
std::string encode(std::string_view bytes);

} // namespace inboxprobe::base64
