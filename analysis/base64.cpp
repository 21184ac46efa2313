// Base64 (RFC 4648 §4), see base64.hpp.
#include "base64.hpp"

#include "text.hpp"

#include <array>

namespace inboxprobe::base64 {

namespace {

constexpr std::string_view k_alphabet =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

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

} // namespace

std::optional<std::string>
decode(std::string_view text)
{
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned int buffer = 0;
  int bits = 0;
  int padding = 0;
  std::size_t symbols = 0;
  for (const char c : text) {
    if (text::is_wsp(c)) {
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
    buffer = (buffer << 6) | static_cast<unsigned int>(value);
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

std::string
encode(std::string_view bytes)
{
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    unsigned int chunk = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) {
      chunk |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    }
    if (i + 2 < bytes.size()) {
      chunk |= static_cast<unsigned char>(bytes[i + 2]);
    }
    out.push_back(k_alphabet[(chunk >> 18) & 63]);
    out.push_back(k_alphabet[(chunk >> 12) & 63]);
    out.push_back(i + 1 < bytes.size() ? k_alphabet[(chunk >> 6) & 63] : '=');
    out.push_back(i + 2 < bytes.size() ? k_alphabet[chunk & 63] : '=');
  }
  return out;
}

} // namespace inboxprobe::base64
