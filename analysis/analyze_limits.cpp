// The message limits pass (message_limits.hpp): what of a message the other
// passes may read, and the findings about the message's form: size, NUL bytes
// (RFC 5322 §2.3), header bytes that are not UTF-8 (RFC 6532 §3.2), MIME
// nesting and broken base64 / quoted-printable bodies (RFC 2045 §6.7, §6.8).
#include "analyze_passes.hpp"
#include "message_limits.hpp"
#include "mime_parts.hpp"

#include <cstring>

namespace inboxprobe::analyze_detail {

namespace {

// The offset just past the blank line ending the header section within
// `head`, or npos when `head` holds no blank line.
std::size_t
header_section_end(std::string_view head)
{
  std::size_t pos = 0;
  while (pos < head.size()) {
    const std::size_t eol = head.find('\n', pos);
    if (eol == std::string_view::npos) {
      return std::string_view::npos;
    }
    const std::size_t length = eol - pos;
    if (length == 0 || (length == 1 && head[pos] == '\r')) {
      return eol + 1;
    }
    pos = eol + 1;
  }
  return std::string_view::npos;
}

// The offset of the first byte of `s` that does not start a well-formed
// UTF-8 sequence (RFC 3629 §4), or npos.
std::size_t
first_invalid_utf8(std::string_view s)
{
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int extra = b < 0x80                ? 0
                      : b >= 0xC2 && b < 0xE0 ? 1
                      : b >= 0xE0 && b < 0xF0 ? 2
                      : b >= 0xF0 && b < 0xF5 ? 3
                                              : -1;
    if (extra < 0 || s.size() - i <= static_cast<std::size_t>(extra)) {
      return i;
    }
    std::uint32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((c & 0xC0) != 0x80) {
        return i;
      }
      cp = (cp << 6) | (c & 0x3F);
    }
    constexpr std::uint32_t k_min_of_length[] = {0, 0x80, 0x800, 0x10000};
    if (cp < k_min_of_length[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
      return i;
    }
    i += static_cast<std::size_t>(extra) + 1;
  }
  return std::string_view::npos;
}

} // namespace

BoundedMessage
bound_message(std::string_view message, ProbeResult& result)
{
  BoundedMessage bounded{message, true};
  const std::size_t end = header_section_end(message.substr(0, k_max_header_section_bytes));
  if (end == std::string_view::npos && message.size() > k_max_header_section_bytes) {
    const std::size_t last_break = message.rfind('\n', k_max_header_section_bytes - 1);
    bounded = {message.substr(0, last_break == std::string_view::npos ? 0 : last_break + 1), false};
    add_finding(result,
                "message.header_too_large",
                "the header section is larger than " + std::to_string(k_max_header_section_bytes)
                  + " bytes: only its start is analysed",
                std::to_string(message.size()) + " bytes without the blank line ending it");
  } else if (message.size() > k_max_message_bytes) {
    bounded = {message.substr(0, end), false};
    add_finding(result,
                "message.too_large",
                "the message is larger than " + std::to_string(k_max_message_bytes)
                  + " bytes: only its header section is analysed",
                std::to_string(message.size()) + " bytes");
  }
  const std::string_view scanned = message.substr(0, k_max_message_bytes);
  if (const void* nul = std::memchr(scanned.data(), '\0', scanned.size())) {
    const auto at = static_cast<const char*>(nul) - scanned.data();
    add_finding(result,
                "message.nul_byte",
                "the message contains a NUL byte, which no part of a message may hold",
                "first at byte " + std::to_string(at));
  }
  const std::string_view header = bounded.bytes.substr(0, end);
  if (const std::size_t bad = first_invalid_utf8(header); bad != std::string_view::npos) {
    add_finding(result,
                "message.header_not_utf8",
                "the header section holds bytes that are not UTF-8",
                "first at byte " + std::to_string(bad));
  }
  return bounded;
}

void
check_field_count(const std::vector<HeaderField>& fields, ProbeResult& result)
{
  if (fields.size() >= k_max_header_fields) {
    add_finding(result,
                "message.too_many_fields",
                "the message has more header fields than the " + std::to_string(k_max_header_fields)
                  + " analysed: the rest are ignored",
                fields.back().name);
  }
}

} // namespace inboxprobe::analyze_detail
