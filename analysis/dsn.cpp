// RFC 3464 delivery-status parsing, with just enough MIME (RFC 2046 §5.1
// multipart boundaries, RFC 2045 §5.1 Content-Type parameters) to find the
// report inside the bounce.
#include "dsn.hpp"

#include "text.hpp"

#include <core/message_headers.hpp>

namespace inboxprobe {

namespace {

constexpr int k_max_depth = 8;

struct ContentType
{
  std::string type; // lowercase "type/subtype"
  std::string boundary;
};

// RFC 2045 §5.1: type "/" subtype *(";" parameter); only the boundary
// parameter matters here. Quoted values may hold ";".
ContentType
parse_content_type(std::string_view value)
{
  ContentType out;
  const std::size_t semi = value.find(';');
  out.type = text::to_lower(text::trim(value.substr(0, semi)));
  std::size_t pos = semi;
  while (pos != std::string_view::npos && pos < value.size()) {
    const std::size_t eq = value.find('=', pos + 1);
    if (eq == std::string_view::npos) {
      break;
    }
    const std::string name = text::to_lower(text::trim(value.substr(pos + 1, eq - pos - 1)));
    std::size_t i = eq + 1;
    while (i < value.size() && text::is_wsp(value[i])) {
      ++i;
    }
    std::string param;
    if (i < value.size() && value[i] == '"') {
      for (++i; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
          ++i;
        }
        param.push_back(value[i]);
      }
      pos = value.find(';', i);
    } else {
      pos = value.find(';', i);
      param =
        std::string(text::trim(value.substr(i, pos == std::string_view::npos ? pos : pos - i)));
    }
    if (name == "boundary") {
      out.boundary = param;
    }
  }
  return out;
}

ContentType
content_type_of(const std::vector<HeaderField>& fields)
{
  const std::vector<std::string> values = header_values(fields, "Content-Type");
  // RFC 2045 §5.2: no Content-Type means text/plain.
  return values.empty() ? ContentType{"text/plain", {}} : parse_content_type(values.front());
}

// The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
std::string_view
without_final_line_break(std::string_view part)
{
  if (!part.empty() && part.back() == '\n') {
    part.remove_suffix(1);
  }
  if (!part.empty() && part.back() == '\r') {
    part.remove_suffix(1);
  }
  return part;
}

// The body parts of a multipart body (RFC 2046 §5.1.1): the text between
// delimiter lines "--boundary", up to the close delimiter "--boundary--".
std::vector<std::string_view>
split_parts(std::string_view body, const std::string& boundary)
{
  std::vector<std::string_view> parts;
  const std::string delimiter = "--" + boundary;
  std::size_t part_start = std::string_view::npos;
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t eol = body.find('\n', pos);
    const std::size_t next = eol == std::string_view::npos ? body.size() : eol + 1;
    std::string_view line =
      body.substr(pos, (eol == std::string_view::npos ? body.size() : eol) - pos);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.substr(0, delimiter.size()) == delimiter) {
      const std::string_view rest = text::trim(line.substr(delimiter.size()));
      if (rest.empty() || rest == "--") {
        if (part_start != std::string_view::npos) {
          parts.push_back(without_final_line_break(body.substr(part_start, pos - part_start)));
        }
        if (rest == "--") {
          return parts;
        }
        part_start = next;
      }
    }
    pos = next;
  }
  if (part_start != std::string_view::npos && part_start < body.size()) {
    parts.push_back(body.substr(part_start)); // no close delimiter: keep what is there
  }
  return parts;
}

// "rfc822; user@example.com" -> "user@example.com" (RFC 3464 §2.1.2: a type,
// a semicolon, then the value), angle brackets dropped.
std::string
typed_value(std::string_view value, std::string* type = nullptr)
{
  const std::string unfolded = unfold(value);
  const std::size_t semi = unfolded.find(';');
  if (type) {
    *type = semi == std::string::npos
              ? ""
              : text::to_lower(text::trim(std::string_view(unfolded).substr(0, semi)));
  }
  std::string_view rest = semi == std::string::npos ? std::string_view(unfolded)
                                                    : std::string_view(unfolded).substr(semi + 1);
  rest = text::trim(rest);
  if (rest.size() >= 2 && rest.front() == '<' && rest.back() == '>') {
    rest = rest.substr(1, rest.size() - 2);
  }
  return std::string(rest);
}

