// Printing Authentication-Results records back in RFC 8601 §2.2 syntax (see
// auth_results.hpp), for reports and the parser's round-trip tests.
#include "auth_results.hpp"
#include "auth_results_lexer.hpp"

#include <algorithm>

namespace inboxprobe {

namespace {

using auth_results_detail::is_keyword_char;
using auth_results_detail::is_plain_pvalue;

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

// Methods and results are read bare as RFC 5321 Keywords (letters, digits,
// "-"); anything else, a space, a control character or a non-ASCII byte,
// prints quoted so that it reads back.
std::string
keyword_or_quoted(const std::string& value)
{
  const bool keyword = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return is_keyword_char(c);
  });
  return keyword ? value : quote(value);
}

// "ptype.property" with each part a Keyword or quoted; the parser joins the
// parts with a "." again. A name without an inner "." is the lenient form
// without a ptype.
std::string
property_name(const std::string& name)
{
  const std::size_t dot = name.find('.', 1);
  if (dot == std::string::npos || dot + 1 == name.size()) {
    return keyword_or_quoted(name);
  }
  return keyword_or_quoted(name.substr(0, dot)) + "." + keyword_or_quoted(name.substr(dot + 1));
}

std::string
format_result(const AuthResult& result)
{
  std::string out = keyword_or_quoted(result.method);
  if (!result.method_version.empty()) {
    out += "/" + result.method_version;
  }
  out += "=" + keyword_or_quoted(result.result);
  if (!result.reason.empty()) {
    out += " reason=" + quote(result.reason);
  }
  for (const auto& [name, value] : result.props) {
    out += " " + property_name(name) + "=" + quote_if_needed(value);
  }
  return out;
}

} // namespace

std::string
format_auth_results(const AuthResultsField& field)
{
  std::string out;
  // An empty id is the lenient form without one, except for "none": that
  // reads as a result without an id, so it prints as "" with nothing after
  // the ";", which reads back as none.
  if (!field.authserv_id.empty() || field.none) {
    out = quote_if_needed(field.authserv_id);
    if (!field.version.empty()) {
      out += " " + field.version;
    }
    out += ";";
  }
  if (field.none) {
    return field.authserv_id.empty() ? out : out + " none";
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

} // namespace inboxprobe
