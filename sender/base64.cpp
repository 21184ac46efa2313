// Base64 encoding, RFC 4648 §4 alphabet, RFC 2045 §6.8 line length.
#include "base64.hpp"

#include <cstdint>

namespace inboxprobe {

namespace {

constexpr char k_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t k_body_line = 76; // RFC 2045 §6.8: at most 76 characters per line

std::uint32_t
byte_at(std::string_view raw, std::size_t i)
{
  return i < raw.size() ? static_cast<std::uint8_t>(raw[i]) : 0;
}

int
sextet(char c)
{
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  return c == '+' ? 62 : c == '/' ? 63 : -1;
}

} // namespace

std::string
decode_base64(std::string_view encoded)
{
  std::string out;
  out.reserve(encoded.size() / 4 * 3);
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : encoded) {
    if (c == '=') {
      break;
    }
    const int value = sextet(c);
    if (value < 0) {
      continue;
    }
    bits = (bits << 6) | static_cast<std::uint32_t>(value);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  return out;
}

std::string
encode_base64(std::string_view raw)
{
  std::string out;
  out.reserve((raw.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < raw.size(); i += 3) {
    const std::uint32_t n =
      (byte_at(raw, i) << 16) | (byte_at(raw, i + 1) << 8) | byte_at(raw, i + 2);
    out.push_back(k_alphabet[n >> 18]);
    out.push_back(k_alphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < raw.size() ? k_alphabet[(n >> 6) & 63] : '=');
    out.push_back(i + 2 < raw.size() ? k_alphabet[n & 63] : '=');
  }
  return out;
}

std::string
encode_base64_body(std::string_view raw)
{
  const std::string flat = encode_base64(raw);
  std::string out;
  out.reserve(flat.size() + flat.size() / k_body_line * 2 + 2);
  for (std::size_t at = 0; at < flat.size(); at += k_body_line) {
    out.append(flat, at, k_body_line);
    out.append("\r\n");
  }
  return out;
}

} // namespace inboxprobe
