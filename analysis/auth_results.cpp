// RFC 8601 §2.2 Authentication-Results parsing: a recursive-descent parser
// over the unfolded field body, one method per grammar rule. CFWS (RFC 5322
// §3.2.2: whitespace and nested comments) may appear between any two tokens.
// The lenient mode differs from the strict one only where tolerate() is
// called: each call names the RFC deviation that real producers commit.
#include "auth_results.hpp"

#include "text.hpp"

#include <core/message_headers.hpp>

#include <string>

namespace inboxprobe {

namespace {

using text::is_alpha;
using text::is_digit;
using text::is_wsp;

// RFC 2045 §5.1 tspecials: not allowed in an unquoted token.
bool
is_tspecial(char c)
{
  return std::string_view("()<>@,;:\\\"/[]?=").find(c)
         != std::string_view::npos;
}

bool
is_token_char(char c)
{
  const auto u = static_cast<unsigned char>(c);
  // Bytes >= 0x80 are UTF-8 (RFC 8601 §2.2 with RFC 6532).
  return u >= 0x80 || (u > 0x20 && u < 0x7f && !is_tspecial(c));
}

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

// RFC 5322 §3.2.3 atext plus "." (a dot-atom local-part, checked loosely).
bool
is_local_part(std::string_view s)
{
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !is_alpha(c) && !is_digit(c)
        && std::string_view("!#$%&'*+-/=?^_`{|}~.").find(c)
             == std::string_view::npos) {
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

// RFC 8601 §2.2 pvalue without quotes: a token, or [[local-part] "@"]
// domain-name.
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

// Outcome of reading one property: `malformed` is recoverable in lenient mode
// (the resinfo is skipped), an Error never is.
enum class PropRead { ok, malformed };

class Parser
{
public:
  Parser(std::string_view text, AuthResParse mode) : m_text(text), m_mode(mode)
  {
  }

  Result<AuthResultsField> run();

private:
  std::string_view m_text;
  AuthResParse m_mode;
  std::size_t m_pos = 0;
  AuthResultsField m_field;

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
  tl::unexpected<Error>
  error(const std::string& what) const
  {
    return fail("auth_results.syntax",
                what + " at offset " + std::to_string(m_pos));
  }
  Result<void> tolerate(const std::string& violation) const;
  Result<void> skip_cfws();
  Result<void> skip_comment();
  Result<std::string> quoted_string();
  std::string_view word();
  std::string_view keyword();
  Result<std::string> keyword_or_quoted(const char* what);
  Result<void> skip_to_semicolon();
  Result<void> parse_header();
  Result<void> parse_payload();
  Result<bool> parse_none();
  Result<void> parse_resinfo();
  Result<PropRead> parse_prop(AuthResult& result);
  Result<std::string> parse_pvalue(const std::string& name);
};

Result<void>
Parser::tolerate(const std::string& violation) const
{
  if (m_mode == AuthResParse::strict) {
    return error(violation);
  }
  return {};
}

Result<void>
Parser::skip_comment()
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
Parser::skip_cfws()
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
Parser::quoted_string()
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

// Anything up to whitespace, a comment, ";", "=" or a DQUOTE: an authserv-id,
// a method or a stray token.
std::string_view
Parser::word()
{
  const std::size_t start = m_pos;
  while (!at_end() && !is_wsp(peek())
         && std::string_view("();=\"").find(peek()) == std::string_view::npos) {
    ++m_pos;
  }
  return m_text.substr(start, m_pos - start);
}

std::string_view
Parser::keyword()
{
  const std::size_t start = m_pos;
  while (!at_end() && is_keyword_char(peek())) {
    ++m_pos;
  }
  return m_text.substr(start, m_pos - start);
}

// A method, result, ptype or property: a Keyword, in lenient mode also a
// quoted-string or one with "_". Empty when neither is there.
Result<std::string>
Parser::keyword_or_quoted(const char* what)
{
  if (peek() == '"') {
    std::string value = TRY(quoted_string());
    TRY(tolerate(std::string(what) + " '" + value
                 + "' given as quoted-string (must be a bare Keyword)"));
    return text::to_lower(value);
  }
  const std::string_view value = keyword();
  if (value.find('_') != std::string_view::npos) {
    TRY(tolerate(std::string(what) + " '" + std::string(value)
                 + "' contains \"_\" (not allowed in RFC 5321 Keyword)"));
  }
  return text::to_lower(value);
}

// Lenient recovery: move to the next ";" outside comments and quoted-strings.
Result<void>
Parser::skip_to_semicolon()
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

Result<AuthResultsField>
Parser::run()
{
  m_field.raw = std::string(m_text);
  TRY(skip_cfws());
  if (at_end()) {
    return error("expected authserv-id");
  }
  TRY(parse_header());
  TRY(parse_payload());
  if (!m_field.none && m_field.results.empty()) {
    return error("no result");
  }
  return std::move(m_field);
}

// authserv-id [CFWS authres-version] ";" (RFC 8601 §2.2), or nothing when the
// producer omitted it (lenient).
Result<void>
Parser::parse_header()
{
  const std::size_t start = m_pos;
  if (peek() == '"') {
    m_field.authserv_id = TRY(quoted_string());
  } else {
    const std::string_view id = word();
    if (id.empty()) {
      return error("missing authserv-id");
    }
    TRY(skip_cfws());
    if (peek() == '=' || peek() == '/') {
      TRY(tolerate("authserv-id missing: payload starts with a result '"
                   + std::string(id) + "='"));
      m_pos = start;
      return {};
    }
    if (!is_token(id)) {
      TRY(tolerate("authserv-id '" + std::string(id) + "' is not a token"));
    }
    m_field.authserv_id = std::string(id);
  }
  TRY(skip_cfws());
  if (is_digit(peek())) {
    const std::size_t version_start = m_pos;
    const std::string_view version = word();
    if (version.find_first_not_of("0123456789") == std::string_view::npos) {
      m_field.version = std::string(version);
      TRY(skip_cfws());
    } else {
      m_pos = version_start;
    }
  }
  if (at_end()) {
    return error("expected \";\" after authserv-id");
  }
  if (peek() != ';') {
    TRY(tolerate("text between authserv-id and first \";\""));
    TRY(skip_to_semicolon());
    if (at_end()) {
      return error("expected \";\" after authserv-id");
    }
  }
  ++m_pos;
  return {};
}

// The special result "none" (RFC 8601 §2.2 no-result); true when it was read.
Result<bool>
Parser::parse_none()
{
  const std::size_t start = m_pos;
  const std::string_view w = word();
  TRY(skip_cfws());
  if (!text::iequals(w, "none") || peek() == '=') {
    m_pos = start;
    return false;
  }
  return true;
}

Result<void>
Parser::parse_payload()
{
  TRY(skip_cfws());
  if (at_end()) {
    TRY(tolerate("nothing after \";\" (no \"none\", no result)"));
    m_field.none = true;
    return {};
  }
  if (!m_field.authserv_id.empty() && TRY(parse_none())) {
    if (!at_end()) {
      return error("\"none\" must be the only result");
    }
    m_field.none = true;
    return {};
  }
  for (;;) {
    TRY(parse_resinfo());
    TRY(skip_cfws());
    if (at_end()) {
      return {};
    }
    ++m_pos; // parse_resinfo stops only at ";" or the end
    TRY(skip_cfws());
    if (at_end()) {
      return tolerate("trailing \";\"");
    }
    if (TRY(parse_none())) {
      return error("\"none\" must be the only result");
    }
  }
}

// resinfo = method [ "/" version ] "=" result [reasonspec] *propspec
Result<void>
Parser::parse_resinfo()
{
  AuthResult result;
  const std::size_t start = m_pos;
  std::string method;
  if (peek() == '"') {
    method = TRY(keyword_or_quoted("method"));
  } else {
    method = std::string(word());
  }
  TRY(skip_cfws());
  if (at_end() || peek() == ';') {
    return tolerate("stray token '" + method
                    + "' between \";\" separators ignored");
  }
  if (peek() == '/' || method.find('/') != std::string::npos) {
    // "dkim/1" read as one word, or "dkim / 1" with CFWS.
    const std::size_t slash = method.find('/');
    if (slash != std::string::npos) {
      result.method_version = method.substr(slash + 1);
      method.resize(slash);
    } else {
      ++m_pos;
      TRY(skip_cfws());
      result.method_version = std::string(keyword());
      TRY(skip_cfws());
    }
    if (result.method_version.empty()
        || result.method_version.find_first_not_of("0123456789")
             != std::string::npos) {
      return error("bad method version after '" + method + "'");
    }
  }
  if (peek() != '=') {
    return error("expected \"=\" after method '" + method + "'");
  }
  for (char c : method) {
    if (!is_keyword_char(c)) {
      m_pos = start;
      return error("method '" + method + "' is not a keyword");
    }
  }
  if (method.empty()) {
    return error("expected method");
  }
  result.method = text::to_lower(method);
  ++m_pos;
  TRY(skip_cfws());
  result.result = TRY(keyword_or_quoted("result"));
  if (result.result.empty()) {
    return error("expected result");
  }
  for (;;) {
    TRY(skip_cfws());
    if (at_end() || peek() == ';') {
      m_field.results.push_back(std::move(result));
      return {};
    }
    if (TRY(parse_prop(result)) == PropRead::malformed) {
      TRY(tolerate("unparseable resinfo skipped"));
      return skip_to_semicolon();
    }
  }
}

// reasonspec or propspec: ptype "." property "=" pvalue (RFC 8601 §2.2), in
// lenient mode also property "=" pvalue.
Result<PropRead>
Parser::parse_prop(AuthResult& result)
{
  const std::string ptype = TRY(keyword_or_quoted("ptype"));
  if (ptype.empty()) {
    return PropRead::malformed;
  }
  TRY(skip_cfws());
  std::string name = ptype;
  if (peek() == '.') {
    ++m_pos;
    TRY(skip_cfws());
    const std::string property = TRY(keyword_or_quoted("property"));
    if (property.empty()) {
      return PropRead::malformed;
    }
    TRY(skip_cfws());
    name += "." + property;
  } else if (peek() == '=' && ptype != "reason") {
    TRY(tolerate("property '" + ptype
                 + "' has no ptype (\"ptype.property=value\" required)"));
  }
  if (peek() != '=') {
    return PropRead::malformed;
  }
  ++m_pos;
  std::string value = TRY(parse_pvalue(name));
  if (name == "reason") {
    result.reason = std::move(value);
  } else {
    result.props.emplace_back(std::move(name), std::move(value));
  }
  return PropRead::ok;
}

Result<std::string>
Parser::parse_pvalue(const std::string& name)
{
  TRY(skip_cfws());
  if (peek() == '"') {
    return quoted_string();
  }
  const std::size_t start = m_pos;
  // Unquoted values keep "=", "/", ":" and "@": real producers leave
  // tspecials unquoted (header.b=oF80QtY/, policy.iprev=2001:db8::1).
  while (!at_end() && !is_wsp(peek())
         && std::string_view("();\"").find(peek()) == std::string_view::npos) {
    ++m_pos;
  }
  std::string value(m_text.substr(start, m_pos - start));
  if (value.empty()) {
    TRY(tolerate("empty unquoted value for '" + name + "'"));
  } else if (!is_plain_pvalue(value)) {
    TRY(tolerate("value of " + name + " '" + value
                 + "' contains tspecial(s) and should have been a "
                   "quoted-string"));
  }
  return value;
}

std::string
quote(const std::string& value)
{
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
    }
    out.push_back(c);
  }
  return out + "\"";
}

std::string
quote_if_needed(const std::string& value)
{
  return is_plain_pvalue(value) ? value : quote(value);
}

std::string
format_result(const AuthResult& result)
{
  std::string out = result.method;
  if (!result.method_version.empty()) {
    out += "/" + result.method_version;
  }
  out += "=" + result.result;
  if (!result.reason.empty()) {
    out += " reason=" + quote(result.reason);
  }
  for (const auto& [name, value] : result.props) {
    out += " " + name + "=" + quote_if_needed(value);
  }
  return out;
}

} // namespace

