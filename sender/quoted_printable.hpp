// Quoted-Printable content transfer encoding (RFC 2045 §6.7) for UTF-8 text
// bodies.
//
// Written here rather than taken from mimetic: mimetic 0.9.8's QP encoder
// switches to "binary" mode at the first 8-bit byte, after which it encodes
// every line break as =0D=0A, and its soft line breaks are bare LF; the result
// is one endless line of UTF-8 text.
#pragma once

#include <string>
#include <string_view>

namespace inboxprobe {

// Encode `text` (any mix of CRLF, LF or CR line breaks) as quoted-printable
// with CRLF line breaks: every line at most 76 characters (soft breaks "="
// CRLF), 8-bit bytes, "=" and control characters as =XX, trailing spaces and
// tabs encoded (rule 3). Leading dots are left as they are: SMTP dot-stuffing
// (RFC 5321 §4.5.2) is the transport's job. Never fails.
std::string encode_quoted_printable(std::string_view text);

// Decode a quoted-printable body (RFC 2045 §6.7): "=XX" becomes the byte, a
// soft line break ("=" at the end of a line) joins the lines, trailing white
// space on a line is dropped (rule 3), hard line breaks become CRLF. A "=" not
// followed by two hex digits is kept as it is (the RFC's advice for robust
// decoders). Never fails.
std::string decode_quoted_printable(std::string_view encoded);

} // namespace inboxprobe
