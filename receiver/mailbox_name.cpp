// Modified UTF-7 (RFC 3501 §5.1.3): printable ASCII stands for itself except
// "&", which starts a base64 run (alphabet with "," for "/") of UTF-16BE, ended
// by "-".
#include "mailbox_name.hpp"

#include <cctype>
#include <cstdint>
#include <vector>

namespace inboxprobe {

namespace {

constexpr std::string_view k_b64 =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

void
append_utf8(std::string& out, std::uint32_t cp)
{
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decode one base64 run into UTF-16 code units; false when malformed.
bool
decode_run(std::string_view run, std::vector<std::uint16_t>& units)
{
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : run) {
    const std::size_t v = k_b64.find(c);
    if (v == std::string_view::npos) {
      return false;
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 16) {
      bits -= 16;
      units.push_back(static_cast<std::uint16_t>(buffer >> bits));
      buffer &= (1u << bits) - 1;
    }
  }
  return buffer == 0 && bits < 6 && !units.empty(); // leftover bits must be zero padding
}

bool
append_utf16(std::string& out, const std::vector<std::uint16_t>& units)
{
  for (std::size_t i = 0; i < units.size(); ++i) {
    std::uint32_t cp = units[i];
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (i + 1 >= units.size() || units[i + 1] < 0xDC00 || units[i + 1] > 0xDFFF) {
        return false;
      }
      cp = 0x10000 + ((cp - 0xD800) << 10) + (units[++i] - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
      return false;
    }
    append_utf8(out, cp);
  }
  return true;
}

// Next code point of UTF-8 `s` at `i` (advanced); U+FFFD for an invalid
// sequence.
std::uint32_t
next_code_point(std::string_view s, std::size_t& i)
{
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  const int extra = b >= 0xF0 && b < 0xF5   ? 3
                    : b >= 0xE0 && b < 0xF0 ? 2
                    : b >= 0xC2 && b < 0xE0 ? 1
                                            : 0;
  if (extra == 0) {
    ++i;
    return 0xFFFD;
  }
  std::uint32_t cp = b & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  }
  // RFC 3629 §3: an overlong form, a surrogate or a value above U+10FFFF is
  // not UTF-8; encoded as UTF-16 it would not decode back (a lone surrogate).
  constexpr std::uint32_t k_min_of_length[] = {0, 0x80, 0x800, 0x10000};
  if (cp < k_min_of_length[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

void
flush_run(std::string& out, std::vector<std::uint16_t>& units)
{
  if (units.empty()) {
    return;
  }
  out.push_back('&');
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::uint16_t u : units) {
    buffer = (buffer << 16) | u;
    bits += 16;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(k_b64[(buffer >> bits) & 0x3F]);
    }
    buffer &= (1u << bits) - 1;
  }
  if (bits > 0) {
    out.push_back(k_b64[(buffer << (6 - bits)) & 0x3F]);
  }
  out.push_back('-');
  units.clear();
}

} // namespace

std::optional<std::string>
decode_mutf7(std::string_view wire)
{
  std::string out;
  std::size_t i = 0;
  while (i < wire.size()) {
    const char c = wire[i];
    if (c != '&') {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
        return std::nullopt;
      }
      out.push_back(c);
      ++i;
      continue;
    }
    const std::size_t end = wire.find('-', i + 1);
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    if (end == i + 1) {
      out.push_back('&'); // "&-"
    } else {
      std::vector<std::uint16_t> units;
      if (!decode_run(wire.substr(i + 1, end - i - 1), units) || !append_utf16(out, units)) {
        return std::nullopt;
      }
    }
    i = end + 1;
  }
  return out;
}

std::string
encode_mutf7(std::string_view utf8)
{
  std::string out;
  std::vector<std::uint16_t> units;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const std::uint32_t cp = next_code_point(utf8, i);
    if (cp >= 0x20 && cp <= 0x7E) {
      flush_run(out, units);
      out += cp == '&' ? "&-" : std::string(1, static_cast<char>(cp));
    } else if (cp >= 0x10000) {
      units.push_back(static_cast<std::uint16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      units.push_back(static_cast<std::uint16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    } else {
      units.push_back(static_cast<std::uint16_t>(cp));
    }
  }
  flush_run(out, units);
  return out;
}

std::string
quote_mailbox(std::string_view wire)
{
  bool atom = !wire.empty();
  for (char c : wire) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '(' || c == ')' || c == '{' || c == '"' || c == '\\'
        || c == '%' || c == '*' || c == ']') {
      atom = false;
    }
  }
  if (atom) {
    return std::string(wire);
  }
  std::string out = "\"";
  for (char c : wire) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

std::string
url_encode_mailbox(std::string_view wire)
{
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : wire) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(k_hex[u >> 4]);
      out.push_back(k_hex[u & 0x0F]);
    }
  }
  return out;
}

} // namespace inboxprobe