Result<AuthResultsField>
parse_auth_results(std::string_view field_body, AuthResParse mode)
{
  if (field_body.size() > k_max_auth_results_bytes) {
    return fail("auth_results.too_long",
                "field body of " + std::to_string(field_body.size())
                  + " bytes exceeds the limit");
  }
  const std::string unfolded = unfold(field_body);
  return Parser(unfolded, mode).run();
}

std::string
format_auth_results(const AuthResultsField& field)
{
  std::string out;
  if (!field.authserv_id.empty()) {
    out = quote_if_needed(field.authserv_id);
    if (!field.version.empty()) {
      out += " " + field.version;
    }
    out += ";";
  }
  if (field.none) {
    return out + " none";
  }
  for (std::size_t i = 0; i < field.results.size(); ++i) {
    if (i > 0) {
      out += ";";
    }
    if (!out.empty()) {
      out += " ";
    }
    out += format_result(field.results[i]);
  }
  return out;
}

std::string_view
strip_arc_instance(std::string_view field_body, int& instance)
{
  instance = 0;
  const std::string_view body = text::trim(field_body);
  if (body.size() < 3 || text::to_lower(body[0]) != 'i') {
    return field_body;
  }
  std::size_t pos = 1;
  while (pos < body.size() && is_wsp(body[pos])) {
    ++pos;
  }
  if (pos >= body.size() || body[pos] != '=') {
    return field_body;
  }
  ++pos;
  while (pos < body.size() && is_wsp(body[pos])) {
    ++pos;
  }
  int value = 0;
  const std::size_t digits = pos;
  while (pos < body.size() && is_digit(body[pos]) && value < 1000) {
    value = value * 10 + (body[pos++] - '0');
  }
  while (pos < body.size() && is_wsp(body[pos])) {
    ++pos;
  }
  if (pos == digits || pos >= body.size() || body[pos] != ';') {
    return field_body;
  }
  instance = value;
  return body.substr(pos + 1);
}

} // namespace inboxprobe
