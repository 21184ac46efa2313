// Base64: RFC 4648 §4 alphabet, RFC 2045 §6.8 line length.
#include "base64.hpp"

#include <array>
#include <cstdint>

namespace inboxprobe {

namespace {

constexpr std::string_view k_alphabet =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t k_body_line = 76; // RFC 2045 §6.8: at most 76 characters per line

constexpr std::array<int, 256>
make_table()
{
  std::array<int, 256> table{};
  table.fill(-1);
  for (std::size_t i = 0; i < k_alphabet.size(); ++i) {
    table[static_cast<unsigned char>(k_alphabet[i])] = static_cast<int>(i);
  }
  return table;
}

constexpr std::array<int, 256> k_table = make_table();

std::uint32_t
byte_at(std::string_view raw, std::size_t i)
{
  return i < raw.size() ? static_cast<std::uint8_t>(raw[i]) : 0;
}

bool
is_folding_space(char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

} // namespace

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

std::string
decode_base64_lenient(std::string_view encoded)
{
  std::string out;
  out.reserve(encoded.size() / 4 * 3);
  std::uint32_t bits = 0;
  int count = 0;
  for (char c : encoded) {
    if (c == '=') {
      break;
    }
    const int value = k_table[static_cast<unsigned char>(c)];
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

std::optional<std::string>
decode_base64_strict(std::string_view text)
{
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  int padding = 0;
  std::size_t symbols = 0;
  for (const char c : text) {
    if (is_folding_space(c)) {
      continue;
    }
    ++symbols;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int value = k_table[static_cast<unsigned char>(c)];
    if (value < 0 || padding > 0) {
      return std::nullopt;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  if (symbols % 4 != 0 || padding > 2) {
    return std::nullopt;
  }
  return out;
}

} // namespace inboxprobe
