// Character classes and the token cursor of the Authentication-Results parser
// (see auth_results_lexer.hpp).
#include "auth_results_lexer.hpp"

#include "text.hpp"

namespace inboxprobe::auth_results_detail {

namespace {

using text::is_alpha;
using text::is_digit;
using text::is_wsp;

// RFC 2045 §5.1 tspecials: not allowed in an unquoted token.
bool
is_tspecial(char c)
{
  return std::string_view("()<>@,;:\\\"/[]?=").find(c) != std::string_view::npos;
}

bool
is_token_char(char c)
{
  const auto u = static_cast<unsigned char>(c);
  // Bytes >= 0x80 are UTF-8 (RFC 8601 §2.2 with RFC 6532).
  return u >= 0x80 || (u > 0x20 && u < 0x7f && !is_tspecial(c));
}

// RFC 5322 §3.2.3 atext plus "." (a dot-atom local-part, checked loosely).
bool
is_local_part(std::string_view s)
{
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !is_alpha(c) && !is_digit(c)
        && std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool
is_domain_name(std::string_view s)
{
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !is_alpha(c) && !is_digit(c) && c != '-' && c != '.') {
      return false;
    }
  }
  return true;
}

} // namespace

bool
is_token(std::string_view s)
{
  if (s.empty()) {
    return false;
  }
  for (char c : s) {
    if (!is_token_char(c)) {
      return false;
    }
  }
  return true;
}

bool
is_plain_pvalue(std::string_view s)
{
  if (is_token(s)) {
    return true;
  }
  const std::size_t at = s.rfind('@');
  return at != std::string_view::npos && is_local_part(s.substr(0, at))
         && is_domain_name(s.substr(at + 1));
}

bool
is_keyword_char(char c)
{
  // RFC 5321 Keyword is letters, digits and "-"; "_" is read and reported.
  return is_alpha(c) || is_digit(c) || c == '-' || c == '_';
}

Result<void>
Lexer::skip_comment()
{
  int depth = 0;
  do {
    if (at_end()) {
      return error("unterminated comment");
    }
    const char c = m_text[m_pos++];
    if (c == '\\') {
      ++m_pos; // quoted-pair: the next character is literal
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    }
  } while (depth > 0);
  return {};
}

Result<void>
Lexer::skip_cfws()
{
  while (!at_end()) {
    if (is_wsp(peek())) {
      ++m_pos;
    } else if (peek() == '(') {
      TRY(skip_comment());
    } else {
      break;
    }
  }
  return {};
}

Result<std::string>
Lexer::quoted_string()
{
  std::string out;
  ++m_pos; // the opening DQUOTE
  while (!at_end()) {
    const char c = m_text[m_pos++];
    if (c == '"') {
      return out;
    }
    if (c == '\\' && !at_end()) {
      out.push_back(m_text[m_pos++]);
    } else {
      out.push_back(c);
    }
  }
  return error("unterminated quoted-string");
}

std::string_view
Lexer::word()
{
  const std::size_t start = m_pos;
  while (!at_end() && !is_wsp(peek())
         && std::string_view("();=\"").find(peek()) == std::string_view::npos) {
    ++m_pos;
  }
  return m_text.substr(start, m_pos - start);
}

std::string_view
Lexer::keyword()
{
  const std::size_t start = m_pos;
  while (!at_end() && is_keyword_char(peek())) {
    ++m_pos;
  }
  return m_text.substr(start, m_pos - start);
}

Result<void>
Lexer::skip_to_semicolon()
{
  while (!at_end() && peek() != ';') {
    if (peek() == '(') {
      TRY(skip_comment());
    } else if (peek() == '"') {
      TRY(quoted_string());
    } else {
      ++m_pos;
    }
  }
  return {};
}

} // namespace inboxprobe::auth_results_detail