// Folded text with every run of whitespace collapsed to one space.
std::string
collapse_spaces(std::string_view value)
{
  std::string out;
  for (char c : value) {
    if (text::is_wsp(c)) {
      if (!out.empty() && out.back() != ' ') {
        out.push_back(' ');
      }
    } else {
      out.push_back(c);
    }
  }
  while (!out.empty() && out.back() == ' ') {
    out.pop_back();
  }
  return out;
}

std::string
first_value(const std::vector<HeaderField>& fields, std::string_view name)
{
  for (const HeaderField& f : fields) {
    if (header_name_equals(f.name, name)) {
      return f.value;
    }
  }
  return {};
}

DsnRecipient
read_recipient(const std::vector<HeaderField>& group)
{
  DsnRecipient r;
  r.final_recipient = typed_value(first_value(group, "Final-Recipient"));
  r.original_recipient = typed_value(first_value(group, "Original-Recipient"));
  r.action = text::to_lower(text::trim(unfold(first_value(group, "Action"))));
  // "Status: 5.7.1 (comment)": the code is the first word.
  const std::string status = unfold(first_value(group, "Status"));
  r.status = status.substr(0, status.find_first_of(" \t("));
  r.remote_mta = typed_value(first_value(group, "Remote-MTA"));
  r.diagnostic =
    collapse_spaces(typed_value(first_value(group, "Diagnostic-Code"), &r.diagnostic_type));
  return r;
}

// RFC 3464 §2.1: groups of fields separated by blank lines; the first is
// per-message, the others per-recipient.
DeliveryStatus
read_report(std::string_view body)
{
  DeliveryStatus status;
  bool first = true;
  std::string_view rest = body;
  while (!text::trim(rest).empty()) {
    const std::vector<HeaderField> group = parse_header_fields(rest);
    const std::string_view after = message_body(rest);
    if (!group.empty()) {
      if (first) {
        status.reporting_mta = typed_value(first_value(group, "Reporting-MTA"));
        status.arrival_date = unfold(first_value(group, "Arrival-Date"));
        first = false;
      } else {
        status.recipients.push_back(read_recipient(group));
      }
    }
    if (after.size() >= rest.size() || (group.empty() && after.empty())) {
      break; // no progress: the rest is not field syntax
    }
    rest = after;
  }
  return status;
}

std::optional<DeliveryStatus>
find_report(std::string_view entity, int depth)
{
  const std::vector<HeaderField> fields = parse_header_fields(entity);
  const ContentType type = content_type_of(fields);
  if (type.type == "message/delivery-status" || type.type == "message/global-delivery-status") {
    return read_report(message_body(entity));
  }
  if (type.type.rfind("multipart/", 0) != 0 || type.boundary.empty() || depth >= k_max_depth) {
    return std::nullopt;
  }
  for (const std::string_view part : split_parts(message_body(entity), type.boundary)) {
    if (auto found = find_report(part, depth + 1)) {
      return found;
    }
  }
  return std::nullopt;
}

} // namespace

std::optional<DeliveryStatus>
parse_dsn(std::string_view message)
{
  return find_report(message, 0);
}

const DsnRecipient*
find_dsn_recipient(const DeliveryStatus& status, std::string_view address)
{
  for (const DsnRecipient& r : status.recipients) {
    if (text::iequals(r.final_recipient, address)) {
      return &r;
    }
  }
  for (const DsnRecipient& r : status.recipients) {
    if (text::iequals(r.original_recipient, address)) {
      return &r;
    }
  }
  return status.recipients.size() == 1 ? &status.recipients.front() : nullptr;
}

} // namespace inboxprobe
