// IMAP response parser: RFC 3501 §7 / §9 formal syntax, lenient where servers
// are.
#include "imap_response.hpp"

#include <cctype>
#include <charconv>
#include <ctime>

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
};

std::uint32_t
to_u32(const ImapValue& value)
{
  std::uint32_t n = 0;
  std::from_chars(value.text.data(), value.text.data() + value.text.size(), n);
  return n;
}

} // namespace

Result<std::vector<ImapResponse>>
parse_imap_responses(std::string_view stream, std::size_t max_literal_bytes)
{
  return Parser(stream, max_literal_bytes).parse_all();
}

const std::string*
FetchData::section(std::string_view name) const
{
  for (const auto& [key, bytes] : sections) {
    if (iequals(key, name)) {
      return &bytes;
    }
  }
  return nullptr;
}

std::optional<FetchData>
as_fetch(const ImapResponse& r)
{
  if (r.kind != ImapResponse::Kind::untagged || r.values.size() < 3
      || !iequals(r.values[1].text, "FETCH") || r.values[2].kind != ImapValue::Kind::list) {
    return std::nullopt;
  }
  FetchData data;
  data.sequence = to_u32(r.values[0]);
  const auto& items = r.values[2].items;
  for (std::size_t i = 0; i + 1 < items.size(); i += 2) {
    const std::string& name = items[i].text;
    const ImapValue& value = items[i + 1];
    if (iequals(name, "UID")) {
      data.uid = to_u32(value);
    } else if (iequals(name, "FLAGS")) {
      for (const ImapValue& flag : value.items) {
        data.flags.push_back(flag.text);
      }
    } else if (iequals(name, "INTERNALDATE")) {
      data.internaldate = value.text;
    } else if (iequals(name, "RFC822.SIZE")) {
      data.rfc822_size = to_u32(value);
    } else if (value.is_text() || value.kind == ImapValue::Kind::nil) {
      data.sections.emplace_back(name, value.text);
    }
  }
  return data;
}

std::optional<std::int64_t>
parse_internaldate(std::string_view text)
{
  // "dd-Mon-yyyy hh:mm:ss +zzzz", day possibly space-padded (date-day-fixed).
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  static constexpr std::string_view k_months[] = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int day = 0, year = 0, hour = 0, minute = 0, second = 0, zone = 0;
  char month[4] = {0};
  char sign = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(),
                  "%2d-%3s-%4d %2d:%2d:%2d %c%4d",
                  &day,
                  month,
                  &year,
                  &hour,
                  &minute,
                  &second,
                  &sign,
                  &zone)
      != 8) {
    return std::nullopt;
  }
  int month_index = -1;
  for (int i = 0; i < 12; ++i) {
    if (iequals(k_months[i], month)) {
      month_index = i;
    }
  }
  if (month_index < 0 || (sign != '+' && sign != '-') || day < 1 || day > 31 || hour > 23
      || minute > 59 || second > 60 || zone % 100 > 59) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = month_index;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  const std::int64_t local = timegm(&tm);
  const std::int64_t offset = (zone / 100) * 3600 + (zone % 100) * 60;
  return sign == '+' ? local - offset : local + offset;
}

} // namespace inboxprobe
