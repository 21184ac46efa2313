// Encoded words for non-ASCII header text (RFC 2047 §4.1 "B" encoding, UTF-8).
#pragma once

#include <string>
#include <string_view>

namespace inboxprobe {

// `text` unchanged when it is printable ASCII; otherwise a sequence of
// "=?UTF-8?B?...?=" encoded words separated by a space, each at most 75
// characters (RFC 2047 §2) and never splitting a UTF-8 character between two
// words (§5 rule 3). Suitable for unstructured fields (Subject) and for a
// display-name phrase.
std::string encode_header_text(std::string_view text);

// A From/To field value "Display Name <addr@example>" with a non-ASCII display
// name encoded; a value without a display name, or with an ASCII one, is
// returned unchanged.
std::string encode_address_field(std::string_view value);

} // namespace inboxprobe
