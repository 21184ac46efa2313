// MIME walk for the reference line: multipart bodies are split on their
// boundary lines (RFC 2046 §5.1.1) and reassembled byte for byte around the
// parts that change; a leaf text part is decoded, given the line, and encoded
// again in its own Content-Transfer-Encoding.
#include "eml_body.hpp"

#include "eml_inject.hpp"
#include "mime_parts.hpp"
#include "quoted_printable.hpp"

#include <core/base64.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

namespace inboxprobe {

namespace {

constexpr int k_max_depth = 16; // deeper nesting is left alone (hostile input)

std::string
lowercase(std::string_view text)
{
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  });
  return out;
}

std::string_view
trim(std::string_view text)
{
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string
first_value(const std::vector<HeaderField>& fields, std::string_view name)
{
  const std::vector<std::string> values = header_values(fields, name);
  return values.empty() ? std::string() : values.front();
}

// The value of parameter `name` in a "type; a=b; c="d"" field value.
std::string
parameter(std::string_view value, std::string_view name)
{
  std::size_t at = value.find(';');
  while (at != std::string_view::npos) {
    std::string_view rest = trim(value.substr(at + 1));
    const std::size_t eq = rest.find('=');
    if (eq == std::string_view::npos) {
      return {};
    }
    const bool wanted = lowercase(trim(rest.substr(0, eq))) == name;
    rest = trim(rest.substr(eq + 1));
    std::string parsed;
    std::size_t end = 0;
    if (!rest.empty() && rest.front() == '"') {
      for (end = 1; end < rest.size() && rest[end] != '"'; ++end) {
        if (rest[end] == '\\' && end + 1 < rest.size()) {
          ++end;
        }
        parsed.push_back(rest[end]);
      }
    } else {
      end = std::min(rest.find(';'), rest.size());
      parsed = std::string(trim(rest.substr(0, end)));
    }
    if (wanted) {
      return parsed;
    }
    const std::size_t next = rest.find(';', end);
    at = next == std::string_view::npos ? next : value.size() - rest.size() + next;
  }
  return {};
}

// Line breaks in decoded text: CRLF when the text has any, else LF.
std::string
with_line_breaks_of(const std::string& original, std::string modified)
{
  return original.find("\r\n") != std::string::npos ? normalize_crlf(modified) : modified;
}

bool
is_ascii_compatible(const std::string& charset)
{
  const std::string c = lowercase(charset);
  return c.rfind("utf-16", 0) != 0 && c.rfind("utf-32", 0) != 0 && c.rfind("ucs", 0) != 0
         && c.rfind("utf-7", 0) != 0;
}

// The reference line added to decoded text of `subtype` ("plain" or "html").
std::string
add_reference(const std::string& decoded, const std::string& subtype, const std::string& token)
{
  std::string out =
    subtype == "html" ? html_with_reference(decoded, token) : text_with_reference(decoded, token);
  return with_line_breaks_of(decoded, std::move(out));
}

// A leaf text part's new body, or nullopt when it is left alone.
std::optional<std::string>
inject_leaf(const std::vector<HeaderField>& fields,
            const ContentType& type,
            std::string_view body,
            const std::string& token)
{
  const std::string disposition = lowercase(trim(first_value(fields, "Content-Disposition")));
  if (type.type != "text" || (type.subtype != "plain" && type.subtype != "html")
      || disposition.rfind("attachment", 0) == 0 || !is_ascii_compatible(type.charset)) {
    return std::nullopt;
  }
  const std::string encoding = lowercase(trim(first_value(fields, "Content-Transfer-Encoding")));
  if (encoding.empty() || encoding == "7bit" || encoding == "8bit" || encoding == "binary") {
    return normalize_crlf(add_reference(std::string(body), type.subtype, token));
  }
  if (encoding == "quoted-printable") {
    return encode_quoted_printable(
      add_reference(decode_quoted_printable(body), type.subtype, token));
  }
  if (encoding == "base64") {
    return encode_base64_body(add_reference(decode_base64_lenient(body), type.subtype, token));
  }
  return std::nullopt;
}

std::string inject_entity(const std::vector<HeaderField>& fields,
                          std::string_view body,
                          const std::string& token,
                          int depth,
                          bool& injected);

// One body part between two delimiter lines: its header kept byte for byte,
// its body walked.
std::string
inject_part(std::string_view part, const std::string& token, int depth, bool& injected)
{
  std::size_t body_start = 2; // a part may have no header fields: all defaults (RFC 2046 §5.1.1)
  if (part.substr(0, 2) != "\r\n") {
    const std::size_t header_end = part.find("\r\n\r\n");
    if (header_end == std::string_view::npos) {
      return std::string(part); // header fields and no body: nothing to add to
    }
    body_start = header_end + 4;
  }
  const std::string_view header = part.substr(0, body_start);
  const std::vector<HeaderField> fields = parse_header_fields(header);
  return std::string(header)
         + inject_entity(fields, part.substr(body_start), token, depth + 1, injected);
}

// A multipart body: preamble, parts and epilogue, each part walked.
std::string
inject_multipart(const ContentType& type,
                 std::string_view body,
                 const std::string& token,
                 int depth,
                 bool& injected)
{
  const std::string delimiter = "--" + type.boundary;
  std::string out;
  std::size_t pos = 0;
  std::optional<std::size_t> part_start;
  while (pos <= body.size()) {
    std::size_t eol = body.find("\r\n", pos);
    const std::size_t line_end = eol == std::string_view::npos ? body.size() : eol;
    const std::string_view line = body.substr(pos, line_end - pos);
    const bool is_delimiter =
      line.rfind(delimiter, 0) == 0
      && trim(line.substr(delimiter.size())).find_first_not_of('-') == std::string_view::npos;
    if (is_delimiter) {
      // The CRLF before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
      const std::size_t content_end = pos >= 2 && part_start ? pos - 2 : pos;
      if (part_start) {
        out +=
          inject_part(body.substr(*part_start, content_end - *part_start), token, depth, injected);
        out += "\r\n";
      } else {
        out.append(body.substr(0, pos));
      }
      out.append(line).append(eol == std::string_view::npos ? "" : "\r\n");
      const bool closing = trim(line.substr(delimiter.size())) == "--";
      if (closing) {
        return out.append(body.substr(std::min(line_end + 2, body.size())));
      }
      part_start = std::min(line_end + 2, body.size());
    }
    if (eol == std::string_view::npos) {
      break;
    }
    pos = eol + 2;
  }
  // No closing delimiter: malformed; leave the body as it was.
  return std::string(body);
}

std::string
inject_entity(const std::vector<HeaderField>& fields,
              std::string_view body,
              const std::string& token,
              int depth,
              bool& injected)
{
  const ContentType type = content_type_of(fields);
  if (depth > k_max_depth) {
    return std::string(body);
  }
  if (type.type == "multipart") {
    // RFC 1847: changing a signed part breaks the signature; an encrypted one
    // cannot be read.
    if (type.subtype == "signed" || type.subtype == "encrypted" || type.boundary.empty()) {
      return std::string(body);
    }
    return inject_multipart(type, body, token, depth, injected);
  }
  if (auto changed = inject_leaf(fields, type, body, token)) {
    injected = true;
    return std::move(*changed);
  }
  return std::string(body);
}

} // namespace

ContentType
content_type_of(const std::vector<HeaderField>& fields)
{
  ContentType type;
  const std::string value = first_value(fields, "Content-Type");
  const std::string media = lowercase(trim(std::string_view(value).substr(0, value.find(';'))));
  const std::size_t slash = media.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == media.size()) {
    return type; // absent or unparsable: the RFC 2045 §5.2 default
  }
  type.type = media.substr(0, slash);
  type.subtype = media.substr(slash + 1);
  type.boundary = parameter(value, "boundary");
  type.charset = parameter(value, "charset");
  return type;
}

std::string
inject_into_body(const std::vector<HeaderField>& fields,
                 std::string_view body,
                 const std::string& token,
                 bool& injected)
{
  return inject_entity(fields, body, token, 0, injected);
}

} // namespace inboxprobe
