// IMAP response parser: RFC 3501 §7 / §9 formal syntax, lenient where servers
// are.
#include "imap_response.hpp"

#include <cctype>
#include <charconv>
#include <ctime>
#include <limits>

namespace inboxprobe {

namespace {

constexpr int k_max_depth = 64;

bool
iequals(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(a[i]))
        != std::toupper(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

class Parser
{
public:
  Parser(std::string_view stream, std::size_t max_literal)
    : m_in(stream),
      m_max_literal(max_literal)
  {
  }

  // The partial bytes of the literal the stream ended in, after parse_all
  // failed with imap.truncated there.
  std::optional<std::string_view>
  truncated_literal() const
  {
    return m_truncated_literal;
  }

  Result<std::vector<ImapResponse>>
  parse_all()
  {
    std::vector<ImapResponse> out;
    while (m_pos < m_in.size()) {
      out.push_back(TRY(parse_response()));
    }
    return out;
  }

private:
  Result<ImapResponse>
  parse_response()
  {
    ImapResponse response;
    const std::string_view prefix = read_word();
    if (prefix == "*") {
      response.kind = ImapResponse::Kind::untagged;
    } else if (prefix == "+") {
      response.kind = ImapResponse::Kind::continuation;
      response.values.push_back({ImapValue::Kind::atom, std::string(rest_of_line()), {}});
      return response;
    } else if (prefix.empty()) {
      return fail("imap.malformed", "empty response line at byte " + std::to_string(m_pos));
    } else {
      response.kind = ImapResponse::Kind::tagged;
      response.tag = std::string(prefix);
    }
    skip_spaces();
    const std::size_t word_start = m_pos;
    const std::string_view first = read_word();
    if (is_status_word(first)) {
      // resp-text is free text: it may hold unbalanced brackets or quotes.
      response.values.push_back({ImapValue::Kind::atom, std::string(first), {}});
      skip_spaces();
      response.values.push_back({ImapValue::Kind::atom, std::string(rest_of_line()), {}});
      return response;
    }
    m_pos = word_start;
    while (!at_line_end()) {
      response.values.push_back(TRY(parse_value(0)));
      skip_spaces();
    }
    consume_line_end();
    return response;
  }

  static bool
  is_status_word(std::string_view word)
  {
    return iequals(word, "OK") || iequals(word, "NO") || iequals(word, "BAD")
           || iequals(word, "BYE") || iequals(word, "PREAUTH");
  }

  Result<ImapValue>
  parse_value(int depth)
  {
    if (depth > k_max_depth) {
      return fail("imap.malformed", "lists nested deeper than 64 levels");
    }
    if (m_pos >= m_in.size()) {
      return fail("imap.truncated", "response ends where a value was expected");
    }
    const char c = m_in[m_pos];
    if (c == '(') {
      return parse_list(depth);
    }
    if (c == '"') {
      return parse_quoted();
    }
    if (c == '{' || (c == '~' && m_pos + 1 < m_in.size() && m_in[m_pos + 1] == '{')) {
      return parse_literal();
    }
    return parse_atom();
  }

  Result<ImapValue>
  parse_list(int depth)
  {
    ImapValue list{ImapValue::Kind::list, {}, {}};
    ++m_pos; // (
    skip_spaces();
    while (m_pos < m_in.size() && m_in[m_pos] != ')') {
      if (m_in[m_pos] == '\r' || m_in[m_pos] == '\n') {
        return fail("imap.malformed", "line ends inside a parenthesized list");
      }
      list.items.push_back(TRY(parse_value(depth + 1)));
      skip_spaces();
    }
    if (m_pos >= m_in.size()) {
      return fail("imap.truncated", "response ends inside a parenthesized list");
    }
    ++m_pos; // )
    return list;
  }

  Result<ImapValue>
  parse_quoted()
  {
    ImapValue value{ImapValue::Kind::string, {}, {}};
    ++m_pos; // opening quote
    while (m_pos < m_in.size()) {
      const char c = m_in[m_pos++];
      if (c == '"') {
        return value;
      }
      if (c == '\r' || c == '\n') {
        return fail("imap.malformed", "line break inside a quoted string");
      }
      if (c == '\\' && m_pos < m_in.size()) {
        value.text.push_back(m_in[m_pos++]);
      } else {
        value.text.push_back(c);
      }
    }
    return fail("imap.truncated", "response ends inside a quoted string");
  }

  Result<ImapValue>
  parse_literal()
  {
    if (m_in[m_pos] == '~') {
      ++m_pos; // RFC 3516 binary literal marker
    }
    const std::size_t close = m_in.find('}', m_pos);
    if (close == std::string_view::npos) {
      return fail("imap.truncated", "response ends inside a literal's length");
    }
    std::string_view digits = m_in.substr(m_pos + 1, close - m_pos - 1);
    if (!digits.empty() && digits.back() == '+') {
      digits.remove_suffix(1);
    }
    std::size_t length = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
      return fail("imap.malformed", "bad literal length {" + std::string(digits) + "}");
    }
    if (length > m_max_literal) {
      return fail("imap.too_large", "literal of " + std::to_string(length) + " bytes");
    }
    m_pos = close + 1;
    if (!consume_line_end()) {
      return fail("imap.malformed", "no line break after a literal's length");
    }
    if (m_in.size() - m_pos < length) {
      m_truncated_literal = m_in.substr(m_pos);
      return fail("imap.truncated",
                  "literal announced " + std::to_string(length) + " bytes, only "
                    + std::to_string(m_in.size() - m_pos) + " arrived");
    }
    ImapValue value{ImapValue::Kind::literal, std::string(m_in.substr(m_pos, length)), {}};
    m_pos += length;
    return value;
  }

  Result<ImapValue>
  parse_atom()
  {
    const std::size_t start = m_pos;
    int brackets = 0;
    while (m_pos < m_in.size()) {
      const char c = m_in[m_pos];
      if (c == '\r' || c == '\n') {
        break;
      }
      if (brackets == 0 && (c == ' ' || c == '(' || c == ')' || c == '"' || c == '{')) {
        break;
      }
      brackets += c == '[' ? 1 : c == ']' ? -1 : 0;
      ++m_pos;
    }
    if (m_pos == start) {
      return fail("imap.malformed",
                  "unexpected character '" + std::string(1, m_in[m_pos]) + "' at byte "
                    + std::to_string(m_pos));
    }
    const std::string_view text = m_in.substr(start, m_pos - start);
    if (iequals(text, "NIL")) {
      return ImapValue{ImapValue::Kind::nil, {}, {}};
    }
    return ImapValue{ImapValue::Kind::atom, std::string(text), {}};
  }

  std::string_view
  read_word()
  {
    const std::size_t start = m_pos;
    while (m_pos < m_in.size() && m_in[m_pos] != ' ' && m_in[m_pos] != '\r'
           && m_in[m_pos] != '\n') {
      ++m_pos;
    }
    return m_in.substr(start, m_pos - start);
  }

  std::string_view
  rest_of_line()
  {
    const std::size_t start = m_pos;
    while (m_pos < m_in.size() && m_in[m_pos] != '\r' && m_in[m_pos] != '\n') {
      ++m_pos;
    }
    const std::string_view text = m_in.substr(start, m_pos - start);
    consume_line_end();
    return text;
  }

  void
  skip_spaces()
  {
    while (m_pos < m_in.size() && m_in[m_pos] == ' ') {
      ++m_pos;
    }
  }

  bool
  at_line_end() const
  {
    return m_pos >= m_in.size() || m_in[m_pos] == '\r' || m_in[m_pos] == '\n';
  }

  bool
  consume_line_end()
  {
    if (m_pos < m_in.size() && m_in[m_pos] == '\r') {
      ++m_pos;
    }
    if (m_pos < m_in.size() && m_in[m_pos] == '\n') {
      ++m_pos;
      return true;
    }
    return m_pos >= m_in.size();
  }

  std::string_view m_in;
  std::size_t m_max_literal;
  std::size_t m_pos = 0;
  std::optional<std::string_view> m_truncated_literal; // set when the stream ends in a literal
};

} // namespace

Result<std::vector<ImapResponse>>
parse_imap_responses(std::string_view stream, std::size_t max_literal_bytes)
{
  return Parser(stream, max_literal_bytes).parse_all();
}

std::optional<std::string_view>
truncated_literal(std::string_view stream)
{
  Parser parser(stream, std::numeric_limits<std::size_t>::max());
  const auto parsed = parser.parse_all();
  if (parsed || parsed.error().code != "imap.truncated") {
    return std::nullopt;
  }
  return parser.truncated_literal();
}

} // namespace inboxprobe
