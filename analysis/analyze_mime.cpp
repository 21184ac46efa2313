// The MIME structure pass: every entity of the message walked to a bounded
// depth (message_limits.hpp), leaf bodies checked against their transfer
// encoding: base64 (RFC 2045 §6.8) and quoted-printable (RFC 2045 §6.7).
// Findings mime.too_deep, mime.bad_base64, mime.bad_quoted_printable.
#include "analyze_passes.hpp"
#include "message_limits.hpp"
#include "mime_parts.hpp"

namespace inboxprobe::analyze_detail {

namespace {

bool
is_base64_char(char c)
{
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+'
         || c == '/';
}

bool
is_hex(char c)
{
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// RFC 2045 §6.8: alphabet characters in groups of four, "=" only as the
// padding of the last group; line breaks and white space are ignored.
bool
valid_base64(std::string_view body)
{
  std::size_t count = 0;
  std::size_t padding = 0;
  for (const char c : body) {
    if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
      continue;
    }
    if (c == '=') {
      ++padding;
    } else if (!is_base64_char(c) || padding > 0) {
      return false; // outside the alphabet, or data after the padding
    }
    ++count;
  }
  return count % 4 == 0 && padding <= 2;
}

// RFC 2045 §6.7 rules 1 and 5: "=" starts a hex pair or, with only white
// space after it, a soft line break.
bool
valid_quoted_printable(std::string_view body)
{
  for (std::size_t i = body.find('='); i != std::string_view::npos; i = body.find('=', i + 1)) {
    if (i + 2 < body.size() && is_hex(body[i + 1]) && is_hex(body[i + 2])) {
      continue;
    }
    std::size_t j = i + 1;
    while (j < body.size() && (body[j] == ' ' || body[j] == '\t')) {
      ++j;
    }
    if (j < body.size() && body[j] != '\r' && body[j] != '\n') {
      return false;
    }
  }
  return true;
}

struct Walk
{
  ProbeResult& result;
  std::size_t entities = 0;
  bool too_deep = false;
  bool bad_base64 = false;
  bool bad_qp = false;
};

void
check_leaf(std::string_view body, const std::vector<HeaderField>& fields, Walk& walk)
{
  const std::string encoding = mime::transfer_encoding_of(fields);
  if (encoding == "base64" && !walk.bad_base64 && !valid_base64(body)) {
    walk.bad_base64 = true;
    add_finding(walk.result,
                "mime.bad_base64",
                "a base64 body part is not valid base64: readers may show it cut or garbled",
                mime::content_type_of(fields).type);
  } else if (encoding == "quoted-printable" && !walk.bad_qp && !valid_quoted_printable(body)) {
    walk.bad_qp = true;
    add_finding(walk.result,
                "mime.bad_quoted_printable",
                "a quoted-printable body part has an \"=\" that starts no hex pair or soft break",
                mime::content_type_of(fields).type);
  }
}

void
walk_entity(std::string_view entity, int depth, Walk& walk)
{
  if (++walk.entities > k_max_mime_entities) {
    return;
  }
  const std::vector<HeaderField> fields = parse_header_fields(entity);
  const mime::ContentType type = mime::content_type_of(fields);
  const std::string_view body = message_body(entity);
  if (type.type.rfind("multipart/", 0) != 0 || type.boundary.empty()) {
    check_leaf(body, fields, walk);
    return;
  }
  if (depth >= k_max_mime_depth) {
    if (!walk.too_deep) {
      walk.too_deep = true;
      add_finding(walk.result,
                  "mime.too_deep",
                  "MIME entities are nested more than " + std::to_string(k_max_mime_depth)
                    + " deep: the deeper parts are not analysed",
                  type.type + "; boundary=\"" + type.boundary + "\"");
    }
    return;
  }
  for (const std::string_view part : mime::split_parts(body, type.boundary)) {
    walk_entity(part, depth + 1, walk);
  }
}

} // namespace

void
check_mime_structure(std::string_view message, ProbeResult& result)
{
  Walk walk{result};
  walk_entity(message, 0, walk);
}

} // namespace inboxprobe::analyze_detail
