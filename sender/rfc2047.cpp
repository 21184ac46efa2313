// RFC 2047 encoded-word generation (B encoding) for UTF-8 header text.
#include "rfc2047.hpp"

#include <core/base64.hpp>

#include <cstdint>

namespace inboxprobe {

namespace {

constexpr std::string_view k_prefix = "=?UTF-8?B?";
constexpr std::string_view k_suffix = "?=";
// 75 - prefix - suffix = 63 base64 characters -> at most 45 raw bytes per word
// (63/4*3).
constexpr std::size_t k_max_raw_bytes = 45;

bool
needs_encoding(std::string_view text)
{
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 127 || (u < 32 && u != '\t')) {
      return true;
    }
  }
  // "=?" would be taken for an encoded word by a reader (RFC 2047 §5).
  return text.find("=?") != std::string_view::npos;
}

// Length of the longest prefix of `text` of at most `limit` bytes that ends on
// a UTF-8 character boundary (a continuation byte is 10xxxxxx).
std::size_t
utf8_cut(std::string_view text, std::size_t limit)
{
  if (text.size() <= limit) {
    return text.size();
  }
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return cut == 0 ? limit : cut; // invalid UTF-8: cut anywhere rather than loop forever
}

} // namespace

std::string
encode_header_text(std::string_view text)
{
  if (!needs_encoding(text)) {
    return std::string(text);
  }
  std::string out;
  while (!text.empty()) {
    const std::size_t n = utf8_cut(text, k_max_raw_bytes);
    if (!out.empty()) {
      out.push_back(' ');
    }
    out.append(k_prefix).append(encode_base64(text.substr(0, n))).append(k_suffix);
    text.remove_prefix(n);
  }
  return out;
}

std::string
encode_address_field(std::string_view value)
{
  const std::size_t open = value.rfind('<');
  if (open == std::string_view::npos || open == 0) {
    return std::string(value);
  }
  std::string_view name = value.substr(0, open);
  while (!name.empty() && name.back() == ' ') {
    name.remove_suffix(1);
  }
  if (!needs_encoding(name)) {
    return std::string(value);
  }
  if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
    name = name.substr(1, name.size() - 2);
  }
  return encode_header_text(name) + " " + std::string(value.substr(open));
}

} // namespace inboxprobe
