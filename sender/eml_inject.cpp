// Injecting a probe's token into a user's message: the header section is
// rebuilt field by field (values kept as written, folding included), the body
// is walked by eml_body.
#include "eml_inject.hpp"

#include "eml_body.hpp"
#include "rfc2047.hpp"

#include <core/message_headers.hpp>
#include <core/probe_token.hpp>

#include <algorithm>
#include <array>

namespace inboxprobe {

namespace {

// Fields of an earlier transport or identity that would be false or leak now
// (eml_inject.hpp explains each group).
constexpr auto k_removed_fields = std::to_array<std::string_view>({"Received",
                                                                   "Return-Path",
                                                                   "Delivered-To",
                                                                   "X-Original-To",
                                                                   "DKIM-Signature",
                                                                   "Authentication-Results",
                                                                   "Received-SPF",
                                                                   "Cc",
                                                                   "Bcc",
                                                                   "X-Inboxprobe-Probe"});

bool
is_removed(std::string_view name)
{
  if (name.size() > 4 && header_name_equals(name.substr(0, 4), "ARC-")) {
    return true; // RFC 8617: the ARC set of an earlier hop
  }
  for (std::string_view removed : k_removed_fields) {
    if (header_name_equals(name, removed)) {
      return true;
    }
  }
  return false;
}

struct Replacement
{
  std::string_view name;
  std::string value;
  bool written = false;
};

// The rebuilt header section, without the blank line that ends it.
std::string
rewrite_header(const std::vector<HeaderField>& fields, std::vector<Replacement>& replacements)
{
  std::string out;
  for (const HeaderField& field : fields) {
    if (is_removed(field.name)) {
      continue;
    }
    bool replaced = false;
    for (Replacement& r : replacements) {
      if (header_name_equals(field.name, r.name)) {
        // The first one takes the new value in place; any repeat goes.
        if (!r.written) {
          out.append(r.name).append(": ").append(r.value).append("\r\n");
          r.written = true;
        }
        replaced = true;
      }
    }
    if (!replaced) {
      out.append(field.name).append(":").append(field.value).append("\r\n");
    }
  }
  for (const Replacement& r : replacements) {
    if (!r.written) {
      out.append(r.name).append(": ").append(r.value).append("\r\n");
    }
  }
  return out;
}

// True when every line of `header` is a field or a continuation line; an mbox
// "From " separator first is allowed (and dropped: it is not a field).
bool
all_lines_are_fields(std::string_view header)
{
  std::size_t pos = header.substr(0, 5) == "From " ? header.find("\r\n") : 0;
  pos = pos == std::string_view::npos ? header.size() : pos + (pos > 0 ? 2 : 0);
  while (pos < header.size()) {
    const std::size_t end = std::min(header.find("\r\n", pos), header.size());
    const std::string_view line = header.substr(pos, end - pos);
    const bool continuation = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    const std::size_t colon = line.find(':');
    if (!continuation && (colon == std::string_view::npos || colon == 0)) {
      return false;
    }
    pos = end + 2;
  }
  return true;
}

std::string
extra_fields(const Probe& probe, const Route& route, const Content& content)
{
  std::string out = std::string(k_probe_header) + ": " + probe.token + "\r\n";
  for (const auto& [name, value] : route.headers) {
    out += name + ": " + encode_header_text(value) + "\r\n";
  }
  for (const auto& [name, value] : content.headers) {
    out += name + ": " + encode_header_text(value) + "\r\n";
  }
  return out;
}

} // namespace

std::string
normalize_crlf(std::string_view text)
{
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out.append("\r\n");
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
    } else if (text[i] == '\n') {
      out.append("\r\n");
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

Result<ComposedMessage>
inject_probe_token(std::string_view eml,
                   const Probe& probe,
                   const Route& route,
                   const Content& content,
                   std::int64_t date_at_ms)
{
  const std::string message = normalize_crlf(eml);
  if (!lines_within_limit(message)) {
    return fail("eml.line_too_long", "the message has a line over 998 octets (RFC 5322 §2.1.1)");
  }
  const std::size_t header_end = message.find("\r\n\r\n");
  const std::string_view header = std::string_view(message).substr(
    0, header_end == std::string::npos ? message.size() : header_end + 2);
  const std::string_view body = header_end == std::string::npos
                                  ? std::string_view()
                                  : std::string_view(message).substr(header_end + 4);
  const std::vector<HeaderField> fields = parse_header_fields(header);
  if (fields.empty() || !all_lines_are_fields(header)) {
    return fail("eml.not_a_message",
                "the file does not start with a header section of \"Name: value\" lines "
                "ended by an empty line");
  }
  ComposedMessage composed;
  composed.message_id = probe_message_id(probe, route.mail_from);
  std::vector<Replacement> replacements = {{"Date", format_rfc5322_date(date_at_ms / 1000)},
                                           {"To", "<" + probe.seed + ">"},
                                           {"Message-ID", "<" + composed.message_id + ">"}};
  bool injected = false;
  composed.bytes = rewrite_header(fields, replacements) + extra_fields(probe, route, content)
                   + "\r\n" + inject_into_body(fields, body, probe.token, injected);
  if (!lines_within_limit(composed.bytes)) {
    return fail("eml.line_too_long", "the message would have a line over 998 octets");
  }
  return composed;
}

} // namespace inboxprobe
