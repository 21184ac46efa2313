// Mailbox names on the wire: modified UTF-7 (RFC 3501 §5.1.3) and quoting for
// commands.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace inboxprobe {

// Modified UTF-7 -> UTF-8 ("&BCEEPwQwBDw-" -> "Спам", "&-" -> "&"); nullopt
// when the input is not valid modified UTF-7 (the caller then shows the wire
// form as it is).
std::optional<std::string> decode_mutf7(std::string_view wire);

// UTF-8 -> modified UTF-7; invalid UTF-8 bytes are encoded as U+FFFD.
std::string encode_mutf7(std::string_view utf8);

// The mailbox argument for a command: an atom when that is safe, else a quoted
// string with \ and " escaped (RFC 3501 §4.3; names with CR/LF cannot be sent
// and are not expected).
std::string quote_mailbox(std::string_view wire);

// Percent-encode a wire mailbox name for an imap:// URL path (RFC 5092 §5).
std::string url_encode_mailbox(std::string_view wire);

} // namespace inboxprobe
