// RFC 8601 §2.2 Authentication-Results parsing: a recursive-descent parser
// over the unfolded field body, one method per grammar rule, on top of the
// token cursor in auth_results_lexer.hpp. CFWS (RFC 5322 §3.2.2: whitespace
// and nested comments) may appear between any two tokens. The lenient mode
// differs from the strict one only where tolerate() is called: each call names
// the RFC deviation that real producers commit.
#include "auth_results.hpp"

#include "auth_results_lexer.hpp"
#include "text.hpp"

#include <core/message_headers.hpp>

#include <algorithm>
#include <string>

namespace inboxprobe {

namespace {

using namespace auth_results_detail;
using text::is_digit;
using text::is_wsp;

bool
is_digits(std::string_view s)
{
  return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}

// Outcome of reading one property: `malformed` is recoverable in lenient mode
// (the resinfo is skipped), an Error never is.
enum class PropRead { ok, malformed };

class Parser : private Lexer
{
public:
  Parser(std::string_view text, AuthResParse mode) : Lexer(text), m_mode(mode)
  {
  }

  Result<AuthResultsField> run();

private:
  AuthResParse m_mode;
  AuthResultsField m_field;

  // Ok in lenient mode; in strict mode the error `violation`.
  Result<void> tolerate(const std::string& violation) const;
  // A method, result, ptype or property: a Keyword, in lenient mode also a
  // quoted-string or one with "_". Empty when neither is there.
  Result<std::string> keyword_or_quoted(const char* what);
  Result<bool> parse_authserv_id();
  Result<void> parse_header();
  Result<void> parse_payload();
  Result<bool> parse_none();
  Result<bool> parse_method(AuthResult& result);
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

// The authserv-id (a token or quoted-string); false when the producer
// omitted it and the payload starts right away (lenient), the position then
// unchanged.
Result<bool>
Parser::parse_authserv_id()
{
  if (peek() == '"') {
    m_field.authserv_id = TRY(quoted_string());
    return true;
  }
  const std::size_t start = m_pos;
  const std::string_view id = word();
  if (id.empty()) {
    return error("missing authserv-id");
  }
  TRY(skip_cfws());
  if (peek() == '=' || peek() == '/') {
    TRY(tolerate("authserv-id missing: payload starts with a result '" + std::string(id) + "='"));
    m_pos = start;
    return false;
  }
  if (!is_token(id)) {
    TRY(tolerate("authserv-id '" + std::string(id) + "' is not a token"));
  }
  m_field.authserv_id = std::string(id);
  return true;
}

// authserv-id [CFWS authres-version] ";" (RFC 8601 §2.2), or nothing when the
// producer omitted it (lenient).
Result<void>
Parser::parse_header()
{
  if (!TRY(parse_authserv_id())) {
    return {};
  }
  TRY(skip_cfws());
  if (is_digit(peek())) {
    const std::size_t version_start = m_pos;
    const std::string_view version = word();
    if (is_digits(version)) {
      m_field.version = std::string(version);
      TRY(skip_cfws());
    } else {
      m_pos = version_start;
    }
  }
  if (!at_end() && peek() != ';') {
    TRY(tolerate("text between authserv-id and first \";\""));
    TRY(skip_to_semicolon());
  }
  if (at_end()) {
    return error("expected \";\" after authserv-id");
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

// method [CFWS "/" CFWS method-version] CFWS "=" (RFC 8601 §2.2); false when
// the word was a stray token between two ";" (lenient).
Result<bool>
Parser::parse_method(AuthResult& result)
{
  std::string method = peek() == '"' ? TRY(keyword_or_quoted("method")) : std::string(word());
  TRY(skip_cfws());
  if (at_end() || peek() == ';') {
    TRY(tolerate("stray token '" + method + "' between \";\" separators ignored"));
    return false;
  }
  // The version is read with the method ("dkim/1") or after CFWS ("dkim / 1").
  const std::size_t slash = method.find('/');
  const bool versioned = slash != std::string::npos || peek() == '/';
  if (slash != std::string::npos) {
    result.method_version = method.substr(slash + 1);
    method.resize(slash);
  } else if (peek() == '/') {
    ++m_pos;
    TRY(skip_cfws());
    result.method_version = std::string(keyword());
    TRY(skip_cfws());
  }
  if (versioned && !is_digits(result.method_version)) {
    return error("bad method version after '" + method + "'");
  }
  if (peek() != '=') {
    return error("expected \"=\" after method '" + method + "'");
  }
  if (method.empty() || !std::all_of(method.begin(), method.end(), is_keyword_char)) {
    return error("method '" + method + "' is not a keyword");
  }
  if (method.find('_') != std::string::npos) {
    TRY(tolerate("method '" + method + "' contains \"_\" (not allowed in RFC 5321 Keyword)"));
  }
  result.method = text::to_lower(method);
  ++m_pos;
  return true;
}

// resinfo = method [ "/" version ] "=" result [reasonspec] *propspec
Result<void>
Parser::parse_resinfo()
{
  AuthResult result;
  if (!TRY(parse_method(result))) {
    return {};
  }
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
    TRY(tolerate("property '" + ptype + "' has no ptype (\"ptype.property=value\" required)"));
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

} // namespace

Result<AuthResultsField>
parse_auth_results(std::string_view field_body, AuthResParse mode)
{
  if (field_body.size() > k_max_auth_results_bytes) {
    return fail("auth_results.too_long",
                "field body of " + std::to_string(field_body.size()) + " bytes exceeds the limit");
  }
  const std::string unfolded = unfold(field_body);
  return Parser(unfolded, mode).run();
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
