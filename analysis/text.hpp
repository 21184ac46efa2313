// Small ASCII text helpers shared by the analysis parsers (internal header:
// not part of the stage's interface). Mail header syntax is ASCII-case-
// insensitive (RFC 5322 §1.2.2, RFC 8601 §2.2), never locale-dependent.
#pragma once

#include <string>
#include <string_view>

namespace inboxprobe::text {

inline bool
is_wsp(char c)
{
  // CR and LF count as whitespace too: callers pass unfolded text, but a stray
  // bare CR must not become part of a token.
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

inline bool
is_digit(char c)
{
  return c >= '0' && c <= '9';
}

inline bool
is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

inline char
to_lower(char c)
{
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string
to_lower(std::string_view s)
{
  std::string out(s);
  for (char& c : out) {
    c = to_lower(c);
  }
  return out;
}

inline bool
iequals(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) {
      return false;
    }
  }
  return true;
}

inline bool
istarts_with(std::string_view s, std::string_view prefix)
{
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

inline std::string_view
trim(std::string_view s)
{
  while (!s.empty() && is_wsp(s.front())) {
    s.remove_prefix(1);
  }
  while (!s.empty() && is_wsp(s.back())) {
    s.remove_suffix(1);
  }
  return s;
}

} // namespace inboxprobe::text
