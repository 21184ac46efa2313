// The lexical layer of the Authentication-Results parser (internal header):
// character classes of RFC 2045 §5.1 (token, tspecials), RFC 5321 §4.1.2
// (Keyword) and RFC 5322 §3.2 (CFWS, quoted-string, atext), and a cursor over
// the unfolded field body that reads those tokens.
#pragma once

#include <core/error.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace inboxprobe::auth_results_detail {

// A token (RFC 2045 §5.1, UTF-8 bytes allowed per RFC 6532).
bool is_token(std::string_view s);
// An RFC 8601 §2.2 pvalue that needs no quotes: a token or
// [[local-part] "@"] domain-name.
bool is_plain_pvalue(std::string_view s);
// Letters, digits, "-" (RFC 5321 Keyword) and "_" (read, then reported).
bool is_keyword_char(char c);

class Lexer
{
public:
  explicit Lexer(std::string_view text) : m_text(text)
  {
  }

protected:
  std::string_view m_text;
  std::size_t m_pos = 0;

  bool
  at_end() const
  {
    return m_pos >= m_text.size();
  }
  char
  peek() const
  {
    return at_end() ? '\0' : m_text[m_pos];
  }
  // "auth_results.syntax" with `what` and the current offset.
  tl::unexpected<Error>
  error(const std::string& what) const
  {
    return fail("auth_results.syntax", what + " at offset " + std::to_string(m_pos));
  }
  // Whitespace and comments (nested, with quoted-pairs); an error when a
  // comment is not closed.
  Result<void> skip_cfws();
  Result<void> skip_comment();
  // At a DQUOTE: the unquoted content; an error when it is not closed.
  Result<std::string> quoted_string();
  // Anything up to whitespace, a comment, ";", "=" or a DQUOTE: an
  // authserv-id, a method or a stray token.
  std::string_view word();
  // Keyword characters only (possibly empty).
  std::string_view keyword();
  // Lenient recovery: move to the next ";" outside comments and quoted-strings.
  Result<void> skip_to_semicolon();
};

} // namespace inboxprobe::auth_results_detail
