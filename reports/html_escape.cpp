// HTML escaping: a WHATWG-style UTF-8 decoder (Encoding Standard §4.1, which
// replaces each maximal ill-formed subsequence with one U+FFFD) feeding a code
// point filter.
#include "html_escape.hpp"

#include <cstdint>

namespace inboxprobe {

namespace {

constexpr char32_t k_replacement = 0xFFFD;

enum class Context { text, attribute };

// The code point starting at `text[pos]`; advances `pos` past it. An
// ill-formed subsequence gives U+FFFD and `pos` stops at the first byte that
// cannot continue it (that byte starts the next sequence).
char32_t
decode_next(std::string_view text, std::size_t& pos)
{
  const auto lead = static_cast<unsigned char>(text[pos++]);
  if (lead < 0x80) {
    return lead;
  }
  int needed = 0;
  char32_t code_point = 0;
  unsigned char lower = 0x80;
  unsigned char upper = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    needed = 1;
    code_point = lead & 0x1F;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    // E0 and ED bounds exclude overlong forms and UTF-16 surrogates.
    lower = lead == 0xE0 ? 0xA0 : 0x80;
    upper = lead == 0xED ? 0x9F : 0xBF;
    needed = 2;
    code_point = lead & 0x0F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    // F0 and F4 bounds exclude overlong forms and values above U+10FFFF.
    lower = lead == 0xF0 ? 0x90 : 0x80;
    upper = lead == 0xF4 ? 0x8F : 0xBF;
    needed = 3;
    code_point = lead & 0x07;
  } else {
    return k_replacement;
  }
  for (int i = 0; i < needed; ++i) {
    if (pos >= text.size()) {
      return k_replacement;
    }
    const auto next = static_cast<unsigned char>(text[pos]);
    if (next < lower || next > upper) {
      return k_replacement;
    }
    lower = 0x80;
    upper = 0xBF;
    code_point = (code_point << 6) | (next & 0x3F);
    ++pos;
  }
  return code_point;
}

void
append_utf8(std::string& out, char32_t cp)
{
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool
is_bidi_control(char32_t cp)
{
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool
is_forbidden_control(char32_t cp)
{
  return (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
}

// The markup-significant characters; nullptr for every other code point.
const char*
entity_for(char32_t cp, Context context)
{
  switch (cp) {
  case '&':
    return "&amp;";
  case '<':
    return "&lt;";
  case '>':
    return "&gt;";
  case '"':
    return "&quot;";
  case '\'':
    return "&#39;";
  default:
    break;
  }
  if (context == Context::attribute) {
    switch (cp) {
    case '\t':
      return "&#9;";
    case '\n':
      return "&#10;";
    case '`':
      return "&#96;";
    default:
      break;
    }
  }
  return nullptr;
}

void
append_bidi_marker(std::string& out, char32_t cp)
{
  static const char k_hex[] = "0123456789ABCDEF";
  out += "&lt;U+";
  for (int shift = 12; shift >= 0; shift -= 4) {
    out += k_hex[(cp >> shift) & 0xF];
  }
  out += "&gt;";
}

std::string
escape(std::string_view text, Context context)
{
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t pos = 0;
  while (pos < text.size()) {
    const char32_t cp = decode_next(text, pos);
    if (const char* entity = entity_for(cp, context)) {
      out += entity;
    } else if (is_forbidden_control(cp)) {
      append_utf8(out, k_replacement);
    } else if (is_bidi_control(cp)) {
      append_bidi_marker(out, cp);
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

} // namespace

std::string
escape_html_text(std::string_view text)
{
  return escape(text, Context::text);
}

std::string
escape_html_attribute(std::string_view text)
{
  return escape(text, Context::attribute);
}

} // namespace inboxprobe
